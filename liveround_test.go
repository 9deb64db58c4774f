package setsafe

import (
	"testing"
	"time"
)

func TestLiveRoundStopsEverything(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, ReportLiveRound{ID: "live1", Description: "A round in the dummy box does not rattle", By: "jack"})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "AM-1")
	if _, err := w.run("red-mesa", op, ClearLiveRound{ID: "live1", VerifiedBy: "hannah", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("the armorer verified her own removal: %v", err)
	}
	w.must("red-mesa", op, ClearLiveRound{ID: "live1", VerifiedBy: "marcus", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
}

// TestWhenThingsHappened: a live round report and a concern say when what
// they report happened, never in the future nor more than 30 days back;
// the entry keeps its own time, and an anonymous concern's is kept to the
// minute, as its entry's is.
func TestWhenThingsHappened(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	found := t0.Add(-3*time.Hour - 17*time.Second - 5*time.Microsecond)
	w.must("red-mesa", op, ReportLiveRound{ID: "live1", Description: "A round with a primer", OccurredAt: rfc3339(found), By: "jack"})
	if x := w.prod.LiveRoundReport("live1"); !x.OccurredAt.Equal(found) || !x.At.Equal(t0) {
		t.Fatalf("live round report: %+v", x)
	}
	for _, at := range []time.Time{t0.Add(time.Second), t0.AddDate(0, 0, -31)} {
		if _, err := w.run("red-mesa", op, ReportLiveRound{ID: "live2", Description: "x", OccurredAt: rfc3339(at), By: "jack"}); ErrorCode(err) != EInvalid {
			t.Fatalf("a live round found at %v: %v", at, err)
		}
		if _, err := w.run("red-mesa", Anonymous, RaiseConcern{ID: "c2", Category: CategoryFirearms, Severity: SeverityNormal, Description: "x",
			Mode: ReportAnonymous, ReceiptHash: "h", OccurredAt: rfc3339(at.Add(time.Minute))}); ErrorCode(err) != EInvalid {
			t.Fatalf("a concern about %v: %v", at, err)
		}
	}
	w.must("red-mesa", Anonymous, RaiseConcern{ID: "c1", Category: CategoryFirearms, Severity: SeverityNormal, Description: "Plinking at lunch",
		Mode: ReportAnonymous, ReceiptHash: "h", OccurredAt: rfc3339(found)})
	if c := w.prod.Concern("c1"); !c.OccurredAt.Equal(found.Truncate(time.Minute)) {
		t.Fatalf("an anonymous concern's time is kept finer than the minute: %v", c.OccurredAt)
	}
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c3", Category: CategoryOther, Severity: SeverityNormal, Description: "Cables", Mode: ReportNamed})
	if c := w.prod.Concern("c3"); !c.OccurredAt.Equal(c.RaisedAt) {
		t.Fatalf("a concern that does not say when happened when raised: %+v", c)
	}
}
