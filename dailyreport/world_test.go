package dailyreport

import (
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/setsafetest"
)

// theDay is the day the tests report on: 21 October 2021 on the set's
// clock in New Mexico (UTC-6), whose morning starts at dawn.
const theDay = "2021-10-21"

var dawn = time.Date(2021, 10, 21, 13, 0, 0, 0, time.UTC) // 07:00 on set

// world is one production, built by running commands as the ledger
// writer does: authorize, decide, fold.
type world struct{ *setsafetest.World }

var op = setsafetest.Operator

// newWorld is a production created the day before theDay, with a
// producer (dana), a safety coordinator (sofia), an armorer (hannah), a
// 1st AD (marcus), an actor (jack), crew (ana) and a read-only
// investigator (grace); a revolver, a lot of dummies and a lot of blanks.
func newWorld(t testing.TB) *world {
	w := &world{setsafetest.NewWorld(t, "red-mesa", dawn.Add(-24*time.Hour))}
	w.Must(op, setsafe.CreateProduction{ID: "red-mesa", Name: "Red Mesa", Company: "Mesa Pictures LLC", Location: "Santa Fe, New Mexico", TimeZone: "America/Denver"})
	w.AddPeople(op, setsafetest.Person{ID: "dana", Name: "Dana Producer", Role: setsafe.RoleProducer},
		setsafetest.Person{ID: "sofia", Name: "Sofia Safety", Role: setsafe.RoleSafetyCoordinator},
		setsafetest.Person{ID: "hannah", Name: "Hannah Armorer", Role: setsafe.RoleArmorer},
		setsafetest.Person{ID: "marcus", Name: "Marcus Halls", Role: setsafe.RoleFirstAD},
		setsafetest.Person{ID: "jack", Name: "Jack Actor", Role: setsafe.RoleCast},
		setsafetest.Person{ID: "ana", Name: "Ana Grip", Role: setsafe.RoleCrew},
		setsafetest.Person{ID: "grace", Name: "Grace Reader", Role: setsafe.RoleInvestigator})
	w.Must(op, setsafe.RecordPermit{ID: "permit1", PersonID: "hannah", Kind: "armorer", Number: "NM-1", Issuer: "State", Expires: "2022-12-31"})
	w.Must(op, setsafe.NameComplianceContact{PersonID: "sofia"})
	w.Must(op, setsafe.RecordTraining{ID: "train1", PersonID: "jack", Course: "Firearm safety", Provider: "CSATF", Firearms: true, Hours: 4, Completed: "2021-09-01"})
	w.Must(op, setsafe.ReceiveFirearm{ID: "colt", Make: "Colt", Model: "Single Action Army", Serial: "4417", Kind: "blank_firing",
		Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"})
	w.Must(op, setsafe.ReceiveAmmoLot{ID: "dummies", Label: "D-1", Kind: "dummy", Calibre: ".45 Colt", Source: "PDQ Arm & Prop",
		Headstamp: "PDQ 45", Count: 50, Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45"}, By: "hannah"})
	w.Must(op, setsafe.ReceiveAmmoLot{ID: "blanks", Label: "B-1", Kind: "blank", LoadStrength: "quarter", Calibre: ".45 Colt", Source: "PDQ Arm & Prop",
		Headstamp: "PDQ 45B", Count: 20, Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-B45"}, By: "hannah"})
	return w
}

// at moves the world's clock to a time on theDay, on the set's clock.
func (w *world) at(hhmm string) {
	w.T.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", theDay+" "+hhmm, w.Prod.Production().Zone())
	if err != nil {
		w.T.Fatal(err)
	}
	w.Now = t
}

// reporterKey is the server's key for confidential reporters' seals, as
// the tests have it.
var reporterKey = []byte("the server's reporter key, for the tests")

// shootingDay runs theDay on the world: a set-up refused and then
// started after the meeting, a revolver issued with blanks and fired, an
// alert while it stayed out, its return, a misfire, three concerns
// (named, confidential, anonymous), a stop-work called and lifted, the
// end-of-day count two blanks short, and a newcomer who missed the
// meeting. A stunt set-up stays planned.
func shootingDay(w *world) {
	w.T.Helper()
	w.at("06:30")
	w.Must(op, setsafe.PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42: the church", Hazards: []string{gate.HazardFirearms}})
	w.Must(op, setsafe.PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	w.at("06:45")
	// The 1st AD calls the church ready before any meeting: refused.
	w.Refused(op, setsafe.StartSetUp{SetUpID: "s42", By: "marcus"})
	w.at("07:00")
	w.Must(op, setsafe.HoldMeeting{ID: "meet1", Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Walk-through of scene 42"},
		Hazards: []string{gate.HazardFirearms}, WalkThrough: true, By: "marcus"})
	for _, who := range []string{"jack", "marcus", "hannah"} {
		w.Must(op, setsafe.ConfirmAttendance{MeetingID: "meet1", PersonID: who, ConfirmedBy: "pin"})
	}
	w.at("07:20")
	w.Must(op, setsafe.StartSetUp{SetUpID: "s42", By: "marcus"})
	w.at("07:30")
	w.Must(op, setsafe.UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	w.Must(op, setsafe.ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	w.Must(op, setsafe.CallSetUpState{SetUpID: "s42", State: gate.TakeStandingBy, By: "marcus"})
	w.Must(op, setsafe.LoadFirearm{FirearmID: "colt", LotID: "blanks", Rounds: 6, SetUpID: "s42", By: "hannah"})
	w.Must(op, setsafe.HandOver{FirearmID: "colt", To: "jack", SetUpID: "s42", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	w.Must(op, setsafe.CallSetUpState{SetUpID: "s42", State: gate.TakeRolling, By: "marcus"})
	w.at("07:40")
	w.Must(op, setsafe.CallSetUpState{SetUpID: "s42", State: gate.TakeCut, By: "marcus"})
	w.at("08:20")
	// Out 40 minutes with no take: the watch raises an alert (FA-8).
	w.Must(op, setsafe.WatchFirearm{FirearmID: "colt"})
	w.at("08:30")
	w.Must(op, setsafe.HandOver{FirearmID: "colt", From: "jack", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "hannah"})
	w.Must(op, setsafe.WatchFirearm{FirearmID: "colt"})
	w.Must(op, setsafe.UnloadFirearm{FirearmID: "colt", Fired: 4, By: "hannah"})
	w.at("09:00")
	w.Must(op, setsafe.ReportDischarge{ID: "misfire1", FirearmID: "colt", Kind: "misfire", Description: "Hammer fell twice without firing", By: "jack"})
	w.Must(op, setsafe.SecureFirearm{FirearmID: "colt", Store: "armory truck", By: "hannah"})
	w.at("10:00")
	w.Must(setsafe.PersonActor("ana"), setsafe.RaiseConcern{ID: "cnamed", Category: setsafe.CategoryEquipment, Severity: setsafe.SeverityHigh,
		Description: "The light stand by the font has no sandbag", Location: "Church, nave", Mode: setsafe.ReportNamed})
	seal := setsafe.ReporterSeal(reporterKey, "red-mesa", "cconf", "jack")
	w.Must(setsafe.PersonActor("jack"), setsafe.RaiseConcern{ID: "cconf", Category: setsafe.CategoryFatigue, Severity: setsafe.SeverityNormal,
		Description: "Fourteen hours yesterday and a 6am call", Mode: setsafe.ReportConfidential, ReporterSeal: seal})
	w.Must(setsafe.Anonymous, setsafe.RaiseConcern{ID: "canon", Category: setsafe.CategoryFirearms, Severity: setsafe.SeverityHigh,
		Description: "Rounds were left on the cart at lunch", Mode: setsafe.ReportAnonymous, ReceiptHash: "receipt-hash"})
	w.at("11:00")
	w.Must(op, setsafe.CallStopWork{ID: "sw1", Scope: gate.ScopeHazard, Hazard: gate.HazardFirearms, Reason: "A round in the dummy box does not rattle", By: "ana"})
	w.at("11:30")
	w.Must(op, setsafe.LiftStopWork{ID: "sw1", Resolution: "Every round checked; the box replaced", By: "dana"})
	w.Must(op, setsafe.MoveConcern{ID: "cnamed", State: setsafe.ConcernResolved, Why: "Sandbags on every stand", By: "sofia"})
	w.at("12:00")
	// A replacement joins after the firearm work, and misses the meeting.
	w.Must(op, setsafe.AddPerson{ID: "nina", PersonDetails: setsafe.PersonDetails{Name: "Nina Newcomer"}, Roles: []setsafe.Role{setsafe.RoleCrew}})
	w.at("18:00")
	w.Must(op, setsafe.CallSetUpState{SetUpID: "s42", State: gate.TakeWrapped, By: "marcus"})
	// Twenty blanks, six loaded, four fired, two back: 16 in the box; the
	// armorer counts 14.
	w.Must(op, setsafe.ReconcileDay{Counts: []setsafe.LotCount{{LotID: "dummies", Counted: 50}, {LotID: "blanks", Counted: 14}}, By: "hannah"})
}
