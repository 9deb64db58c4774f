package escalation_test

import (
	"context"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/escalation"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// raise raises a named critical firearms concern as a person.
func raise(t *testing.T, db *sqldb.DB, person string) string {
	t.Helper()
	id := setsafe.NewID()
	storagetest.MustAppend(t, db, setsafe.On("red-mesa", setsafe.PersonActor(person), setsafe.RaiseConcern{ID: id, Category: setsafe.CategoryFirearms,
		Severity: setsafe.SeverityCritical, Description: "Rounds left on the props cart", Mode: setsafe.ReportNamed}))
	return id
}

func concern(t *testing.T, db *sqldb.DB, id string) *setsafe.Concern {
	t.Helper()
	st, err := db.LedgerState(context.Background(), "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	return st.Concern(id)
}

func inbox(t *testing.T, db *sqldb.DB, person string) []setsafe.Notification {
	t.Helper()
	n, err := db.Inbox(context.Background(), "red-mesa", []string{person}, 100)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// counts counts what an escalation clock observes.
type counts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counts) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[key]++
}

func (c *counts) get() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

func (c *counts) AlertRaised(kind string)     { c.add("alert raised " + kind) }
func (c *counts) Escalated(item, rung string) { c.add(item + " " + rung) }

// TestConcernsClimbTheLadder raises a critical concern, lets its
// acknowledging deadline pass and checks that the clock climbs it one rung
// at a time, tells each rung, survives a restart and passes over a concern
// with no rung left until the ladder changes.
func TestConcernsClimbTheLadder(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			env := storagetest.NewEnv(t, b)
			ids := storagetest.Seed(t, env.DB)
			head := setsafe.NewID()
			storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: head,
				PersonDetails: setsafe.PersonDetails{Name: "Tomas Reyes", Email: "tomas@example.com"}, Roles: []setsafe.Role{setsafe.RoleDepartmentHead}}))
			id := raise(t, env.DB, ids["cast"])
			if got := inbox(t, env.DB, head); len(got) != 1 || got[0].Event != "concern.raised" || got[0].Rung != setsafe.RungDepartmentHead {
				t.Fatalf("the department head's inbox after the concern was raised: %+v", got)
			}
			if got := inbox(t, env.DB, ids["producer"]); len(got) != 0 {
				t.Fatalf("the producer heard of a concern not yet late: %+v", got)
			}
			obs := &counts{}
			clock := escalation.New(escalation.Config{Store: env.DB, Time: env.Clock, Observer: obs})

			// Not late yet: nothing climbs.
			env.Clock.Advance(29 * time.Minute)
			if n, err := clock.Tick(ctx); err != nil || n != 0 {
				t.Fatalf("before the deadline: %d climbed, %v", n, err)
			}
			// Late: it climbs past the empty UPM rung to the producer.
			env.Clock.Advance(2 * time.Minute)
			if n, err := clock.Tick(ctx); err != nil || n != 1 {
				t.Fatalf("after the deadline: %d climbed, %v", n, err)
			}
			c := concern(t, env.DB, id)
			if c.Rung != 2 || !c.Deadline.Equal(env.Clock.Now().Add(30*time.Minute).Truncate(time.Microsecond)) {
				t.Fatalf("after climbing: rung %d, deadline %v", c.Rung, c.Deadline)
			}
			if got := inbox(t, env.DB, ids["producer"]); len(got) != 1 || got[0].Event != "concern.escalated" || got[0].Rung != setsafe.RungProducer {
				t.Fatalf("the producer's inbox after the climb: %+v", got)
			}
			// A second tick, or a second server, records nothing more.
			if n, err := clock.Tick(ctx); err != nil || n != 0 {
				t.Fatalf("a second tick: %d climbed, %v", n, err)
			}
			if got := obs.get(); len(got) != 1 || got["concern producer"] != 1 {
				t.Fatalf("the climbs observed: %v, want one concern to the producer", got)
			}

			// A restart: a new process finds the late concern in the
			// database. Nobody stands above the producer, so it stays late
			// and is set aside.
			db2 := env.Reopen(t)
			clock2 := escalation.New(escalation.Config{Store: db2, Time: env.Clock})
			env.Clock.Advance(31 * time.Minute)
			if n, err := clock2.Tick(ctx); err != nil || n != 0 {
				t.Fatalf("at the top: %d climbed, %v", n, err)
			}
			if late, err := db2.DueItems(ctx, env.Clock.Now(), 10); err != nil || len(late) != 0 {
				t.Fatalf("a concern with no rung left is looked at again: %+v, %v", late, err)
			}
			if !concern(t, db2, id).Overdue(env.Clock.Now()) {
				t.Fatal("a concern with no rung left stopped being overdue")
			}

			// The union representative is put on the ladder: the concern
			// climbs again, and the rung's address and webhook are told.
			storagetest.MustAppend(t, db2, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetLadder{Rungs: []setsafe.LadderRungSetting{
				{Rung: setsafe.RungUnion, Contact: "IATSE Local 480", Email: "rep@local480.example.org", Webhook: "https://hooks.example.org/setsafe"}}}))
			if n, err := clock2.Tick(ctx); err != nil || n != 1 {
				t.Fatalf("after the ladder grew: %d climbed, %v", n, err)
			}
			if c := concern(t, db2, id); c.Rung != 4 {
				t.Fatalf("climbed to rung %d, want the union representative's", c.Rung)
			}
			ds, err := db2.Deliveries(ctx, "red-mesa", 100)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{"email rep@local480.example.org": false, "webhook https://hooks.example.org/setsafe": false, "email tomas@example.com": false}
			for _, d := range ds {
				key := d.Channel + " " + d.Recipient
				if _, ok := want[key]; ok {
					want[key] = true
				}
				if d.State != setsafe.DeliveryPending {
					t.Errorf("%s is %s before any sender ran", key, d.State)
				}
			}
			for k, seen := range want {
				if !seen {
					t.Errorf("no %s in the outbox: %+v", k, ds)
				}
			}
		})
	}
}

// TestReportersHearBack checks that a named reporter hears of answers and
// moves in the inbox, and that nothing ever goes to an anonymous one.
func TestReportersHearBack(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			env := storagetest.NewEnv(t, b)
			ids := storagetest.Seed(t, env.DB)
			producer := setsafe.PersonActor(ids["producer"])
			named := raise(t, env.DB, ids["cast"])
			anon := setsafe.NewID()
			storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", setsafe.Anonymous, setsafe.RaiseConcern{ID: anon, Category: setsafe.CategoryFatigue,
				Severity: setsafe.SeverityNormal, Description: "Fourteen-hour days", Mode: setsafe.ReportAnonymous, ReceiptHash: "receipt-hash"}))
			for _, id := range []string{named, anon} {
				storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", producer, setsafe.AnswerConcern{ID: id, Text: "Thank you; we are on it"}))
				storagetest.MustAppend(t, env.DB, setsafe.On("red-mesa", producer, setsafe.MoveConcern{ID: id, State: setsafe.ConcernAcknowledged}))
			}
			got := inbox(t, env.DB, ids["cast"])
			if len(got) != 2 || got[0].Event != "concern.moved" || got[1].Event != "concern.answered" || got[1].Text != "Thank you; we are on it" {
				t.Fatalf("the named reporter's inbox: %+v", got)
			}
			for _, n := range got {
				if n.About != named {
					t.Fatalf("the named reporter heard of another concern: %+v", n)
				}
			}
			// Nothing about the anonymous concern goes to anyone but the
			// ladder: the producer's rung, the lowest with anyone on it,
			// hears it was raised, and that is all.
			rows, err := env.DB.ReadPool().QueryContext(ctx, env.DB.Dialect().Rebind(
				"SELECT event, channel, recipient, rung FROM notifications WHERE about = ?"), anon)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var told []string
			for rows.Next() {
				var event, channel, recipient, rung string
				if err := rows.Scan(&event, &channel, &recipient, &rung); err != nil {
					t.Fatal(err)
				}
				told = append(told, strings.Join([]string{event, channel, recipient, rung}, " "))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if want := "concern.raised inbox " + ids["producer"] + " " + setsafe.RungProducer; len(told) != 1 || told[0] != want {
				t.Errorf("the anonymous concern's notifications: %q, want only %q", told, want)
			}
		})
	}
}

// TestUnknownConcernsAreSetAside checks that a queued concern that does
// not exist neither stops the others of its production from climbing nor
// comes back at every tick.
func TestUnknownConcernsAreSetAside(t *testing.T) {
	ctx := context.Background()
	env := storagetest.NewEnv(t, storagetest.SQLite())
	ids := storagetest.Seed(t, env.DB)
	id := raise(t, env.DB, ids["cast"])
	if _, err := env.DB.WritePool().Exec("INSERT INTO escalation_queue (ledger_id, item, deadline_us) VALUES ('red-mesa', 'ghost', 1)"); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(31 * time.Minute)
	clock := escalation.New(escalation.Config{Store: env.DB, Time: env.Clock})
	if n, err := clock.Tick(ctx); n != 1 || err != nil {
		t.Fatalf("%d climbed, %v", n, err)
	}
	if c := concern(t, env.DB, id); c.Rung != 2 {
		t.Fatalf("the real concern is at rung %d", c.Rung)
	}
	if late, err := env.DB.DueItems(ctx, env.Clock.Now(), 10); err != nil || len(late) != 0 {
		t.Fatalf("still late after the tick: %+v, %v", late, err)
	}
}
