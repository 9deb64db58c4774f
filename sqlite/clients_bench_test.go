package sqlite_test

import (
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/http/pages"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// benchServer serves the API over db to a load of clients, each keeping
// its own connection. It trusts X-Forwarded-For from this machine, so that
// a load generator can speak for many clients.
func benchServer(b *testing.B, db *sqldb.DB, clients int, pinRemembered time.Duration) *httptest.Server {
	srv, err := sshttp.New(sshttp.Config{Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(),
		PINRemembered: pinRemembered, Logger: slog.New(slog.DiscardHandler), TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}, api.Mount, pages.Mount)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	ts.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = clients * 2
	return ts
}

// timedPost posts a JSON body with an API token, fails the benchmark
// unless the answer has the status wanted, and returns how long it took.
func timedPost(b *testing.B, ts *httptest.Server, path, token, body string, want int) time.Duration {
	return timedCall(b, ts, "POST", path, token, body, want)
}

// timedCall makes a request with an API token (and a JSON body unless
// empty), fails the benchmark unless the answer has the status wanted,
// and returns how long it took.
func timedCall(b *testing.B, ts *httptest.Server, method, path, token, body string, want int) time.Duration {
	start := time.Now()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		b.Error(err)
		return 0
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Errorf("%s %s: %d %s", method, path, resp.StatusCode, answer)
	}
	return time.Since(start)
}

// runClients has clients goroutines make b.N calls in all, call(i, n)
// being client i's n-th; each pauses for a random time around think before
// every call (none when think is 0). It reports the median and 99th
// percentile latency and the calls a second, under unit.
func runClients(b *testing.B, clients int, think time.Duration, unit string, call func(client, n int) time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	var left atomic.Int64
	left.Store(int64(b.N))
	b.ResetTimer()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			var mine []time.Duration
			for n := 0; left.Add(-1) >= 0 && !b.Failed(); n++ {
				if think > 0 {
					time.Sleep(think/2 + rand.N(think)) // devices keep no common beat
				}
				mine = append(mine, call(i, n))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(storagetest.Percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(storagetest.Percentile(lat, 99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), unit)
}
