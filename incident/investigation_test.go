package incident

import (
	"slices"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// TestInvestigation runs an investigation from assignment to sign-off:
// the investigator records factors with their whys and the root cause;
// the safety coordinator and a producer sign; the incident closes.
func TestInvestigation(t *testing.T) {
	w := newWorld(t)
	w.Must(op, setsafe.ReportDischarge{ID: "d1", FirearmID: "colt", Kind: setsafe.DischargeMisfire, Description: "Hammer fell, no report", By: "jack"})
	steps := []struct {
		name  string
		actor string
		c     setsafe.Command
		code  string
		state string
	}{
		{"crew cannot assign", "jack", AssignInvestigator{ID: "d1", Investigator: "hannah"}, setsafe.EForbidden, StateOpen},
		{"nobody named", "sofia", AssignInvestigator{ID: "d1"}, setsafe.EInvalid, StateOpen},
		{"someone not on the production", "sofia", AssignInvestigator{ID: "d1", Investigator: "zed"}, setsafe.ENotFound, StateOpen},
		{"the safety coordinator assigns the armorer", "sofia", AssignInvestigator{ID: "d1", Investigator: "hannah"}, "", StateInvestigating},
		{"a root cause before any factor", "hannah", ConcludeInvestigation{ID: "d1", RootCause: "Worn firing pin"}, setsafe.EConflict, StateInvestigating},
		{"crew cannot record a factor", "jack", RecordFactor{ID: "d1", FactorID: "f1", Category: FactorEquipment, Description: "x"}, setsafe.EForbidden, StateInvestigating},
		{"a factor with no category", "hannah", RecordFactor{ID: "d1", FactorID: "f1", Description: "Worn pin"}, setsafe.EInvalid, StateInvestigating},
		{"too many whys", "hannah", RecordFactor{ID: "d1", FactorID: "f1", Category: FactorEquipment, Description: "Worn pin",
			Whys: []string{"1", "2", "3", "4", "5", "6", "7", "8"}}, setsafe.EInvalid, StateInvestigating},
		{"the investigator records a factor", "hannah", RecordFactor{ID: "d1", FactorID: "f1", Category: FactorEquipment, Description: "The firing pin was worn",
			Whys: []string{"It was never replaced", "No schedule of parts", "The rental house keeps none", "", "Nobody asked for one"}}, "", StateInvestigating},
		{"and one of organisation", "sofia", RecordFactor{ID: "d1", FactorID: "f2", Category: FactorOrganisation, Description: "Misfires were not reported upward"}, "", StateInvestigating},
		{"sign-off before the root cause", "sofia", SignOffInvestigation{ID: "d1", Capacity: CapacitySafety}, setsafe.EConflict, StateInvestigating},
		{"the root cause", "hannah", ConcludeInvestigation{ID: "d1", RootCause: "No maintenance schedule for rented firearms", Findings: "Two misfires in a week"}, "", StateConcluded},
		{"the armorer cannot sign as producer", "hannah", SignOffInvestigation{ID: "d1", Capacity: CapacityProducer}, setsafe.EForbidden, StateConcluded},
		{"the safety coordinator signs", "sofia", SignOffInvestigation{ID: "d1", Capacity: CapacitySafety}, "", StateConcluded},
		{"again, as the producer", "sofia", SignOffInvestigation{ID: "d1", Capacity: CapacityProducer}, setsafe.EForbidden, StateConcluded},
		{"the producer signs", "dana", SignOffInvestigation{ID: "d1", Capacity: CapacityProducer, Note: "Schedule agreed with PDQ"}, "", StateClosed},
		{"nothing more once closed", "hannah", RecordFactor{ID: "d1", FactorID: "f3", Category: FactorPeople, Description: "x"}, setsafe.EConflict, StateClosed},
	}
	for _, st := range steps {
		_, err := w.Run(person(st.actor), st.c)
		if setsafe.ErrorCode(err) != st.code {
			t.Fatalf("%s: want %q, got %v", st.name, st.code, err)
		}
		if x := Find(w.Prod, "d1"); x.State != st.state {
			t.Fatalf("%s: state %s, want %s", st.name, x.State, st.state)
		}
	}
	s := w.Refold()
	x := Find(s, "d1")
	if x.Investigator != "hannah" || x.SafetySignedBy != "sofia" || x.ProducerSignedBy != "dana" || x.RootCause == "" {
		t.Fatalf("incident: %+v", x)
	}
	fs := Factors(s, "d1")
	if len(fs) != 2 || fs[0].ID != "f1" || !slices.Equal(fs[0].Whys(), []string{"It was never replaced", "No schedule of parts", "The rental house keeps none", "Nobody asked for one"}) {
		t.Fatalf("factors: %+v", fs)
	}
}

// TestNewConclusionNeedsNewSignatures: a root cause recorded again after
// one signature clears it.
func TestNewConclusionNeedsNewSignatures(t *testing.T) {
	w := newWorld(t)
	w.Must(person("jack"), OpenIncident{ID: "i1", Details: Details{Kind: KindNearMiss}})
	w.Must(person("sofia"), RecordFactor{ID: "i1", FactorID: "f1", Category: FactorProcedure, Description: "No cold-gun check"})
	w.Must(person("sofia"), ConcludeInvestigation{ID: "i1", RootCause: "Procedure skipped"})
	w.Must(person("dana"), SignOffInvestigation{ID: "i1", Capacity: CapacityProducer})
	w.Must(person("sofia"), ConcludeInvestigation{ID: "i1", RootCause: "Procedure skipped under time pressure"})
	if x := Find(w.Prod, "i1"); x.ProducerSignedBy != "" || x.State != StateConcluded {
		t.Fatalf("after a new conclusion: %+v", x)
	}
}

// TestDischargeInvestigatedThroughItsIncident: a discharge whose incident's
// investigation recorded its root cause no longer keeps its firearm from
// being issued (WS-1).
func TestDischargeInvestigatedThroughItsIncident(t *testing.T) {
	w := newWorld(t)
	w.Must(op, setsafe.ReportDischarge{ID: "d1", FirearmID: "colt", Kind: setsafe.DischargeMisfire, Description: "Hammer fell", By: "jack"})
	ws1 := func() bool {
		t.Helper()
		v, err := w.Prod.Verdict(w.Now, gate.Action{Kind: gate.Load, Firearm: "colt", Lot: "dummies", From: "hannah"})
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(v.Rules(), gate.WS1)
	}
	if !ws1() {
		t.Fatal("an uninvestigated discharge does not stop loading its firearm")
	}
	w.Must(person("sofia"), RecordFactor{ID: "d1", FactorID: "f1", Category: FactorEquipment, Description: "Worn firing pin"})
	if !ws1() {
		t.Fatal("a factor alone counts as the investigation")
	}
	w.Must(person("sofia"), ConcludeInvestigation{ID: "d1", RootCause: "No maintenance schedule"})
	if ws1() {
		t.Fatal("the incident's investigation does not count for WS-1")
	}
}
