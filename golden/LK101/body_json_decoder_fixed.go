// Case: the body is decoded with json.NewDecoder(resp.Body). Known reader,
// not an escape: reported and fixed.
package body_json_decoder_fixed

import (
	"encoding/json"
	"net/http"
)

type Item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

func Load(url string) (Item, error) {
	var it Item
	resp, err := http.Get(url) // want LK101
	if err != nil {
		return it, err
	}
	err = json.NewDecoder(resp.Body).Decode(&it)
	return it, err
}
