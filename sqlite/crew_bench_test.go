package sqlite_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkStopWorkHTTP measures the stop-work call over HTTP on a durable
// SQLite database: 200 phones of 200 crew members, each signed in with its
// own token, every call committed to disk before the answer. think is each
// phone's pause between calls; with none, the 200 phones call back to back
// as fast as the server answers. The bar is 50 ms at the 99th percentile.
func BenchmarkStopWorkHTTP(b *testing.B) {
	for _, think := range []time.Duration{time.Second, 0} {
		b.Run(fmt.Sprintf("think=%s", think), func(b *testing.B) {
			benchCrewCalls(b, 200, think, "/stop-works", `{"scope":"hazard","hazard":"stunts","reason":"Rigging on the bell tower is not tied off"}`)
		})
	}
}

// BenchmarkRaiseConcernHTTP measures raising a concern by name, as
// BenchmarkStopWorkHTTP measures the stop-work call. (Anonymous reports
// are limited per client and per production, so that nobody can flood a
// production with them; their cost is the same command without the
// caller's access, plus one slow hash of the receipt code.)
func BenchmarkRaiseConcernHTTP(b *testing.B) {
	for _, think := range []time.Duration{time.Second, 0} {
		b.Run(fmt.Sprintf("think=%s", think), func(b *testing.B) {
			benchCrewCalls(b, 200, think, "/concerns",
				`{"category":"equipment","severity":"high","mode":"named","location":"Stage 2","description":"The dolly track is not levelled and moves under load"}`)
		})
	}
}

// benchCrewCalls has clients crew members, each with a token, post body to
// path under the production, each pausing around think between calls, and
// reports the latencies.
func benchCrewCalls(b *testing.B, clients int, think time.Duration, path, body string) {
	db, _ := benchDB(b, nil)
	ctx := context.Background()
	op := storagetest.Operator
	must := func(ledger string, c setsafe.Command) {
		if _, err := db.Append(ctx, setsafe.On(ledger, op, c)); err != nil {
			b.Fatalf("%T: %v", c, err)
		}
	}
	const prod = "crew-calls"
	if _, err := db.Append(ctx, setsafe.CreateProductionRequest(op, setsafe.CreateProduction{ID: prod, Name: "Crew calls", TimeZone: "UTC"})); err != nil {
		b.Fatal(err)
	}
	tokens := make([]string, clients)
	for i := range clients {
		acct := setsafe.NewID()
		must(setsafe.SiteLedger, setsafe.CreateAccount{ID: acct, Email: fmt.Sprintf("crew%d@example.com", i), Name: fmt.Sprint("Crew ", i)})
		tok, secret, hash := setsafe.NewAPITokenSecret()
		must(setsafe.SiteLedger, setsafe.CreateAPIToken{ID: tok, AccountID: acct, Name: "phone", SecretHash: hash})
		must(prod, setsafe.AddPerson{ID: setsafe.NewID(), AccountID: acct, PersonDetails: setsafe.PersonDetails{Name: fmt.Sprint("Crew ", i)}, Roles: []setsafe.Role{setsafe.RoleCrew}})
		tokens[i] = secret
	}
	srv, err := sshttp.New(sshttp.Config{Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ts.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = clients * 2
	call := func(token string) time.Duration {
		start := time.Now()
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/productions/"+prod+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil {
			b.Error(err)
			return 0
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			b.Errorf("POST %s: %d %s", path, resp.StatusCode, answer)
		}
		return time.Since(start)
	}

	var mu sync.Mutex
	var lat []time.Duration
	var left atomic.Int64
	left.Store(int64(b.N))
	b.ResetTimer()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			var mine []time.Duration
			for left.Add(-1) >= 0 && !b.Failed() {
				if think > 0 {
					time.Sleep(think/2 + rand.N(think)) // phones keep no common beat
				}
				mine = append(mine, call(tokens[i]))
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
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "calls/s")
}
