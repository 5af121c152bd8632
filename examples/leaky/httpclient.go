// Package leaky is a small, realistic HTTP client with response-body leaks
// for gofixleaks to find (rule LK101). Three of them are fixable: after the
// error check, gofixleaks inserts `defer resp.Body.Close()`. The last one
// discards the error, so it is reported without a fix.
package leaky

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Release describes one published version.
type Release struct {
	Version string    `json:"version"`
	Date    time.Time `json:"date"`
}

// Healthy reports whether the service answers its health endpoint.
// Leak 1 (fixable): package function http.Get, body never closed.
func Healthy(baseURL string) (bool, error) {
	resp, err := http.Get(baseURL + "/healthz")
	if err != nil {
		return false, fmt.Errorf("health check: %w", err)
	}
	return resp.StatusCode == http.StatusOK, nil
}

// Client talks to the release API.
type Client struct {
	BaseURL    string
	Token      string
	httpClient *http.Client
}

// NewClient returns a Client with a sane timeout.
func NewClient(baseURL, token string) *Client {
	return &Client{
		BaseURL:    baseURL,
		Token:      token,
		httpClient: &http.Client{Timeout: 10 * time.Second},
	}
}

// Latest fetches the latest release.
// Leak 2 (fixable): Do on the *http.Client struct field; the body is
// decoded but never closed.
func (c *Client) Latest(ctx context.Context) (Release, error) {
	var rel Release
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/releases/latest", nil)
	if err != nil {
		return rel, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return rel, fmt.Errorf("latest release: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return rel, fmt.Errorf("latest release: unexpected status %s", resp.Status)
	}
	err = json.NewDecoder(resp.Body).Decode(&rel)
	return rel, err
}

// Ping sends a HEAD request through the default client.
// Leak 3 (fixable): http.DefaultClient.Do, body never closed.
func Ping(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// QuickStatus returns the status code of url, or 0 if the request failed.
// Leak 4 (report-only): the error is discarded, so there is no error check
// to place the defer after.
func QuickStatus(url string) int {
	resp, _ := http.Get(url)
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}
