package http_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkAPIWrites changes people through the API from 64 clients at
// once, each waiting for its answer, as phones on a set would. Each client
// sends its changes without an Idempotency-Key and with a new one in turn,
// so that both meet the same disk; keyed/plain is how much longer a change
// with a key takes to be answered.
func BenchmarkAPIWrites(b *testing.B) {
	ts := newTestServer(b, storagetest.SQLite(), "")
	ts.seed(b)
	target := "/api/v1/productions/red-mesa/people/" + ts.ids["target"]
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var n atomic.Int64
	var took [2]atomic.Int64 // without a key, with one
	b.ResetTimer()
	var wg sync.WaitGroup
	per := b.N/64 + 1
	for range 64 {
		wg.Go(func() {
			for range per {
				i := n.Add(1)
				body := fmt.Sprintf(`{"name":"Target Person","job_title":"Call %d"}`, i)
				keyed := i % 2
				var header []string
				if keyed == 1 {
					header = []string{"Idempotency-Key", fmt.Sprintf("bench-%016d", i)}
				}
				start := time.Now()
				ok := apiSend(b, client, "PATCH", ts.URL+target, ts.tokens["producer"], body, http.StatusOK, header...)
				took[keyed].Add(int64(time.Since(start)))
				if !ok {
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "writes/s")
	b.ReportMetric(float64(took[1].Load())/float64(took[0].Load()), "keyed/plain")
}

// BenchmarkCrewGrowsHTTP adds people to one production through the API
// from 16 clients at once until it has 20,000 more, and compares the rate
// of the first 2,000 additions with that of the last 2,000: adding a
// person must not cost more as the crew grows.
func BenchmarkCrewGrowsHTTP(b *testing.B) {
	const clients, total, window = 16, 20_000, 2_000
	for b.Loop() {
		ts := newTestServer(b, storagetest.SQLite(), "")
		ts.seed(b)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
		var n atomic.Int64
		var mu sync.Mutex
		var firstDone, lastStart time.Time
		start := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for {
					i := n.Add(1)
					if i > total {
						return
					}
					if i == total-window {
						mu.Lock()
						lastStart = time.Now()
						mu.Unlock()
					}
					if !apiSend(b, client, "POST", ts.URL+"/api/v1/productions/red-mesa/people", ts.tokens["producer"],
						fmt.Sprintf(`{"name":"Crew Member %d","department":"Grip","job_title":"Grip"}`, i), http.StatusCreated) {
						return
					}
					if i == window {
						mu.Lock()
						firstDone = time.Now()
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		first, last := window/firstDone.Sub(start).Seconds(), window/time.Since(lastStart).Seconds()
		b.ReportMetric(first, "first-adds/s")
		b.ReportMetric(last, "last-adds/s")
		b.ReportMetric(last/first, "last/first")
	}
}

// apiSend makes a request with a JSON body, an API token and the headers
// given as names and values, and says whether it was answered with the
// status wanted, failing the benchmark if not.
func apiSend(b *testing.B, client *http.Client, method, url, token, body string, want int, header ...string) bool {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		b.Error(err)
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Errorf("%s %s: status %d", method, url, resp.StatusCode)
		return false
	}
	return true
}
