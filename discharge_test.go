package setsafe

import "testing"

func TestDischargesStopTheWork(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	// Rust, link 3: a misfire takes the revolver out of service.
	w.must("red-mesa", op, ReportDischarge{ID: "d1", FirearmID: "colt", Kind: "misfire", Description: "Hammer fell, no report", By: "jack"})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "FA-7")
	refusedFor(t, evs, err, "WS-1")
	if _, err := w.run("red-mesa", op, ReturnToService{FirearmID: "colt"}); ErrorCode(err) != EInvalid {
		t.Fatalf("back in service without a bore check: %v", err)
	}
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true})
	w.must("red-mesa", op, InvestigateDischarge{DischargeID: "d1", Findings: "Weak hammer spring", CorrectiveAction: "Spring replaced"})
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "hannah", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "jack"})

	// A second warning sign within seven days stops all firearm work.
	w.must("red-mesa", op, ReportDischarge{ID: "d2", FirearmID: "colt", Kind: "discharge", Description: "Fired while being handed over", By: "hannah"})
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true})
	w.must("red-mesa", op, InvestigateDischarge{DischargeID: "d2", Findings: "Finger on trigger", CorrectiveAction: "Retraining"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
	// The review needs both signatures: the compliance contact (Luis) and
	// a producer (Dana).
	if _, err := w.run("red-mesa", op, SignOffReview{Note: "Reviewed", By: "jack"}); ErrorCode(err) != EForbidden {
		t.Fatalf("the actor signed the review: %v", err)
	}
	w.must("red-mesa", op, SignOffReview{Note: "Both incidents reviewed; retraining done", By: "luis"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
	w.must("red-mesa", op, SignOffReview{Note: "Agreed", By: "dana"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
}
