package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

var clock = setsafe.SystemActor("escalation")

// nearMisses records n near misses with the revolver, a day apart, the
// last at the world's now.
func nearMisses(w *world, n int) {
	now := w.Now
	for i := range n {
		w.Now = now.Add(-time.Duration(n-1-i) * 24 * time.Hour)
		w.Must(person("jack"), OpenIncident{ID: setsafe.NewID(), Details: Details{Kind: KindNearMiss, Firearms: []string{"colt"}, Description: "Hammer slipped"}})
	}
	w.Now = now
}

// stopped reports whether WS-6 keeps the revolver from being loaded.
func stopped(t *testing.T, w *world) bool {
	t.Helper()
	v, err := w.Prod.Verdict(w.Now, gate.Action{Kind: gate.Load, Firearm: "colt", Lot: "dummies", From: "hannah"})
	if err != nil {
		t.Fatal(err)
	}
	return slices.Contains(v.Rules(), gate.WS6)
}

func scopes(ps []*Pattern) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Scope+":"+p.About)
	}
	slices.Sort(out)
	return out
}

// TestPatternOfIncidents: three near misses with one revolver within two
// weeks raise patterns of the revolver, of firearms work and of near
// misses; those of the revolver and of firearms stop loading it until the
// review is signed off, and incidents then count anew (WS-6).
func TestPatternOfIncidents(t *testing.T) {
	w := newWorld(t)
	nearMisses(w, 2)
	if found := FindPatterns(w.Prod, w.Now); len(found) != 0 {
		t.Fatalf("two incidents make patterns: %+v", found)
	}
	nearMisses(w, 1)
	up := setsafe.EscalationUpdates(w.Prod, w.Events[len(w.Events)-1])
	if !slices.ContainsFunc(up, func(u setsafe.EscalationUpdate) bool {
		return u.Item == "pattern-watch:" && u.Waiting && u.Deadline.Equal(w.Now)
	}) {
		t.Fatalf("an incident does not make the watch due: %+v", up)
	}
	if _, ok := setsafe.ClockCommand("pattern-watch:").(WatchPatterns); !ok {
		t.Fatal("the clock does not know the watch for patterns")
	}
	if _, err := w.Run(person("sofia"), WatchPatterns{}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("a person sends the watch: %v", err)
	}
	raised := w.Must(clock, WatchPatterns{})
	if got := scopes(PatternsInForce(w.Prod)); !slices.Equal(got, []string{"firearm:colt", "hazard:firearms", "kind:near_miss"}) {
		t.Fatalf("patterns %v", got)
	}
	if !setsafe.ClockItemsMoved(raised)["pattern-watch:"] {
		t.Fatal("raising does not move the watch")
	}
	if n := setsafe.NotificationsFor(w.Prod, raised[0]); !slices.ContainsFunc(n, func(n setsafe.Notification) bool { return n.Recipient == "sofia" }) {
		t.Fatalf("the safety coordinator is not told: %+v", n)
	}
	if again := w.Must(clock, WatchPatterns{}); len(again) != 0 {
		t.Fatalf("raised again: %v", again)
	}
	if !stopped(t, w) {
		t.Fatal("the pattern does not stop loading the revolver")
	}

	// Nobody acknowledges the firearm's pattern: it climbs.
	p := FindPattern(w.Prod, raised[0].Body.(*PatternRaised).ID)
	if evs := w.Must(clock, EscalatePattern{ID: p.ID}); len(evs) != 0 {
		t.Fatalf("climbed before its deadline: %v", evs)
	}
	w.Now = p.Deadline
	if evs := w.Must(clock, EscalatePattern{ID: p.ID}); len(evs) != 1 || FindPattern(w.Prod, p.ID).Rung < 0 {
		t.Fatalf("did not climb: %v", evs)
	}
	_, err := w.Run(person("jack"), AcknowledgePattern{ID: p.ID, Reason: "mine"})
	wantCode(t, err, setsafe.EForbidden)
	w.Must(person("sofia"), AcknowledgePattern{ID: p.ID, Reason: "Revolver back to PDQ for a check"})
	if !stopped(t, w) {
		t.Fatal("an acknowledged pattern no longer stops the work")
	}

	// The review, signed by both, lifts them all.
	for _, q := range PatternsInForce(w.Prod) {
		w.Must(person("sofia"), SignOffPatternReview{ID: q.ID, Capacity: CapacitySafety, Note: "Hammer spring replaced"})
		_, err := w.Run(person("sofia"), SignOffPatternReview{ID: q.ID, Capacity: CapacityProducer, Note: "x"})
		wantCode(t, err, setsafe.EForbidden)
		w.Must(person("dana"), SignOffPatternReview{ID: q.ID, Capacity: CapacityProducer, Note: "Agreed"})
	}
	if stopped(t, w) || len(PatternsInForce(w.Prod)) != 0 {
		t.Fatal("the signed review does not lift the patterns")
	}
	// Incidents count anew after the review: one more is no pattern.
	w.Now = w.Now.Add(time.Hour)
	nearMisses(w, 1)
	if found := FindPatterns(w.Prod, w.Now); len(found) != 0 {
		t.Fatalf("incidents reviewed already count again: %+v", found)
	}
	if got, want := scopes(Patterns(w.Refold())), scopes(Patterns(w.Prod)); !slices.Equal(got, want) {
		t.Fatalf("folded again: %v, want %v", got, want)
	}
}

// TestPatternSettings: a production may count fewer incidents, or over a
// longer window, not more or over a shorter one; with two it raises on
// two; with the rule off it raises none.
func TestPatternSettings(t *testing.T) {
	w := newWorld(t)
	_, err := w.Run(person("sofia"), setsafe.SetSafetyProfile{Profile: "us", PatternThreshold: 5})
	wantCode(t, err, setsafe.EInvalid)
	_, err = w.Run(person("sofia"), setsafe.SetSafetyProfile{Profile: "us", PatternWindowDays: 3})
	wantCode(t, err, setsafe.EInvalid)
	w.Must(person("sofia"), setsafe.SetSafetyProfile{Profile: "us", PatternThreshold: 2, PatternWindowDays: 30})
	nearMisses(w, 2)
	if found := FindPatterns(w.Prod, w.Now); len(found) != 3 {
		t.Fatalf("two incidents under a threshold of two: %+v", found)
	}
	// Incidents older than the window do not count.
	if found := FindPatterns(w.Prod, w.Now.Add(31*24*time.Hour)); len(found) != 0 {
		t.Fatalf("a month later: %+v", found)
	}
}
