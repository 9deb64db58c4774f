package setsafe

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Who may send a command, by role; "site_admin" is a site administrator
// who holds no role in the production.
var (
	everyRoleButReadOnly = []string{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer", "assistant_armorer",
		"property_master", "stunt_coordinator", "pyrotechnician", "special_effects", "fire_safety_officer", "precision_driver", "safety_diver",
		"rigger", "key_grip", "animal_handler", "animal_safety_representative", "railroad_representative", "aviation_coordinator",
		"drone_pilot", "medic", "location_manager", "department_head", "cast", "crew"}
	permissionRecorders = []string{"producer", "unit_production_manager", "safety_coordinator", "location_manager"}
	armorersOnly        = []string{"armorer", "assistant_armorer"}
	safetyManagers      = []string{"producer", "unit_production_manager", "safety_coordinator"}
	concernHandlers     = []string{"producer", "unit_production_manager", "safety_coordinator", "department_head"}
	meetingRunners      = []string{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer"}
	crewListKeepers     = []string{"producer", "unit_production_manager", "first_ad", "site_admin"}
	roleGranters        = []string{"producer", "unit_production_manager", "site_admin"}
	productionEditors   = []string{"producer", "unit_production_manager"}
	nobodyHere          = []string(nil)
)

// commandRow is one command type and who may send it.
type commandRow struct {
	cmd Command
	// site is set for commands on the site ledger, where nobody holds a
	// production role.
	site bool
	who  []string
}

// everyCommand lists one command of every type the domain has, with who
// may send it as the production's people send it: signed in as "grace",
// who holds the role tried. TestEveryCommandIsListed fails when a command
// type is missing, so that nobody adds a command without saying who may
// send it.
func everyCommand() []commandRow {
	return []commandRow{
		{CreateAccount{ID: "x", Email: "x@example.com", Name: "X"}, true, nobodyHere},
		{UpdateAccount{ID: "admin", Name: new("A")}, true, nobodyHere},
		{SetPassword{AccountID: "admin", Hash: "h"}, true, nobodyHere},
		{DisableAccount{ID: "admin", Reason: "x"}, true, nobodyHere},
		{EnableAccount{ID: "admin"}, true, nobodyHere},
		{SetSiteAdmin{AccountID: "rosa", Admin: true}, true, nobodyHere},
		{CreateAPIToken{ID: "t", AccountID: "admin", Name: "x", SecretHash: "h"}, true, nobodyHere},
		{RevokeAPIToken{ID: "t"}, true, nobodyHere},
		{registerProduction{ID: "dust-devil"}, true, nobodyHere},
		{GrantStudioAccess{AccountID: "rosa", Capacity: StudioInsurer, Productions: []string{"red-mesa"}}, true, nobodyHere},
		{RevokeStudioAccess{AccountID: "rosa", Reason: "x"}, true, nobodyHere},

		{CreateProduction{ID: "red-mesa", Name: "Red Mesa"}, false, []string{"site_admin"}},
		{UpdateProduction{Name: new("Red Mesa II")}, false, productionEditors},
		{AddPerson{ID: "mia", PersonDetails: PersonDetails{Name: "Mia"}}, false, crewListKeepers},
		{AddPerson{ID: "mia", PersonDetails: PersonDetails{Name: "Mia"}, Roles: []Role{RoleCrew}}, false, roleGranters},
		{UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Name: new("Jack B.")}}, false, crewListKeepers},
		{RemovePerson{ID: "jack", Reason: "wrapped"}, false, roleGranters},
		{LinkAccount{PersonID: "jack", AccountID: "admin"}, false, roleGranters},
		{UnlinkAccount{PersonID: "jack"}, false, roleGranters},
		// Grace's own PIN, except to a site administrator, who may set
		// an investigator's.
		{SetPIN{PersonID: "grace", Hash: "h"}, false, append(slices.Clone(everyRoleButReadOnly), "site_admin")},
		{SetPIN{PersonID: "jack", Hash: "h"}, false, crewListKeepers},
		{GrantRole{PersonID: "jack", Role: RoleCrew}, false, roleGranters},
		{SetAsideTitleDuties{PersonID: "jack", JobTitle: "Armorer / props", Reason: "r"}, false, roleGranters},
		{RevokeRole{PersonID: "jack", Role: RoleCast, Reason: "recast"}, false, roleGranters},

		{ReceiveFirearm{ID: "f2", Make: "Colt", Model: "SAA", Serial: "1", Kind: "blank_firing", Calibre: ".45", Chambers: 6, Owner: "PDQ", Store: "truck"}, false, everyRoleButReadOnly},
		{ReceiveAmmoLot{ID: "l2", Label: "B-2", Kind: "blank", Count: 10}, false, everyRoleButReadOnly},
		{VerifyInert{LotID: "dummies", Methods: []string{"rattle"}, Checked: 1, Witness: "marcus"}, false, armorersOnly},
		{UnsecureFirearm{FirearmID: "colt"}, false, everyRoleButReadOnly},
		{SecureFirearm{FirearmID: "colt", Store: "truck"}, false, armorersOnly},
		{HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1"}, false, everyRoleButReadOnly},
		{StartDuty{}, false, armorersOnly},
		{EndDuty{}, false, armorersOnly},
		{EndDuty{PersonID: "hannah", Emergency: true, Reason: "taken ill"}, false, []string{"producer", "site_admin"}},
		{HandOverDuty{To: "jack", Device: "tablet-1"}, false, armorersOnly},
		{RevokeRole{PersonID: "hannah", Role: RoleArmorer, Reason: "taken ill", Emergency: true}, false, []string{"producer", "site_admin"}},
		{RemovePerson{ID: "hannah", Reason: "taken ill", Emergency: true}, false, []string{"producer", "site_admin"}},
		{LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6}, false, everyRoleButReadOnly},
		{UnloadFirearm{FirearmID: "colt"}, false, armorersOnly},
		{ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack"}}, false, armorersOnly},
		{InspectFirearm{FirearmID: "colt", BoreClear: true, Functions: true}, false, armorersOnly},
		{AttachFile{Subject: SubjectFirearm, SubjectID: "colt"}, false, armorersOnly},
		{AttachFile{Subject: SubjectTraining, SubjectID: "train1"}, false, safetyManagers},
		{AttachFile{Subject: SubjectHazardPermission, SubjectID: "perm1"}, false, permissionRecorders},
		{AddLocation{ID: "lamy", Name: "Lamy siding"}, false, permissionRecorders},
		{PlaceSetUp{SetUpID: "s1", LocationID: "lamy"}, false, meetingRunners},
		{GrantPermission{ID: "perm2", Kind: "track_access", Issuer: "BNSF", ValidUntil: "2030-01-01", LocationID: "lamy"}, false, permissionRecorders},
		{RefusePermission{ID: "perm2", Kind: "track_access", Issuer: "BNSF", Reason: "No", LocationID: "lamy"}, false, permissionRecorders},
		{WithdrawPermission{ID: "perm1", Reason: "Mistake"}, false, permissionRecorders},
		{AttachFile{Subject: SubjectSetUp, SubjectID: "s1"}, false, append(slices.Clone(safetyManagers), "stunt_coordinator", "safety_diver", "special_effects", "pyrotechnician")},
		{RecordPreparation{Kind: "track_window", SetUpID: "s1"}, false, []string{"railroad_representative"}},
		{RecordPreparation{Kind: "weather_limits", SetUpID: "s1"}, false, []string{"safety_coordinator", "safety_diver", "aviation_coordinator", "drone_pilot"}},
		{TakeOutOfService{FirearmID: "colt", Reason: "x"}, false, armorersOnly},
		{ReturnToOwner{FirearmID: "colt"}, false, armorersOnly},
		{ReturnRounds{LotID: "dummies", Count: 1}, false, armorersOnly},
		{DestroyRounds{LotID: "dummies", Count: 1}, false, armorersOnly},
		{ReconcileDay{}, false, armorersOnly},
		{ClearLiveRound{ID: "r1"}, false, armorersOnly},
		{RecordShotPlan{SetUpID: "s1"}, false, armorersOnly},
		{ReturnToService{FirearmID: "colt", BoreClear: true}, false, armorersOnly},

		{ReportDischarge{ID: "d1", FirearmID: "colt", Kind: "misfire", Description: "x"}, false, everyRoleButReadOnly},
		{ReportLiveRound{ID: "r1", Description: "x"}, false, everyRoleButReadOnly},
		{CallStopWork{ID: "w1", Scope: "production", Reason: "x"}, false, everyRoleButReadOnly},
		{CallStopWork{ID: "w1", Scope: "production", Reason: "x", By: "jack", ConfirmedBy: StopWorkByPIN}, false, meetingRunners},
		{LiftStopWork{ID: "w1", Resolution: "x"}, false, []string{"producer", "safety_coordinator"}},
		{RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityNormal, Description: "x", Mode: ReportNamed}, false, everyRoleButReadOnly},
		{ReplyToConcern{ID: "c1", Text: "x"}, false, everyRoleButReadOnly},
		{MoveConcern{ID: "c1", State: ConcernAcknowledged}, false, concernHandlers},
		{AnswerConcern{ID: "c1", Text: "x"}, false, concernHandlers},
		{TriageConcern{ID: "c1", Triage: TriageFounded}, false, []string{"producer", "safety_coordinator"}},
		{DecideConcern{ID: "c1", Decision: DecisionProceed, Reason: "x"}, false, []string{"producer", "safety_coordinator"}},
		{EscalateConcern{ID: "c1"}, false, nobodyHere},
		{EscalateAlert{ID: "a1"}, false, nobodyHere},
		{WatchFirearm{FirearmID: "colt"}, false, nobodyHere},
		{AcknowledgeAlert{ID: "a1", Reason: "x"}, false, []string{"producer", "unit_production_manager", "first_ad", "safety_coordinator", "armorer", "assistant_armorer"}},
		// Only the compliance contact and a producer sign; Decide checks
		// which capacity the person signs in.
		{SignOffReview{Note: "x"}, false, everyRoleButReadOnly},
		{ConfirmAttendance{MeetingID: "m1", PersonID: "grace", ConfirmedBy: "session"}, false, everyRoleButReadOnly},
		{ConfirmAttendance{MeetingID: "m1", PersonID: "jack", ConfirmedBy: "pin"}, false, meetingRunners},
		{HoldMeeting{ID: "m1", Topics: []string{"x"}}, false, meetingRunners},
		{CheckInPerson{PersonID: "grace", ConfirmedBy: CheckInBySession}, false, everyRoleButReadOnly},
		{CheckInPerson{PersonID: "jack", ConfirmedBy: CheckInByPIN}, false, meetingRunners},
		{CheckOutPerson{PersonID: "grace", ConfirmedBy: CheckInBySession}, false, everyRoleButReadOnly},
		{CheckOutPerson{PersonID: "jack", ConfirmedBy: CheckInByPIN}, false, meetingRunners},
		// Checking out someone who left without doing so.
		{CheckOutPerson{PersonID: "jack", ConfirmedBy: CheckInBySession}, false, meetingRunners},
		{PlanSetUp{ID: "s1", Scene: "1", Name: "x"}, false, meetingRunners},
		{StartSetUp{SetUpID: "s1"}, false, meetingRunners},
		{CallSetUpState{SetUpID: "s1", State: "rolling"}, false, meetingRunners},
		{SetSafetyProfile{Profile: "us"}, false, safetyManagers},
		{NameComplianceContact{PersonID: "jack"}, false, safetyManagers},
		{RecordTraining{ID: "t1", PersonID: "jack"}, false, safetyManagers},
		{RecordPermit{ID: "p1", PersonID: "jack"}, false, safetyManagers},
		{InvestigateDischarge{DischargeID: "d1"}, false, safetyManagers},
		{ResolveDiscrepancy{ID: "x1", Resolution: "found"}, false, safetyManagers},
		{SetLadder{}, false, safetyManagers},
		{SetWebhookSecret{Secret: "a-secret-long-enough"}, false, safetyManagers},
	}
}

// commandTypes returns the name of every type of this package with an
// Authorize method: every command, read from the source so that a new one
// cannot be forgotten.
func commandTypes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "Authorize" {
				continue
			}
			recv := fn.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			if id, ok := recv.(*ast.Ident); ok {
				names = append(names, id.Name)
			}
		}
	}
	slices.Sort(names)
	return names
}

func TestEveryCommandIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, row := range everyCommand() {
		listed[reflect.TypeOf(row.cmd).Name()] = true
	}
	types := commandTypes(t)
	if len(types) < 50 {
		t.Fatalf("found only %d command types in the source: %v", len(types), types)
	}
	for _, name := range types {
		if !listed[name] {
			t.Errorf("command %s is not in everyCommand: say who may send it", name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("everyCommand lists %s, which is not a command", name)
	}
}

// accessAs is the access of Grace, signed in, holding roles; or of a site
// administrator with no role in the production for "site_admin".
func accessAs(who string, roles ...Role) Access {
	if who == "site_admin" {
		return Access{Actor: AccountActor("admin"), AccountActive: true, SiteAdmin: true}
	}
	return Access{Actor: AccountActor("rosa"), AccountActive: true, PersonID: "grace", Roles: roles}
}

// TestWhoMaySendEachCommand is the domain's role × command matrix: each
// command type is authorized for exactly the roles its row names. A person
// whose only roles are read-only may send none, and a read-only role added
// to others takes nothing away.
func TestWhoMaySendEachCommand(t *testing.T) {
	w := armoryWorld(t)
	actors := append(RoleNames(), "site_admin")
	for _, row := range everyCommand() {
		s := w.prod
		if row.site {
			s = w.site
		}
		name := reflect.TypeOf(row.cmd).Name()
		for _, who := range actors {
			a := accessAs(who, Role(who))
			if row.site {
				// On the site ledger nobody holds a production role.
				a = AccessFor(AccountActor("rosa"), w.site, w.site)
			}
			err := row.cmd.Authorize(a, s)
			if want := slices.Contains(row.who, who); (err == nil) != want {
				t.Errorf("%s %+v as %s: %v, want allowed=%v", name, row.cmd, who, err, want)
			}
			if err != nil && ErrorCode(err) != EForbidden {
				t.Errorf("%s as %s: %v, want %s", name, who, err, EForbidden)
			}
		}
		for _, ro := range Roles {
			if !ro.ReadOnly() || row.site {
				continue
			}
			if err := row.cmd.Authorize(accessAs(string(ro), ro), s); err == nil {
				t.Errorf("%s is allowed to %s, a read-only role", name, ro)
			}
			for _, r := range Roles {
				alone := row.cmd.Authorize(accessAs(string(r), r), s)
				with := row.cmd.Authorize(accessAs(string(r), r, ro), s)
				if (alone == nil) != (with == nil) {
					t.Errorf("%s as %s: %v; as %s and %s: %v", name, r, alone, r, ro, with)
				}
			}
		}
	}
	if !RoleInvestigator.ReadOnly() {
		t.Fatal("the investigator is not read-only")
	}
	for _, r := range Roles {
		if r != RoleInvestigator && r.ReadOnly() {
			t.Errorf("%s is read-only", r)
		}
	}
}

// TestReadOnlyRolesRecordNothing sends, as the investigator, every report
// and every firearm action the gate decides on: each is forbidden, and
// nothing is recorded, not even the refused attempt; the same command from
// a cast member is recorded.
func TestReadOnlyRolesRecordNothing(t *testing.T) {
	cmds := []Command{
		RaiseConcern{ID: "c9", Category: CategoryFirearms, Severity: SeverityCritical, Description: "Live rounds on the cart", Mode: ReportNamed},
		RaiseConcern{ID: "c9", Category: CategoryFirearms, Severity: SeverityCritical, Description: "Live rounds on the cart", Mode: ReportConfidential,
			ReporterSeal: ReporterSeal(testSealKey, "red-mesa", "c9", "grace")},
		ReportDischarge{ID: "d9", FirearmID: "colt", Kind: "negligent_discharge", Description: "Went off in the holster"},
		ReportLiveRound{ID: "r9", Description: "Does not rattle"},
		CallStopWork{ID: "w9", Scope: "production", Reason: "Rounds unaccounted for"},
		ReceiveFirearm{ID: "f9", Make: "Colt", Model: "SAA", Serial: "9", Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ", Store: "truck"},
		ReceiveAmmoLot{ID: "l9", Label: "B-9", Kind: "blank", Calibre: ".45 Colt", Source: "PDQ", Headstamp: "PDQ", Count: 10, Origin: LotOrigin{Kind: "factory", Maker: "PDQ", Product: "45 quarter"}},
		UnsecureFirearm{FirearmID: "colt"},
		HandOver{FirearmID: "colt", To: "marcus", ConfirmedWithPIN: []string{"grace", "marcus"}, Device: "tablet-1"},
		HandOver{FirearmID: "colt", To: "marcus", Device: "tablet-1"},
		LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6},
		SetPIN{PersonID: "grace", Hash: "h"},
	}
	for _, c := range cmds {
		name := reflect.TypeOf(c).Name()
		t.Run(name, func(t *testing.T) {
			w := armoryWorld(t)
			w.must(SiteLedger, SystemActor("test"), CreateAccount{ID: "gracie", Email: "grace@example.com", Name: "Grace"})
			w.must("red-mesa", SystemActor("test"), LinkAccount{PersonID: "grace", AccountID: "gracie"})
			for _, actor := range []Actor{PersonActor("grace"), AccountActor("gracie")} {
				before := w.prod.Size
				evs, err := w.run("red-mesa", actor, c)
				if ErrorCode(err) != EForbidden || len(evs) != 0 || w.prod.Size != before {
					t.Fatalf("as the investigator (%s): %v, %d events recorded", actor, err, w.prod.Size-before)
				}
			}
			if sealed, ok := c.(RaiseConcern); ok && sealed.ReporterSeal != "" {
				sealed.ReporterSeal = ReporterSeal(testSealKey, "red-mesa", "c9", "jack")
				c = sealed
			}
			if set, ok := c.(SetPIN); ok {
				set.PersonID = "jack"
				c = set
			}
			if evs, _ := w.run("red-mesa", PersonActor("jack"), c); len(evs) == 0 {
				t.Fatalf("a cast member's %s records nothing, so this proves nothing", name)
			}
		})
	}
}
