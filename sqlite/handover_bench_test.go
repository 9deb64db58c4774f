package sqlite_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkHandOverHTTP measures hand-offs over HTTP on a durable SQLite
// database: 50 armorer's tablets, each issuing its own revolver to its own
// performer (who confirms with a PIN hashed at the real cost) and taking
// it back the same way, every step through the gate and committed to disk
// before the answer. think is the pause of each tablet between hand-offs; with none,
// the 50 tablets hammer the server as fast as it answers. With
// pins=full the server remembers no PIN, so every hand-off pays the full
// Argon2id, as the first hand-off of each person in a scene does.
func BenchmarkHandOverHTTP(b *testing.B) {
	for _, think := range []time.Duration{200 * time.Millisecond, 0} {
		for _, pins := range []struct {
			name       string
			remembered time.Duration
		}{{"remembered", 0}, {"full", -1}} {
			b.Run(fmt.Sprintf("think=%s/pins=%s", think, pins.name), func(b *testing.B) {
				benchHandOvers(b, 50, think, pins.remembered, 0, 0)
			})
		}
	}
}

// BenchmarkHandOverDuringSignInFlood measures hand-offs on 8 tablets, each
// PIN hashed in full, while 32 clients flood sign-in with wrong passwords
// at the real cost, each attempt from a new address so that no limit on
// clients stops it: PINs have their own hashing budget and do not wait
// behind the passwords'.
func BenchmarkHandOverDuringSignInFlood(b *testing.B) {
	for _, flood := range []int{0, 32} {
		b.Run(fmt.Sprintf("flood=%d", flood), func(b *testing.B) {
			benchHandOvers(b, 8, 200*time.Millisecond, -1, flood, 0)
		})
	}
}

// benchHandOvers runs clients tablets handing off, and flood clients
// signing in with wrong passwords meanwhile; the production's checkpoints
// go to witnesses slow witnesses (see slowWitnesses).
func benchHandOvers(b *testing.B, clients int, think, pinRemembered time.Duration, flood, witnesses int) {
	db, _ := benchDB(b, nil)
	ctx := context.Background()
	op := storagetest.Operator
	must := func(ledger string, c setsafe.Command) {
		if _, err := db.Append(ctx, setsafe.On(ledger, op, c)); err != nil {
			b.Fatalf("%T: %v", c, err)
		}
	}
	const prod = "hand-offs"
	if _, err := db.Append(ctx, setsafe.CreateProductionRequest(op, setsafe.CreateProduction{ID: prod, Name: "Hand-offs", TimeZone: "UTC"})); err != nil {
		b.Fatal(err)
	}
	pin, err := argon2id.Hash("2468", argon2id.PIN)
	if err != nil {
		b.Fatal(err)
	}
	tokens := map[string]string{}
	person := func(name string, role setsafe.Role) string {
		id := setsafe.NewID()
		var acct string
		if role == setsafe.RoleArmorer {
			acct = setsafe.NewID()
			must(setsafe.SiteLedger, setsafe.CreateAccount{ID: acct, Email: "rosa@example.com", Name: name})
			tok, secret, hash := setsafe.NewAPITokenSecret()
			must(setsafe.SiteLedger, setsafe.CreateAPIToken{ID: tok, AccountID: acct, Name: "tablet", SecretHash: hash})
			tokens[id] = secret
		}
		must(prod, setsafe.AddPerson{ID: id, AccountID: acct, PersonDetails: setsafe.PersonDetails{Name: name}, Roles: []setsafe.Role{role}})
		must(prod, setsafe.SetPIN{PersonID: id, Hash: pin})
		return id
	}
	armorer, ad := person("Rosa Delgado", setsafe.RoleArmorer), person("Marcus Hale", setsafe.RoleFirstAD)
	must(prod, setsafe.SetSafetyProfile{Profile: "us", FirearmsPerArmorer: int64(clients)})
	must(prod, setsafe.NameComplianceContact{PersonID: ad})
	must(prod, setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: armorer, Kind: "armorer", Number: "N-1", Issuer: "State", Expires: "2099-01-01"})
	meeting := setsafe.NewID()
	must(prod, setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, By: ad})
	must(prod, setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: ad, ConfirmedBy: "pin"})
	performers, firearms := make([]string, clients), make([]string, clients)
	for i := range clients {
		performers[i] = person(fmt.Sprintf("Performer %d", i), setsafe.RoleCast)
		must(prod, setsafe.RecordTraining{ID: setsafe.NewID(), PersonID: performers[i], Course: "Firearm safety", Provider: "CSATF", Firearms: true,
			Completed: time.Now().AddDate(0, -1, 0).Format(time.DateOnly)})
		must(prod, setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: performers[i], ConfirmedBy: "pin"})
		firearms[i] = setsafe.NewID()
		must(prod, setsafe.ReceiveFirearm{ID: firearms[i], Make: "Colt", Model: "SAA", Serial: fmt.Sprint(i), Kind: "blank_firing", Calibre: ".45 Colt",
			Chambers: 6, Owner: "PDQ", Store: "truck", By: armorer})
		must(prod, setsafe.UnsecureFirearm{FirearmID: firearms[i], By: armorer})
		must(prod, setsafe.ShowClear{FirearmID: firearms[i], AllChambers: true, Witnesses: []string{performers[i], ad}, By: armorer})
	}

	slowWitnesses(b, db, prod, ad, witnesses)
	ts := benchServer(b, db, clients+flood, pinRemembered)
	floodCtx, stopFlood := context.WithCancel(ctx)
	var flooders sync.WaitGroup
	var from atomic.Int64
	for range flood {
		flooders.Go(func() {
			for floodCtx.Err() == nil {
				n := from.Add(1)
				req, _ := http.NewRequestWithContext(floodCtx, "POST", ts.URL+"/api/v1/session",
					strings.NewReader(fmt.Sprintf(`{"email":"guess%d@example.com","password":"not it"}`, n)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
				if resp, err := ts.Client().Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	// The armorer issues on her tablet, the performer confirming with a
	// PIN; she takes it back the same way.
	runClients(b, clients, think, "hand-offs/s", func(i, n int) time.Duration {
		body := `{"to":"` + performers[i] + `","giver_pin":"2468","receiver_pin":"2468"}`
		if n%2 == 1 {
			body = `{"from":"` + performers[i] + `","giver_pin":"2468","receiver_pin":"2468"}`
		}
		return timedPost(b, ts, "/api/v1/productions/"+prod+"/firearms/"+firearms[i]+"/handover", tokens[armorer], body, http.StatusOK)
	})
	stopFlood()
	flooders.Wait()
	if rep, err := db.Verify(ctx, db.Signer().Verifier(), prod); err != nil || !rep.OK() {
		b.Fatalf("verify: %v %v", err, rep.Problems)
	}
}
