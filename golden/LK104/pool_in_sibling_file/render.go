package pool_in_sibling_file

import (
	"bytes"
	"io"
)

func Render(w io.Writer, title string) error {
	buf := bufPool.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	buf.WriteString("<h1>")
	buf.WriteString(title)
	buf.WriteString("</h1>")
	_, err := w.Write(buf.Bytes())
	return err
}
