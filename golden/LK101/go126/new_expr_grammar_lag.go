// Grammar lag: tree-sitter-go 0.25 does not parse Go 1.26's new(expr), so
// Retries is not understood.  Its leak is left alone (not reported, not
// edited); the leak in Status, elsewhere in the same file, is found and fixed.
package new_expr_grammar_lag

import "net/http"

type Options struct {
	Retries *int
}

func Retries(url string, n int) (*Options, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	_ = resp.StatusCode
	return &Options{Retries: new(n + 1)}, nil
}

func Status(url string) (int, error) {
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
