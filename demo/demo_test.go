package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/dailyreport"
	"github.com/setsafe/setsafe/demo"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// cheap keeps the test quick; it is still real Argon2id.
var cheap = argon2id.Params{Memory: 64, Time: 1, Threads: 1}

func TestSeed(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			clock := demo.NewClock(time.Now().AddDate(0, 0, -8))
			e := storagetest.NewEnv(t, b, func(c *sqldb.Config) { c.Clock = clock })
			logins, pins, err := demo.Seed(context.Background(), e.DB, clock, demo.Hashing{Passwords: cheap, PINs: cheap})
			if err != nil {
				t.Fatal(err)
			}
			if len(logins) < 7 || len(pins) < 10 {
				t.Fatalf("%d logins and %d PINs", len(logins), len(pins))
			}
			for _, l := range logins {
				if len(l.Password) != 19 || !strings.Contains(l.Email, "@") {
					t.Errorf("login %+v", l)
				}
			}
			for _, p := range pins {
				if err := setsafe.CheckPIN(p.PIN); err != nil {
					t.Errorf("%s's PIN %s: %v", p.Name, p.PIN, err)
				}
			}
			ctx := context.Background()
			people, err := e.DB.People(ctx, demo.ProductionID)
			if err != nil || len(people) != 17 {
				t.Fatalf("%d people: %v", len(people), err)
			}
			entries, err := e.DB.Entries(ctx, demo.ProductionID, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			corrections := 0
			for i, en := range entries {
				if en.Event.Corrects > 0 {
					corrections++
				}
				if i > 0 && en.Event.Time.Before(entries[i-1].Event.Time) {
					t.Fatalf("entry %d is dated before the one before it", en.Seq)
				}
			}
			// The week's story keeps its own times: nothing is stamped
			// later than it was told because an earlier step ran after it.
			days, received, inspected := map[string]bool{}, time.Time{}, time.Time{}
			for _, en := range entries {
				days[en.Event.Time.Format(time.DateOnly)] = true
				switch en.Event.Body.(type) {
				case *setsafe.FirearmReceived:
					received = en.Event.Time
				case *setsafe.FirearmInspected:
					if inspected.IsZero() {
						inspected = en.Event.Time
					}
				}
			}
			if len(days) < 5 || !received.Before(inspected) || time.Since(received) < 4*24*time.Hour {
				t.Errorf("entries on %d days; firearms received %v, first inspected %v", len(days), received, inspected)
			}
			if corrections != 1 || !entries[len(entries)-1].Event.Time.Before(time.Now()) {
				t.Fatalf("%d corrections; last entry at %v", corrections, entries[len(entries)-1].Event.Time)
			}
			// The armory and its history: one issue allowed, refusals kept.
			refusals, issues := map[string]int{}, 0
			for _, en := range entries {
				switch b := en.Event.Body.(type) {
				case *setsafe.ActionRefused:
					refusals[b.Rules[0].ID]++
				case *setsafe.FirearmHandedOver:
					issues++
				}
			}
			// The stunt day's fall waited for the medic (MD-1), the vehicle
			// day's chase for the county's road closure (VE-2).
			if refusals["AM-1"] != 1 || refusals["FA-3"] != 1 || refusals["FA-4"] != 1 || refusals["MD-1"] != 1 || refusals["VE-2"] != 1 || issues != 2 {
				t.Fatalf("history: refusals %v, %d hand-overs", refusals, issues)
			}
			st, err := e.DB.LedgerState(ctx, demo.ProductionID)
			if err != nil {
				t.Fatal(err)
			}
			quarantined := 0
			for _, l := range st.AmmoLots() {
				if l.Quarantined {
					quarantined++
				}
			}
			if quarantined != 1 {
				t.Fatalf("%d quarantined lots, want the one that failed its check", quarantined)
			}
			if as := st.Alerts(); len(as) != 1 || as[0].State != setsafe.AlertStateResolved || as[0].Acknowledgment == "" {
				t.Fatalf("alerts: want one acknowledged and resolved, got %+v", as)
			}
			if len(st.Firearms()) != 4 || len(st.AmmoLots()) != 4 || len(st.SetUps()) != 6 {
				t.Fatalf("armory: %d firearms, %d lots, %d set-ups", len(st.Firearms()), len(st.AmmoLots()), len(st.SetUps()))
			}
			wrapped := 0
			for _, u := range st.SetUps() {
				if u.TakeState() == gate.TakeWrapped && u.LocationID != "" {
					wrapped++
				}
			}
			if wrapped != 2 || len(st.Locations()) != 3 || len(st.OnSiteNow(clock.Now())) != 0 {
				t.Fatalf("hazard days: %d set-ups at a location wrapped, %d locations, %d people still on site", wrapped, len(st.Locations()), len(st.OnSiteNow(clock.Now())))
			}
			var open, planned int
			for _, c := range st.Concerns() {
				if c.State == setsafe.ConcernOpen && c.Severity == setsafe.SeverityCritical {
					open++
				}
				if c.State == setsafe.ConcernActionPlanned {
					planned++
				}
			}
			if len(st.Concerns()) != 2 || open != 1 || planned != 1 {
				t.Fatalf("concerns: %d, %d critical and unanswered, %d with a plan", len(st.Concerns()), open, planned)
			}
			// The incident register: the near miss under investigation with
			// its corrective action overdue, the recordable sprain.
			var nearMiss *incident.Incident
			for _, x := range incident.All(st) {
				if x.Kind == incident.KindNearMiss {
					nearMiss = x
				}
			}
			if nearMiss == nil || nearMiss.State != incident.StateInvestigating || len(incident.Factors(st, nearMiss.ID)) != 2 {
				t.Fatalf("near miss: %+v", nearMiss)
			}
			if as := incident.Actions(st, nearMiss.ID); len(as) != 1 || !as[0].Overdue(time.Now(), st) {
				t.Fatalf("the near miss's action is not overdue: %+v", as)
			}
			if got := dailyreport.RecipientRungs(st); len(got) != 2 {
				t.Fatalf("the daily report's recipients: %v", got)
			}
			records, ok := incident.YearRecords(st, time.Now().AddDate(0, 0, -3).Year(), nil)
			if sum, err := records.Summary(); !ok || err != nil || sum.Cases() != 1 || sum.RestrictedCases != 1 {
				t.Fatalf("injury records: %+v %v", sum, err)
			}
			for _, f := range st.Firearms() {
				if f.Store == "" || f.LoadedRounds != 0 {
					t.Fatalf("%s is not secured and empty after yesterday's wrap: %+v", f.Name(), f)
				}
			}
			if _, err := e.DB.SignUncovered(ctx); err != nil {
				t.Fatal(err)
			}
			rep, err := e.DB.Verify(ctx, e.Signer.Verifier(), "")
			if err != nil || !rep.OK() || len(rep.Warnings) != 0 {
				t.Fatalf("verify the demo: %v %v %v", err, rep.Problems, rep.Warnings)
			}
			if clock.Now().Before(time.Now().Add(-time.Minute)) {
				t.Fatal("the demo clock did not go live")
			}
		})
	}
}
