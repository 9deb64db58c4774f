package incident

import (
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
)

// TestOpenIncident: anyone on the production records an incident, with
// only its kind in a hurry; what it names must be the production's.
func TestOpenIncident(t *testing.T) {
	tests := []struct {
		name  string
		actor string
		c     OpenIncident
		code  string
		field string
	}{
		{"the kind alone", "jack", OpenIncident{Details: Details{Kind: KindNearMiss}}, "", ""},
		{"in full", "ana", OpenIncident{Details: Details{Kind: KindInjury, Severity: SeverityMinor, Description: "Cut on a prop knife",
			ImmediateAction: "First aid by the medic", OccurredAt: "2021-10-21T07:30", Where: "Church set", People: []string{"jack"}, Witnesses: []string{"marcus"}}}, "", ""},
		{"no kind", "jack", OpenIncident{}, setsafe.EInvalid, "kind"},
		{"an unknown kind", "jack", OpenIncident{Details: Details{Kind: "accident"}}, setsafe.EInvalid, "kind"},
		{"an unknown severity", "jack", OpenIncident{Details: Details{Kind: KindFire, Severity: "huge"}}, setsafe.EInvalid, "severity"},
		{"a firearm not of the production", "jack", OpenIncident{Details: Details{Kind: KindDischarge, Firearms: []string{"glock"}}}, setsafe.EInvalid, "firearms"},
		{"a witness not of the production", "jack", OpenIncident{Details: Details{Kind: KindFire, Witnesses: []string{"nobody"}}}, setsafe.EInvalid, "witnesses"},
		{"in the future", "jack", OpenIncident{Details: Details{Kind: KindFire, OccurredAt: "2021-10-22T09:00"}}, setsafe.EInvalid, "occurred_at"},
		{"a set-up not of the production", "jack", OpenIncident{Details: Details{Kind: KindVehicle, SetUpID: "chase"}}, setsafe.EInvalid, "setup_id"},
		{"by a read-only investigator", "grace", OpenIncident{Details: Details{Kind: KindNearMiss}}, setsafe.EForbidden, ""},
		{"from a concern, by crew", "jack", OpenIncident{Details: Details{Kind: KindNearMiss}, FromConcern: "c1"}, setsafe.EForbidden, ""},
		{"from a concern, by the safety coordinator", "sofia", OpenIncident{Details: Details{Kind: KindNearMiss, Description: "Loose rail"}, FromConcern: "c1"}, "", ""},
		{"from a concern that is not", "sofia", OpenIncident{Details: Details{Kind: KindNearMiss}, FromConcern: "c9"}, setsafe.EInvalid, "from_concern"},
		{"with a document for a photo", "jack", OpenIncident{Details: Details{Kind: KindFire}, Photos: []setsafe.File{setsafe.NewFile("application/pdf", []byte("%PDF"))}}, setsafe.EInvalid, "photos"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.Must(person("ana"), setsafe.RaiseConcern{ID: "c1", Category: setsafe.CategoryHeights, Severity: setsafe.SeverityHigh, Description: "Loose rail", Mode: setsafe.ReportNamed})
			c := tt.c
			c.ID = "i1"
			_, err := w.Run(person(tt.actor), c)
			wantCode(t, err, tt.code)
			if tt.code != "" {
				if e, _ := err.(*setsafe.Error); tt.field != "" && (e == nil || e.Fields[tt.field] == "") {
					t.Fatalf("the error does not name %s: %v", tt.field, err)
				}
				if Find(w.Prod, "i1") != nil {
					t.Fatal("a refused incident was recorded")
				}
				return
			}
			x := Find(w.Prod, "i1")
			if x == nil || x.Kind != c.Kind || x.ReportedBy != tt.actor || x.State != StateOpen || x.Automatic() {
				t.Fatalf("incident: %+v", x)
			}
			if c.OccurredAt == "" && !x.OccurredAt.Equal(w.Now) {
				t.Fatalf("occurred %v, want when recorded (%v)", x.OccurredAt, w.Now)
			}
			if c.OccurredAt != "" && x.OccurredAt.Format("2006-01-02 15:04") != "2021-10-21 13:30" {
				t.Fatalf("occurred %v, want 07:30 in Denver", x.OccurredAt.UTC())
			}
			if c.FromConcern != "" && !slices.Equal(x.ConcernIDs(), []string{"c1"}) {
				t.Fatalf("concerns %v", x.ConcernIDs())
			}
			if _, err := w.Run(person(tt.actor), c); setsafe.ErrorCode(err) != setsafe.EConflict {
				t.Fatalf("the same ID again: %v", err)
			}
		})
	}
}

// TestIncidentPhotos: photos given with a report are attached to the
// incident, each once.
func TestIncidentPhotos(t *testing.T) {
	w := newWorld(t)
	photo := setsafe.NewFile("image/jpeg", []byte("\xff\xd8\xff\xe0 a photo"))
	evs := w.Must(person("jack"), OpenIncident{ID: "i1", Details: Details{Kind: KindPropertyDamage}, Photos: []setsafe.File{photo, photo}})
	if len(evs) != 2 || evs[1].Type() != "file.attached" {
		t.Fatalf("events: %v", evs)
	}
	if a := setsafe.Lookup[*setsafe.Attachment](w.Prod, "attachments", "incident/i1/"+photo.SHA256); a == nil {
		t.Fatal("the photo is not attached to the incident")
	}
	if _, err := w.Run(person("ana"), AttachEvidence{ID: "i1", File: setsafe.NewFile("application/pdf", []byte("%PDF-1.4"))}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("someone else's incident: %v", err)
	}
	w.Must(person("sofia"), AttachEvidence{ID: "i1", File: setsafe.NewFile("application/pdf", []byte("%PDF-1.4")), Caption: "Repair quote"})
}

// TestIncidentsOpenThemselves: the entries that are incidents already
// open one each, under their own ID, and the same ones when the ledger is
// folded again.
func TestIncidentsOpenThemselves(t *testing.T) {
	w := newWorld(t)
	w.Must(op, setsafe.ReportDischarge{ID: "d1", FirearmID: "colt", Kind: setsafe.DischargeMisfire, Description: "Hammer fell, no report", By: "jack"})
	w.Must(op, setsafe.ReportDischarge{ID: "d2", FirearmID: "colt", Kind: setsafe.DischargeUnintended, Description: "Went off on the cart", By: "hannah"})
	w.Must(op, setsafe.ReportLiveRound{ID: "r1", Description: "A round that does not rattle", By: "ana"})
	w.Must(op, setsafe.VerifyInert{LotID: "dummies", Checked: 10, Methods: []string{"rattle"}, Failed: 1, Failures: []string{"rattle"}, Report: "r2", Witness: "marcus", By: "hannah"})
	w.Must(op, setsafe.ReconcileDay{Counts: []setsafe.LotCount{{LotID: "dummies", Counted: 40}}, By: "hannah"})
	w.Must(person("marcus"), setsafe.CallStopWork{ID: "s1", Scope: "production", Reason: "Grip fell from the ladder", Injury: true})
	w.Must(person("marcus"), setsafe.CallStopWork{ID: "s2", Scope: "production", Reason: "Rain"})
	want := map[string]struct {
		kind  string
		fatal bool
		lots  []string
	}{
		"d1": {KindMalfunction, false, nil},
		"d2": {KindDischarge, true, nil},
		"r1": {KindLiveRound, true, nil},
		"r2": {KindLiveRound, true, []string{"dummies"}},
		"s1": {KindInjury, false, nil},
	}
	for _, s := range []*setsafe.State{w.Prod, w.Refold()} {
		all := All(s)
		discrepancies := 0
		for _, x := range all {
			if x.Kind == KindDiscrepancy {
				discrepancies++
				if x.Source != "day.reconciled" || !strings.Contains(x.Description, "missing") && !strings.Contains(x.Description, "not secured") {
					t.Fatalf("discrepancy incident: %+v", x)
				}
				continue
			}
			wx, ok := want[x.ID]
			if !ok {
				t.Fatalf("an incident nothing opened: %+v", x)
			}
			if x.Kind != wx.kind || x.CouldHaveBeenFatal != wx.fatal || !slices.Equal(x.LotIDs(), wx.lots) || !x.Automatic() || x.State != StateOpen {
				t.Fatalf("incident %s: %+v", x.ID, x)
			}
		}
		if len(all) != len(want)+discrepancies || discrepancies == 0 {
			t.Fatalf("%d incidents, %d discrepancies: %+v", len(all), discrepancies, all)
		}
		if x := Find(s, "d1"); !slices.Equal(x.FirearmIDs(), []string{"colt"}) || x.ReportedBy != "jack" || x.Description != "Hammer fell, no report" {
			t.Fatalf("discharge incident: %+v", x)
		}
		if x := Find(s, "r2"); !slices.Contains(x.PeopleIDs(), "marcus") {
			t.Fatalf("the failed check's witness is not named: %+v", x)
		}
	}
}

// TestAmendIncident: a reporter fills in their own record while nobody
// investigates it; after that only the investigator and those who
// investigate correct it, saying why. Each correction points at the entry
// it corrects.
func TestAmendIncident(t *testing.T) {
	w := newWorld(t)
	first := w.Must(person("jack"), OpenIncident{ID: "i1", Details: Details{Kind: KindNearMiss}})
	desc, sev := "A light stand fell where the actor had stood", SeverityNone
	evs := w.Must(person("jack"), AmendIncident{ID: "i1", Description: &desc, Severity: &sev})
	if evs[0].Corrects != first[0].Seq {
		t.Fatalf("corrects %d, want %d", evs[0].Corrects, first[0].Seq)
	}
	if evs := w.Must(person("jack"), AmendIncident{ID: "i1", Description: &desc}); len(evs) != 0 {
		t.Fatalf("the same correction again recorded %v", evs)
	}
	if _, err := w.Run(person("ana"), AmendIncident{ID: "i1", Description: &desc, Reason: "mine"}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("someone else: %v", err)
	}
	w.Must(person("sofia"), AssignInvestigator{ID: "i1", Investigator: "marcus"})
	kind := KindPropertyDamage
	if _, err := w.Run(person("jack"), AmendIncident{ID: "i1", Kind: &kind, Reason: "it broke"}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("the reporter once investigated: %v", err)
	}
	_, err := w.Run(person("marcus"), AmendIncident{ID: "i1", Kind: &kind})
	wantCode(t, err, setsafe.EInvalid)
	second := w.Must(person("marcus"), AmendIncident{ID: "i1", Kind: &kind, Reason: "The stand's lamp broke"})
	if second[0].Corrects != evs[0].Seq {
		t.Fatalf("corrects %d, want %d", second[0].Corrects, evs[0].Seq)
	}
	if x := Find(w.Prod, "i1"); x.Kind != kind || x.Description != desc || x.Investigator != "marcus" {
		t.Fatalf("incident: %+v", x)
	}
}

// TestLinkConcern: a concern links to one incident only.
func TestLinkConcern(t *testing.T) {
	w := newWorld(t)
	w.Must(person("ana"), setsafe.RaiseConcern{ID: "c1", Category: setsafe.CategoryFirearms, Severity: setsafe.SeverityHigh, Description: "Misfires yesterday, nobody looked", Mode: setsafe.ReportNamed})
	w.Must(op, setsafe.ReportDischarge{ID: "d1", FirearmID: "colt", Kind: setsafe.DischargeMisfire, Description: "Hammer fell", By: "jack"})
	w.Must(person("jack"), OpenIncident{ID: "i2", Details: Details{Kind: KindNearMiss}})
	if _, err := w.Run(person("marcus"), LinkConcern{ID: "d1", ConcernID: "c1"}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("the 1st AD links: %v", err)
	}
	w.Must(person("sofia"), LinkConcern{ID: "d1", ConcernID: "c1"})
	if evs := w.Must(person("sofia"), LinkConcern{ID: "d1", ConcernID: "c1"}); len(evs) != 0 {
		t.Fatalf("linked twice: %v", evs)
	}
	_, err := w.Run(person("sofia"), LinkConcern{ID: "i2", ConcernID: "c1"})
	wantCode(t, err, setsafe.EConflict)
	if x := Find(w.Refold(), "d1"); !slices.Equal(x.ConcernIDs(), []string{"c1"}) {
		t.Fatalf("concerns of d1: %v", x.ConcernIDs())
	}
}
