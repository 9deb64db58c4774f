package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/metrics/metricstest"
	"github.com/setsafe/setsafe/storagetest"
)

// TestServeMetricsAndReadiness starts setsafe serve on each database, as
// an operator would, and checks that it is live and ready, that it
// verifies its ledgers in the background, and that its /metrics serves
// every metric listed in metrics/metricstest/names.txt and no setsafe_ metric
// that is not.
func TestServeMetricsAndReadiness(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			loc := b.New(t)
			key := filepath.Join(t.TempDir(), "signing.key")
			url := start(t, nil, "serve", "--db", loc, "--key", key, "--addr", "127.0.0.1:0", "--log-level", "warn", "--verify-every", "200ms").URL
			get := func(path string) (int, string) {
				t.Helper()
				resp, err := http.Get(url + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(body)
			}
			for _, path := range []string{"/healthz", "/readyz"} {
				status, body := get(path)
				var v sshttp.HealthView
				if err := json.Unmarshal([]byte(body), &v); status != http.StatusOK || err != nil || v.Status != "ok" || v.Version != version() {
					t.Errorf("%s: %d %s", path, status, body)
				}
			}

			// The background verification runs, and its success is
			// served; then every name listed is served.
			families := map[string]bool{}
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				status, body := get("/metrics")
				if status != http.StatusOK {
					t.Fatalf("/metrics: %d %s", status, body)
				}
				families = map[string]bool{}
				for line := range strings.Lines(body) {
					if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
						families[strings.Fields(rest)[0]] = true
					}
				}
				if families["setsafe_verify_last_success_timestamp_seconds"] && families["setsafe_http_request_duration_seconds"] {
					break
				}
			}
			metricstest.CheckServed(t, families)
			if _, body := get("/metrics"); !strings.Contains(body, `setsafe_build_info{goversion="go`) || !strings.Contains(body, `version="`+version()+`"`) {
				t.Errorf("the build is not served as it is: %s", body)
			}
			if sqlitePath(loc) != "" && !families["setsafe_data_free_bytes"] && (runtime.GOOS == "linux" || runtime.GOOS == "darwin" || runtime.GOOS == "freebsd") {
				t.Error("the SQLite database's disk is not measured")
			}
		})
	}
}
