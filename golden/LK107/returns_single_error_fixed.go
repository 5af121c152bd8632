// Case: a three-clause loop in a function returning only error; the body
// ends with a plain statement, so `return nil` is added at its end. A
// break inside a switch aims at the switch, not the loop, and stays.
package returns_single_error_fixed

import (
	"errors"
	"fmt"
	"os"
)

func Check(dir string, n int) error {
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("%s/part%d", dir, i)
		f, err := os.Open(name)
		if err != nil {
			log(err)
			return err
		}
		defer f.Close() // want LK107
		st, err := f.Stat()
		if err != nil {
			return err
		}
		switch {
		case st.Size() == 0:
			return errors.New("empty part " + name)
		case st.Size() > 1<<20:
			break
		}
		fmt.Println(name, st.Size())
	}
	return nil
}

func log(err error) { fmt.Println(err) }
