// File-handling leaks for gofixleaks to find (rules LK106 and LK107).
//
//   - ReadManifest (LK106, fixable): a file from os.Open is never closed;
//     gofixleaks inserts `defer f.Close()` after the error check.
//   - WriteReport (LK106, unsafe fix): a file from os.Create is never
//     closed; with --unsafe-fixes gofixleaks adds a deferred closure that
//     keeps the Close error in the named result err.
//   - AppendAudit (LK106, report-only): a file opened for appending in a
//     function without a named error result.
//   - Checksums (LK107, fixable): `defer f.Close()` inside a range loop
//     holds every file until the function returns; gofixleaks moves the
//     loop body into a function literal called once per iteration.
//   - FirstMatch (LK107, report-only): the body breaks out of the loop.

package leaky

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Manifest lists the files of a release.
type Manifest struct {
	Files []string `json:"files"`
}

// ReadManifest decodes the manifest at path.
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	f, err := os.Open(path)
	if err != nil {
		return m, fmt.Errorf("manifest: %w", err)
	}
	err = json.NewDecoder(f).Decode(&m)
	return m, err
}

// WriteReport writes one line per entry.
func WriteReport(path string, entries map[string]string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for name, sum := range entries {
		if _, err := fmt.Fprintf(w, "%s  %s\n", sum, name); err != nil {
			return err
		}
	}
	return w.Flush()
}

// AppendAudit appends one line to the audit log.
func AppendAudit(path, line string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, line+"\n")
	return err
}

// Checksums returns the SHA-256 of every file of the manifest.
func Checksums(m Manifest) (map[string]string, error) {
	sums := make(map[string]string, len(m.Files))
	for _, name := range m.Files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sums[name] = hex.EncodeToString(h.Sum(nil))
	}
	return sums, nil
}

// FirstMatch returns the first file of the manifest that contains needle.
func FirstMatch(m Manifest, needle string) string {
	found := ""
	for _, name := range m.Files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err == nil && strings.Contains(string(b), needle) {
			found = name
			break
		}
	}
	return found
}
