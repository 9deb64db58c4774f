package setsafe

import (
	"slices"
	"strings"
	"testing"
)

// armoryWorld is the red-mesa production with an armorer, her permit, a
// compliance contact, the actor's training, a revolver and lots received.
func armoryWorld(t *testing.T) *world {
	w := newWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "hannah", PersonDetails: PersonDetails{Name: "Hannah"}, Roles: []Role{RoleArmorer}})
	w.must("red-mesa", op, RecordPermit{ID: "permit1", PersonID: "hannah", Kind: "armorer", Number: "NM-1", Issuer: "State", Expires: "2022-12-31"})
	w.must("red-mesa", op, NameComplianceContact{PersonID: "luis"})
	w.must("red-mesa", op, RecordTraining{ID: "train1", PersonID: "jack", Course: "Firearm safety", Provider: "CSATF", Firearms: true, Hours: 4, Completed: "2021-09-01"})
	w.must("red-mesa", op, ReceiveFirearm{ID: "colt", Make: "Colt", Model: "Single Action Army", Serial: "4417", Kind: "blank_firing",
		Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"})
	w.must("red-mesa", op, ReceiveAmmoLot{ID: "dummies", Label: "D-1", Kind: "dummy", Calibre: ".45 Colt", Source: "PDQ Arm & Prop", Headstamp: "PDQ 45", Count: 50, Origin: LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45"}, By: "hannah"})
	return w
}

func refusedFor(t *testing.T, evs []Event, err error, rule string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok || e.Code != ERefused {
		t.Fatalf("want a refusal under %s, got %v", rule, err)
	}
	if !slices.ContainsFunc(e.Rules, func(f RuleFinding) bool { return f.ID == rule }) {
		t.Fatalf("refusal does not name %s: %+v", rule, e.Rules)
	}
	if len(evs) != 1 || evs[0].Type() != "action.refused" {
		t.Fatalf("the refusal is not recorded: %+v", evs)
	}
}

// TestArmoryDay runs an armorer's morning: each step refused while a rule
// fails, with the refusal recorded, and allowed once it holds.
func TestArmoryDay(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	before := w.prod.Firearm("colt").Store

	// A gun handed out by the 1st AD (Rust, link 8) is refused, recorded,
	// and changes nothing.
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"marcus", "jack"}, Device: "tablet-1", By: "marcus"})
	refusedFor(t, evs, err, "FA-3")
	if w.prod.Firearm("colt").Store != before {
		t.Fatal("a refused hand-over moved the firearm")
	}

	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	refusedFor(t, evs, err, "AM-3")
	w.must("red-mesa", op, VerifyInert{LotID: "dummies", Methods: []string{"rattle", "no_primer"}, Checked: 50, Witness: "marcus", By: "hannah"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	if l := w.prod.AmmoLot("dummies"); l.InStock != 44 || l.Loaded != 6 {
		t.Fatalf("lot after loading: %+v", l)
	}

	// No meeting, no show-clear yet: the issue names both rules.
	evs, err = w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "PR-1")
	refusedFor(t, evs, err, "FA-6")
	if !strings.Contains(ErrorMessage(err), "Nobody has shown the Colt Single Action Army (SN 4417) clear to Jack and the 1st AD") {
		t.Fatalf("message: %s", ErrorMessage(err))
	}

	w.must("red-mesa", op, HoldMeeting{ID: "meet1", Covered: firearmTopics, Topics: []string{"Firearms (SB1)", "Walk-through of scene 42"}, WalkThrough: true, By: "marcus"})
	for _, who := range []string{"jack", "marcus", "hannah"} {
		w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet1", PersonID: who, ConfirmedBy: "pin"})
	}
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	if f := w.prod.Firearm("colt"); f.Custodian != "jack" || f.Store != "" {
		t.Fatalf("after the issue: %+v", f)
	}

	// The actor may not pass it on; he gives it back to the armorer.
	evs, err = w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "marcus", ConfirmedWithPIN: []string{"jack", "marcus"}, Device: "tablet-1", By: "jack"})
	refusedFor(t, evs, err, "FA-3")
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "hannah", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "jack"})
	w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", By: "hannah"})
	w.must("red-mesa", op, SecureFirearm{FirearmID: "colt", Store: "armory truck", By: "hannah"})
	if f, l := w.prod.Firearm("colt"), w.prod.AmmoLot("dummies"); f.Store != "armory truck" || f.LoadedRounds != 0 || l.InStock != 50 {
		t.Fatalf("at wrap: %+v %+v", f, l)
	}
}

func TestArmoryRefusals(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name string
		c    Command
		rule string
	}{
		{"a live lot (AM-1)", ReceiveAmmoLot{ID: "live", Label: "L", Kind: "live", Calibre: ".45", Source: "gun shop", Headstamp: "W-W", Count: 50, By: "hannah"}, "AM-1"},
		{"a lot without source (AM-4)", ReceiveAmmoLot{ID: "odd", Label: "O", Kind: "blank", Calibre: ".45", Headstamp: "W-W", Count: 50, By: "hannah"}, "AM-4"},
		{"a firearm received by the 1st AD (FA-11)", ReceiveFirearm{ID: "own", Make: "Glock", Model: "17", Serial: "X", Kind: "blank_firing", Calibre: "9mm", Chambers: 1, Owner: "Marcus", Store: "car", By: "marcus"}, "FA-11"},
		{"a firearm taken from the store by the 1st AD (FA-3)", UnsecureFirearm{FirearmID: "colt", By: "marcus"}, "FA-3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := armoryWorld(t)
			evs, err := w.run("red-mesa", op, tc.c)
			refusedFor(t, evs, err, tc.rule)
		})
	}
}

func TestArmoryInputErrors(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name  string
		c     Command
		field string
	}{
		{"firearm kind", ReceiveFirearm{ID: "x1", Make: "Colt", Model: "M", Serial: "1", Kind: "cannon", Calibre: ".45", Chambers: 6, Owner: "O", Store: "S", By: "hannah"}, "kind"},
		{"chambers", ReceiveFirearm{ID: "x1", Make: "Colt", Model: "M", Serial: "1", Kind: "blank_firing", Calibre: ".45", Chambers: 0, Owner: "O", Store: "S", By: "hannah"}, "chambers"},
		{"lot count", ReceiveAmmoLot{ID: "x2", Label: "L", Kind: "blank", Count: -1, By: "hannah"}, "count"},
		{"inert method", VerifyInert{LotID: "dummies", Methods: []string{"guess"}, Checked: 5, Witness: "marcus", By: "hannah"}, "methods"},
		{"training date", RecordTraining{ID: "t9", PersonID: "jack", Course: "C", Provider: "P", Completed: "21 Oct"}, "completed"},
		{"a training completed tomorrow", RecordTraining{ID: "t9", PersonID: "jack", Course: "C", Provider: "P", Firearms: true, Completed: "2021-10-22"}, "completed"},
		{"profile", SetSafetyProfile{Profile: "mars"}, "profile"},
		{"switching off a mandatory rule", SetSafetyProfile{Profile: "california", RulesOff: []string{"PR-2"}}, "rules_off"},
		{"loosening a mandatory parameter", SetSafetyProfile{Profile: "us", ShowClearMinutes: 60}, "show_clear_minutes"},
		{"who acts", UnsecureFirearm{FirearmID: "colt"}, "by"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := armoryWorld(t)
			_, err := w.run("red-mesa", op, tc.c)
			e, ok := err.(*Error)
			if !ok || e.Code != EInvalid || e.Fields[tc.field] == "" {
				t.Fatalf("want an invalid %s, got %v", tc.field, err)
			}
		})
	}
}

// readyToIssue brings the armory world to the point where Hannah may issue
// the loaded revolver to Jack.
func readyToIssue(t *testing.T) *world {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	w.must("red-mesa", op, VerifyInert{LotID: "dummies", Methods: []string{"rattle", "no_primer"}, Checked: 50, Witness: "marcus", By: "hannah"})
	w.must("red-mesa", op, HoldMeeting{ID: "meet1", Covered: firearmTopics, Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, WalkThrough: true, By: "marcus"})
	for _, who := range []string{"jack", "marcus", "hannah"} {
		w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet1", PersonID: who, ConfirmedBy: "pin"})
	}
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	return w
}

func TestArmorerHasNoOtherDuties(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	// Rust, link 1: the armorer also made assistant props.
	evs, err := w.run("red-mesa", op, GrantRole{PersonID: "hannah", Role: RolePropertyMaster})
	refusedFor(t, evs, err, "FA-4")
	if slices.Contains(w.prod.RolesOf("hannah"), RolePropertyMaster) {
		t.Fatal("the refused role was granted")
	}
	evs, err = w.run("red-mesa", op, AddPerson{ID: "sam", PersonDetails: PersonDetails{Name: "Sam"}, Roles: []Role{RolePropertyMaster, RoleArmorer}})
	refusedFor(t, evs, err, "FA-4")
	if w.prod.Person("sam") != nil {
		t.Fatal("a refused person was added")
	}
	w.must("red-mesa", op, GrantRole{PersonID: "jack", Role: RolePropertyMaster})
}

func TestCustodyEnds(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	if _, err := w.run("red-mesa", op, ReturnToOwner{FirearmID: "colt"}); ErrorCode(err) != EConflict {
		t.Fatalf("a firearm in hand went back to its owner: %v", err)
	}
	w.must("red-mesa", op, TakeOutOfService{FirearmID: "colt", Reason: "Cylinder binds"})
	if !w.prod.Firearm("colt").OutOfService {
		t.Fatal("not out of service")
	}
	w.must("red-mesa", op, SecureFirearm{FirearmID: "colt", Store: "truck", By: "hannah"})
	w.must("red-mesa", op, ReturnToOwner{FirearmID: "colt", Note: "Back to PDQ for repair"})
	if _, err := w.run("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"}); ErrorCode(err) != EConflict {
		t.Fatalf("a returned firearm left the store again: %v", err)
	}

	w.must("red-mesa", op, ReturnRounds{LotID: "dummies", Count: 10, Note: "surplus"})
	if _, err := w.run("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 2, Method: "disassembled", Witness: "hannah-nobody"}); ErrorCode(err) != ENotFound {
		t.Fatalf("destruction without a real witness: %v", err)
	}
	if _, err := w.run("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 41, Method: "disassembled", Witness: "marcus", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("destroying more than in stock: %v", err)
	}
	if _, err := w.run("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 2, Method: "disassembled", Witness: "hannah", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("the armorer witnessed her own destruction: %v", err)
	}
	w.must("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 2, Method: "disassembled", Witness: "marcus", By: "hannah"})
	l := w.prod.AmmoLot("dummies")
	if l.InStock != 38 || l.Returned != 10 || l.Destroyed != 2 || l.InStock+l.Loaded+l.Fired+l.Returned+l.Destroyed != l.Received {
		t.Fatalf("lot: %+v", l)
	}
}

// TestHandOverConfirmers checks whose PINs confirm a hand-over, for each
// sender: the sender's and the receiver's, when the sender gives a
// firearm they hold; the holder's and the armorer's, when an armorer takes
// it back; nobody's, when the sender takes no part in it, so that no one's
// attempts are spent. Being signed in confirms nothing (FA-3).
func TestHandOverConfirmers(t *testing.T) {
	w := readyToIssue(t)
	unsecured := w.prod.Snapshot() // out of the safe, in the armorer's hands
	w.must("red-mesa", SystemActor("test"), HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	held := w.prod
	if unsecured.Firearm("colt").Custodian != "hannah" || held.Firearm("colt").Custodian != "jack" {
		t.Fatalf("held by %q before the hand-over and %q after", unsecured.Firearm("colt").Custodian, held.Firearm("colt").Custodian)
	}
	armorer := Access{Actor: AccountActor("acc-hannah"), AccountActive: true, PersonID: "hannah", Roles: []Role{RoleArmorer}}
	jack := Access{Actor: AccountActor("acc-jack"), AccountActive: true, PersonID: "jack", Roles: []Role{RoleCast}}
	marcus := Access{Actor: AccountActor("acc-marcus"), AccountActive: true, PersonID: "marcus", Roles: []Role{RoleFirstAD}}
	tests := []struct {
		name            string
		state           *State
		a               Access
		c               HandOver
		giver, receiver string
	}{
		{"the armorer issues the firearm she holds", unsecured, armorer, HandOver{FirearmID: "colt", To: "jack"}, "hannah", "jack"},
		{"the armorer takes back from someone not holding it", unsecured, armorer, HandOver{FirearmID: "colt", From: "jack"}, "", ""},
		{"the performer issues a firearm he does not hold", unsecured, jack, HandOver{FirearmID: "colt", To: "marcus"}, "", ""},
		{"the holder gives it to the 1st AD", held, jack, HandOver{FirearmID: "colt", To: "marcus"}, "jack", "marcus"},
		{"the armorer takes it back from its holder", held, armorer, HandOver{FirearmID: "colt", From: "jack"}, "jack", "hannah"},
		{"the armorer names someone who does not hold it", held, armorer, HandOver{FirearmID: "colt", From: "marcus"}, "", ""},
		{"the 1st AD hands on a firearm he does not hold", held, marcus, HandOver{FirearmID: "colt", To: "jack"}, "", ""},
		{"the 1st AD takes it back: not an armorer", held, marcus, HandOver{FirearmID: "colt", From: "jack"}, "", ""},
		{"the holder hands it to himself", held, jack, HandOver{FirearmID: "colt", To: "jack"}, "", ""},
		{"no such firearm", held, armorer, HandOver{FirearmID: "winchester", From: "jack"}, "", ""},
	}
	for _, tt := range tests {
		if g, r := tt.c.Confirmers(tt.a, tt.state); g != tt.giver || r != tt.receiver {
			t.Errorf("%s: confirmed by %q and %q, want %q and %q", tt.name, g, r, tt.giver, tt.receiver)
		}
	}
}

// TestHandOverNeedsBothPINs checks that a hand-off goes ahead only when
// the giver and the receiver each confirmed it with their own PIN, and
// records both and the device; without them the gate refuses it under
// FA-3 and the refusal is recorded.
func TestHandOverNeedsBothPINs(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name      string
		confirmed []string
		device    string
		wantRule  string
		wantField string
	}{
		{"both, giver first", []string{"hannah", "jack"}, "session:5f0c9a1e", "", ""},
		{"both, receiver first", []string{"jack", "hannah"}, "token:k3v9q2m7", "", ""},
		{"only the armorer's session: nobody typed a PIN", nil, "session:5f0c9a1e", "FA-3", ""},
		{"only the giver's PIN", []string{"hannah"}, "session:5f0c9a1e", "FA-3", ""},
		{"only the receiver's PIN", []string{"jack"}, "session:5f0c9a1e", "FA-3", ""},
		{"a bystander's PIN for the receiver's", []string{"hannah", "marcus"}, "session:5f0c9a1e", "FA-3", ""},
		{"no device", []string{"hannah", "jack"}, "", "", "device"},
		{"a device name with spaces", []string{"hannah", "jack"}, "my tablet", "", "device"},
		{"a device name too long", []string{"hannah", "jack"}, strings.Repeat("d", MaxDevice+1), "", "device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := readyToIssue(t)
			evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: tt.confirmed, Device: tt.device, By: "hannah"})
			switch {
			case tt.wantField != "":
				if se, ok := err.(*Error); !ok || se.Code != EInvalid || se.Fields[tt.wantField] == "" || len(evs) != 0 {
					t.Fatalf("want %s refused as invalid, got %v", tt.wantField, err)
				}
			case tt.wantRule != "":
				refusedFor(t, evs, err, tt.wantRule)
				if w.prod.Firearm("colt").Custodian != "hannah" {
					t.Fatal("the firearm moved")
				}
			default:
				if err != nil || len(evs) != 1 {
					t.Fatalf("want the hand-off recorded, got %v", err)
				}
				b := evs[0].Body.(*FirearmHandedOver)
				if !slices.Equal(b.ConfirmedWithPIN, []string{"hannah", "jack"}) || b.Device != tt.device {
					t.Fatalf("recorded confirmed by %v on %q", b.ConfirmedWithPIN, b.Device)
				}
			}
		})
	}
}

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
				w.must("red-mesa", op, VerifyInert{LotID: "dummies", Methods: []string{"rattle", "no_primer"}, Checked: 50, Witness: "marcus", By: "hannah"})
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

// TestHandedOverVersionOneFolds checks that a hand-off an old ledger holds
// in body version 1, confirmed by one PIN beside a session, still moves the
// firearm when the ledger is folded.
func TestHandedOverVersionOneFolds(t *testing.T) {
	w := readyToIssue(t)
	s := w.prod
	b, err := DecodeBody("firearm.handed_over", 1, []byte(`{"firearm_id":"colt","from":"hannah","to":"jack","confirmed_by":"pin","setup":""}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(Event{Ledger: "red-mesa", Seq: s.Size + 1, Time: w.now, Actor: PersonActor("hannah"), Body: b}); err != nil {
		t.Fatal(err)
	}
	if got := s.Firearm("colt").Custodian; got != "jack" {
		t.Fatalf("after a version 1 hand-off the Colt is with %q", got)
	}
}
