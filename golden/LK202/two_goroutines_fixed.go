// Two goroutines send one error each; the caller returns at the first error,
// so the second sender is abandoned. The buffer holds both values.
package two_goroutines_fixed

import "io"

func Pipe(a, b io.ReadWriter) error {
	errc := make(chan error) // want LK202
	go func() {
		_, err := io.Copy(a, b)
		errc <- err
	}()
	go func() {
		_, err := io.Copy(b, a)
		errc <- err
	}()
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}
