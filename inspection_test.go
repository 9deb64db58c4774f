package setsafe

import (
	"strings"
	"testing"
)

// TestInspection records the armorer's inspection: a clean one keeps the
// firearm in service and notes its condition; a fault takes it out of
// service; an inspection of a loaded firearm or one in someone else's hands
// is refused.
func TestInspection(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name       string
		setup      func(w *world)
		cmd        InspectFirearm
		wantCode   string
		wantField  string
		wantEvents []string
		outOfSvc   bool
	}{
		{name: "clean, in its store",
			cmd:        InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "Good", By: "hannah"},
			wantEvents: []string{"firearm.inspected"}},
		{name: "bore obstructed",
			cmd:        InspectFirearm{FirearmID: "colt", BoreClear: false, Functions: true, Condition: "Fair", Note: "Lead in the bore", By: "hannah"},
			wantEvents: []string{"firearm.inspected", "firearm.out_of_service"}, outOfSvc: true},
		{name: "fault without saying what",
			cmd:      InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: false, Condition: "Fair", By: "hannah"},
			wantCode: EInvalid, wantField: "note"},
		{name: "no condition",
			cmd:      InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "  ", By: "hannah"},
			wantCode: EInvalid, wantField: "condition"},
		{name: "no such firearm",
			cmd:      InspectFirearm{FirearmID: "winchester", BoreClear: true, Functions: true, Condition: "Good", By: "hannah"},
			wantCode: ENotFound},
		{name: "loaded",
			setup: func(w *world) {
				w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
				w.must("red-mesa", op, VerifyInert{LotID: "dummies", Method: "rattle", Checked: 50, By: "hannah"})
				w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
			},
			cmd:      InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "Good", By: "hannah"},
			wantCode: EConflict},
		{name: "in the inspector's hands",
			setup:      func(w *world) { w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"}) },
			cmd:        InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true, Condition: "Good", By: "hannah"},
			wantEvents: []string{"firearm.inspected"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := armoryWorld(t)
			if tt.setup != nil {
				tt.setup(w)
			}
			evs, err := w.run("red-mesa", op, tt.cmd)
			if tt.wantCode != "" {
				e, ok := err.(*Error)
				if !ok || e.Code != tt.wantCode {
					t.Fatalf("want %s, got %v", tt.wantCode, err)
				}
				if tt.wantField != "" && e.Fields[tt.wantField] == "" {
					t.Fatalf("want a problem with %s, got %+v", tt.wantField, e.Fields)
				}
				if len(evs) != 0 {
					t.Fatalf("a refused inspection recorded %d events", len(evs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, e := range evs {
				types = append(types, e.Type())
			}
			if strings.Join(types, " ") != strings.Join(tt.wantEvents, " ") {
				t.Fatalf("events %v, want %v", types, tt.wantEvents)
			}
			f := w.prod.Firearm("colt")
			if f.OutOfService != tt.outOfSvc || f.Condition != tt.cmd.Condition || f.InspectedBy != "hannah" || f.InspectedAt.IsZero() {
				t.Fatalf("firearm after inspection: %+v", f)
			}
		})
	}
}
