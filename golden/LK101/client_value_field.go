// Case: struct field declared with the value type http.Client (not a
// pointer). `s.client.Get(url)` is still a recognised client call.
package client_value_field

import "net/http"

type Service struct {
	client http.Client
}

func (s *Service) Ping(url string) (bool, error) {
	resp, err := s.client.Get(url) // want LK101
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}
