package setsafe

import "testing"

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
