// Negative: the response is stored in a struct field; its lifetime is no
// longer local. No finding.
package stored_in_struct_field

import "net/http"

type Fetcher struct {
	last *http.Response
}

func (f *Fetcher) Fetch(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	f.last = resp
	return nil
}
