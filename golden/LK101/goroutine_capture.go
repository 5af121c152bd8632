// Negative: the response is captured by a goroutine's closure. Its lifetime
// is not local any more. No finding.
package goroutine_capture

import (
	"fmt"
	"net/http"
)

func Report(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fmt.Println("status:", resp.StatusCode)
	}()
	<-done
	return nil
}
