package setsafetest

import (
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

func TestWorldRunsCommandsAsTheLedgerWriterDoes(t *testing.T) {
	now := time.Date(2021, 10, 21, 14, 0, 0, 0, time.UTC)
	w := RedMesa(t, now)
	for _, id := range []string{"dana", "sofia", "hannah", "marcus", "jack", "ana", "grace"} {
		if w.Prod.Person(id) == nil {
			t.Errorf("red-mesa has no %s", id)
		}
	}
	if int64(len(w.Events)) != w.Prod.Size {
		t.Errorf("%d events kept for a ledger of %d", len(w.Events), w.Prod.Size)
	}
	for i, e := range w.Events {
		if e.Seq != int64(i+1) || !e.Time.Equal(now) || e.Ledger != "red-mesa" {
			t.Errorf("event %d is %s #%d at %s", i, e.Ledger, e.Seq, e.Time)
		}
	}
	if s := w.Refold(); s.Size != w.Prod.Size || s.Person("grace") == nil {
		t.Errorf("refolded to %d entries, want %d with grace", s.Size, w.Prod.Size)
	}

	// The crew may not add people: nothing is recorded.
	size := w.Prod.Size
	_, err := w.Run(setsafe.PersonActor("jack"), setsafe.AddPerson{ID: "mia", PersonDetails: setsafe.PersonDetails{Name: "Mia"}})
	WantCode(t, err, setsafe.EForbidden)
	if w.Prod.Size != size || int64(len(w.Events)) != size {
		t.Errorf("a refused command recorded something: %d entries", w.Prod.Size)
	}

	// The gate refuses a firearm set-up before its meeting, and the
	// refusal is recorded.
	w.Must(Operator, setsafe.PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42", Hazards: []string{gate.HazardFirearms}})
	size = w.Prod.Size
	w.Refused(Operator, setsafe.StartSetUp{SetUpID: "s42", By: "marcus"})
	if w.Prod.Size == size {
		t.Error("the gate's refusal was not recorded")
	}
}
