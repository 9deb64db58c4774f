package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestLimitsBehindAProxyThatSendsXRealIP counts the anonymous reports of
// clients behind a trusted proxy that names each in X-Real-IP only: one
// client beyond its limit leaves another free.
func TestLimitsBehindAProxyThatSendsXRealIP(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", io.Discard)
	ts.seed(t)
	report := func(client string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/report/red-mesa/concerns",
			strings.NewReader(`{"category":"other","severity":"normal","description":"A loose cable"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Real-IP", client)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 10 {
		if status := report("203.0.113.41"); status != http.StatusCreated {
			t.Fatalf("report %d: %d", i, status)
		}
	}
	if status := report("203.0.113.41"); status != http.StatusTooManyRequests {
		t.Fatalf("the eleventh report of one client: %d", status)
	}
	if status := report("198.51.100.41"); status != http.StatusCreated {
		t.Fatalf("another client's first report: %d, want it counted apart from the first client's", status)
	}
}
