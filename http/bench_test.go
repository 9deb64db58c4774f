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
				req, _ := http.NewRequest("PATCH", ts.URL+target, strings.NewReader(fmt.Sprintf(`{"name":"Target Person","job_title":"Call %d"}`, i)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+ts.tokens["producer"])
				keyed := i % 2
				if keyed == 1 {
					req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%016d", i))
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				took[keyed].Add(int64(time.Since(start)))
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "writes/s")
	b.ReportMetric(float64(took[1].Load())/float64(took[0].Load()), "keyed/plain")
}
