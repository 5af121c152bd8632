package test_discarded_quiet

import "net/http"

// NewClient returns the client the package uses.
func NewClient() *http.Client { return &http.Client{} }
