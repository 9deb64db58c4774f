package http_test

import (
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestTwoTabletsIssueOneFirearm has the armorer's two tablets issue the
// same revolver to two performers at the same instant, round after round:
// exactly one hand-over succeeds, the other is refused because the
// revolver is no longer in the armorer's hands (FA-2), and the record says
// so.
func TestTwoTabletsIssueOneFirearm(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			issueAtOnce(t, ts, ts)
		})
	}
}

// TestTwoServersIssueOneFirearm does the same with the tablets talking to
// two servers that share one PostgreSQL database.
func TestTwoServersIssueOneFirearm(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, storagetest.Postgres(), "")
	ts.seed(t)
	issueAtOnce(t, ts, ts.serveOn(t, ts.env.Reopen(t)))
}

// issueAtOnce has two tablets, on the servers given, issue the revolver to
// two performers at the same instant, round after round: exactly one
// succeeds; the other is refused for FA-2, or loses the race with a
// conflict. Each round's entries are read back: the one hand-over, and the
// refusal if there was one, and nothing else. The ledger verifies.
func issueAtOnce(t *testing.T, ts, second *testServer) {
	revolver := "/api/v1/productions/red-mesa/firearms/" + ts.ids["firearm"]
	performers := []string{ts.ids["cast"], ts.ids["target"]}
	tablets := []*testServer{ts, second}
	showClear := readyToIssue(t, ts, performers...)
	must := ts.caller(t)
	for round := range 6 {
		// The show-clear goes through each server in turn, so that each
		// in turn has written last and the other must catch up.
		showClear(tablets[round%2])
		before := ts.size(t)
		answers, errs := make([]answer, len(performers)), make([]error, len(performers))
		var wg sync.WaitGroup
		for i, who := range performers {
			wg.Go(func() {
				answers[i], errs[i] = tablets[i].tryCall("armorer", "POST", revolver+"/handover", "", `{"to":"`+who+`","giver_pin":"`+armorerPIN+`","receiver_pin":"`+performerPIN+`"}`)
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		statuses, bodies := make([]int, len(answers)), make([][]byte, len(answers))
		for i, a := range answers {
			statuses[i], bodies[i] = a.status, a.body
		}
		winner := slices.Index(statuses, http.StatusOK)
		loser := 1 - winner
		if winner < 0 || statuses[loser] != http.StatusConflict {
			t.Fatalf("round %d: statuses %v: %s / %s", round, statuses, compact(bodies[0]), compact(bodies[1]))
		}
		e := errorOf(t, bodies[loser])
		refused := e.Code == setsafe.ERefused
		if refused && !slices.ContainsFunc(e.Rules, func(f setsafe.RuleFinding) bool { return f.ID == "FA-2" }) || !refused && e.Code != setsafe.EConflict {
			t.Fatalf("round %d: the losing tablet was answered %s", round, compact(bodies[loser]))
		}

		t.Logf("round %d: tablet %d issued; the other was answered %s", round, winner, e.Code)
		// The record of the round: the issue to the winner, the refusal of
		// the loser if it was refused, and nothing more.
		entries, err := ts.env.DB.Entries(t.Context(), "red-mesa", before, 100)
		if err != nil {
			t.Fatal(err)
		}
		var issued, refusals []string
		for _, en := range entries {
			switch b := en.Event.Body.(type) {
			case *setsafe.FirearmHandedOver:
				issued = append(issued, b.To)
			case *setsafe.ActionRefused:
				if b.FirearmID == ts.ids["firearm"] && slices.ContainsFunc(b.Rules, func(f setsafe.RuleFinding) bool { return f.ID == "FA-2" }) {
					refusals = append(refusals, b.To)
				}
			}
		}
		var wantRefusals []string
		if refused {
			wantRefusals = append(wantRefusals, performers[loser])
		}
		if !slices.Equal(issued, performers[winner:winner+1]) || !slices.Equal(refusals, wantRefusals) || len(entries) != 1+len(wantRefusals) {
			t.Fatalf("round %d: %d entries, issued to %v, refused to %v; want one issue to %s and refusals to %v", round, len(entries), issued, refusals, performers[winner], wantRefusals)
		}

		// The performer who got it gives it back. The target person has no
		// account to sign in with, so their return is recorded at the
		// command line.
		if winner == 0 {
			must("cast", "POST", revolver+"/handover", `{"to":"`+ts.ids["armorer"]+`","giver_pin":"`+performerPIN+`","receiver_pin":"`+armorerPIN+`"}`, http.StatusOK)
		} else {
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator,
				setsafe.HandOver{FirearmID: ts.ids["firearm"], To: ts.ids["armorer"], ConfirmedWithPIN: []string{performers[1], ts.ids["armorer"]}, Device: "cli", By: performers[1]}))
		}
	}
	rep, err := ts.env.DB.Verify(t.Context(), ts.env.Signer.Verifier(), "")
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}
