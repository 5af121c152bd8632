package test_discarded_preview

import "net/http"

// NewClient returns the client the package uses.
func NewClient() *http.Client { return &http.Client{} }
