package setsafe

import (
	"bytes"
	"testing"
)

// TestRefusalNamesItsSetUp: a refusal records the set-up its action was
// for, a start's as a hand-off's, and one for no set-up names none.
func TestRefusalNamesItsSetUp(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42: the church", Hazards: []string{"firearms"}, TowardPeople: true})
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	tests := []struct {
		name      string
		cmd       Command
		wantSetUp string
	}{
		{"a start", StartSetUp{SetUpID: "s43", By: "marcus"}, "s43"},
		{"an issue for a set-up", HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", SetUpID: "s42", By: "hannah"}, "s42"},
		{"an issue for none", HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah"}, Device: "tablet-1", By: "hannah"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := w.run("red-mesa", op, tt.cmd)
			if ErrorCode(err) != ERefused || len(evs) != 1 {
				t.Fatalf("want one refusal, got %v and %d entries", err, len(evs))
			}
			b, ok := evs[0].Body.(*ActionRefused)
			if !ok || b.SetUpID != tt.wantSetUp || BodyVersionOf(b) != 2 {
				t.Fatalf("recorded %T %+v, want set-up %q in version 2", evs[0].Body, evs[0].Body, tt.wantSetUp)
			}
			if RefersTo(b).SetUp != tt.wantSetUp {
				t.Fatalf("the refusal refers to set-up %q, want %q", RefersTo(b).SetUp, tt.wantSetUp)
			}
		})
	}
}

// TestRefusalBeforeSetUpsReadsAsBefore: a refusal recorded in body version
// 1 still decodes, encodes again to the very bytes recorded, folds, and
// answers a repeated request with the rules it named.
func TestRefusalBeforeSetUpsReadsAsBefore(t *testing.T) {
	data := []byte(`{"action":"start_setup","from":"marcus","rules":[{"id":"PR-1","message":"No safety meeting has been held today (PR-1)"}]}`)
	b, err := DecodeBody("action.refused", 1, data)
	if err != nil {
		t.Fatal(err)
	}
	old, ok := b.(*ActionRefusedV1)
	if !ok || BodyVersionOf(b) != 1 {
		t.Fatalf("decoded as %T, version %d", b, BodyVersionOf(b))
	}
	if again, _ := EncodeBody(b); !bytes.Equal(again, data) {
		t.Fatalf("encoded again as %s", again)
	}
	if cur := old.Current(); cur.Action != "start_setup" || cur.From != "marcus" || cur.SetUpID != "" || len(cur.Rules) != 1 {
		t.Fatalf("read as version 2: %+v", cur)
	}
	w := newWorld(t)
	e := Event{Ledger: "red-mesa", Seq: w.prod.Size + 1, Time: t0, Actor: SystemActor("test"), Body: b}
	if err := w.prod.Apply(e); err != nil {
		t.Fatal(err)
	}
	if r := RefusalIn([]Event{e}); r == nil || len(r.Rules) != 1 || r.Rules[0].ID != "PR-1" {
		t.Fatalf("a repeated request is answered %+v", r)
	}
}
