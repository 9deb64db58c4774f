package sqlite_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
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
	ts := benchServer(b, db, clients, 0)
	runClients(b, clients, think, "calls/s", func(i, _ int) time.Duration {
		return timedPost(b, ts, "/api/v1/productions/"+prod+path, tokens[i], body, http.StatusCreated)
	})
}
