package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/storagetest"
)

// TestSignInFormsAreReadAsEveryForm sends the sign-in and set-up forms a
// body larger than any form, and text that is not UTF-8: each is refused
// as every other form is, saying to reload the page, or naming the field.
func TestSignInFormsAreReadAsEveryForm(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "setup-token-for-the-bounds-test")
	for _, path := range []string{"/login", "/setup"} {
		large := "email=a%40b.c&password=" + strings.Repeat("x", 100<<10)
		if status, _, body := postBody(t, ts, "", path, "application/x-www-form-urlencoded", large); status != http.StatusBadRequest ||
			!strings.Contains(body, "reload the page") {
			t.Errorf("%s with a body of 100 KiB: %d %.300s", path, status, body)
		}
		if status, _, body := postBody(t, ts, "", path, "application/x-www-form-urlencoded", "email=%FF&password=x"); status != http.StatusBadRequest ||
			!strings.Contains(body, "not UTF-8") {
			t.Errorf("%s with text that is not UTF-8: %d %.300s", path, status, body)
		}
	}
}
