// Negative: the response is sent on a channel; the receiver owns it. No
// finding.
package sent_on_channel

import "net/http"

func Produce(url string, out chan<- *http.Response) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	out <- resp
	return nil
}
