package storagetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/demo"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
)

// The long shoot is the benchmark production of a large feature three
// months into shooting, beside the demo production in the same database.
const (
	// LongShootID is the long shoot's production ID.
	LongShootID = "long-shoot"
	// LongShootCrew is how many people are on its crew and cast lists.
	LongShootCrew = 3000
	// LongShootCast is how many of them are cast, who are issued firearms.
	LongShootCast = 200
	// LongShootFirearms is how many firearms its armory holds.
	LongShootFirearms = 500
	// LongShootDays is how many days of shooting its ledger holds.
	LongShootDays = 90
	// longShootUnit is how many of the crew are on set on a day besides the
	// cast and the heads of the armory: they attend the day's safety
	// meeting.
	longShootUnit = 100
	// longShootIssues is how many firearms are issued and taken back a day.
	longShootIssues = 20
)

// The long shoot's people with a part in the benchmarks.
const (
	// LongShootArmorer is the head armorer, who signs in with an account.
	LongShootArmorer = "p0000"
	// LongShootFirstAD is the 1st AD, who holds the safety meetings.
	LongShootFirstAD = "p0004"
	// LongShootArmorerEmail is the head armorer's account's address.
	LongShootArmorerEmail = "armorer@long-shoot.example"
)

// LongShootPerson returns the ID of the long shoot's i-th person: 0–3 the
// armorers, 4 the 1st AD, 5 the safety coordinator (the compliance
// contact), 6 a producer, 7 the unit production manager, 8–27 heads of
// department, then the cast, then the crew.
func LongShootPerson(i int) string { return fmt.Sprintf("p%04d", i) }

// LongShootCastMember returns the ID of the long shoot's i-th performer.
func LongShootCastMember(i int) string { return LongShootPerson(28 + i%LongShootCast) }

// LongShootFirearm returns the ID of the long shoot's i-th firearm.
func LongShootFirearm(i int) string { return fmt.Sprintf("f%03d", i%LongShootFirearms) }

// ScaleDatabase is a SQLite database holding the demo production and the
// long shoot, with its signing key.
type ScaleDatabase struct {
	Path    string
	KeyPath string
}

// BuildScaleDatabase returns a SQLite database with the demo production
// and the long shoot: 3,000 people, 500 firearms, and 90 days of shooting
// written through the domain's commands as they happened (each day a
// safety meeting attended by the cast, the armory and 100 of the crew,
// three set-ups, 20 firearms shown clear, issued and taken back, a concern
// and a stop-work; every tenth day a misfire with its investigation and
// review; newcomers joining). The last day of shooting was yesterday when
// it was built. Building it takes about a minute, so it is kept in
// SETSAFE_BENCH_CACHE (default: the system's temporary directory) and
// reused; callers that write must work on a copy.
func BuildScaleDatabase(tb testing.TB) ScaleDatabase {
	tb.Helper()
	dir := os.Getenv("SETSAFE_BENCH_CACHE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "setsafe-bench")
	}
	dir = filepath.Join(dir, "long-shoot-v1")
	s := ScaleDatabase{Path: filepath.Join(dir, "setsafe.db"), KeyPath: filepath.Join(dir, "setsafe.db.key")}
	done := filepath.Join(dir, "built")
	if _, err := os.Stat(done); err == nil {
		return s
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	signer, _, err := ledger.LoadOrCreateSigner(s.KeyPath, "setsafe-bench")
	if err != nil {
		tb.Fatal(err)
	}
	clock := &switchedClock{}
	db, err := sqlite.Open(context.Background(), s.Path, sqlite.Options{Config: sqldb.Config{Signer: signer, Clock: clock}})
	if err != nil {
		tb.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()
	if err := db.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	demoClock := demo.NewClock(time.Now().AddDate(0, 0, -8))
	clock.set(demoClock)
	cheap := argon2id.Params{Memory: 64, Time: 1, Threads: 1}
	if _, _, err := demo.Seed(context.Background(), db, demoClock, demo.Hashing{Passwords: cheap, PINs: cheap}); err != nil {
		tb.Fatal(err)
	}
	manual := setsafe.NewManualClock(time.Now())
	clock.set(manual)
	writeLongShoot(tb, db, manual)
	closed = true
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	// Only a database built whole is marked built: one that failed half
	// way is built again next time.
	if tb.Failed() {
		tb.FailNow()
	}
	if err := os.WriteFile(done, nil, 0o600); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built the long shoot in %s at %s", time.Since(start).Round(time.Second), dir)
	return s
}

// switchedClock is the clock of whichever story is being written.
type switchedClock struct {
	mu sync.Mutex
	c  setsafe.Clock
}

func (c *switchedClock) set(to setsafe.Clock) {
	c.mu.Lock()
	c.c = to
	c.mu.Unlock()
}

func (c *switchedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.c.Now()
}

// writeLongShoot writes the long shoot's 90 days, moving the clock through
// them.
func writeLongShoot(tb testing.TB, db *sqldb.DB, clock *setsafe.ManualClock) {
	loc, err := time.LoadLocation("America/Denver")
	if err != nil {
		tb.Fatal(err)
	}
	today := time.Now().In(loc)
	at := func(day, hour, minute int) time.Time {
		d := today.AddDate(0, 0, day-LongShootDays-1)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc)
	}
	date := func(day int) string { return at(day, 0, 0).Format(time.DateOnly) }
	do := func(c setsafe.Command) { MustAppend(tb, db, setsafe.On(LongShootID, Operator, c)) }
	// many appends commands from 16 writers at once, as the crew's phones
	// and the set's tablets do. A writer whose append fails stops and hands
	// the error back: only the test's own goroutine may end the test.
	many := func(n int, c func(i int) setsafe.Command) {
		tb.Helper()
		if err := appendMany(db, n, func(i int) setsafe.Request { return setsafe.On(LongShootID, Operator, c(i)) }); err != nil {
			tb.Fatal(err)
		}
	}
	armorer := func(i int) string { return LongShootPerson(i % 4) }
	ad, coordinator, producer, upm := LongShootFirstAD, LongShootPerson(5), LongShootPerson(6), LongShootPerson(7)

	// Day 0: the production, its crew list, training, permits and armory.
	clock.Set(at(0, 8, 0))
	MustAppend(tb, db, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: LongShootID, Name: "The Long Shoot",
		Company: "Long Shoot Pictures", Location: "Santa Fe, New Mexico", TimeZone: "America/Denver"}))
	account := setsafe.NewID()
	MustAppend(tb, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{ID: account, Email: LongShootArmorerEmail, Name: "Head Armorer"}))
	const joining = 50 // people who join during the shoot
	person := func(i int) setsafe.Command {
		role, dept := setsafe.RoleCrew, "Grip"
		switch {
		case i < 4:
			role, dept = setsafe.RoleArmorer, "Armory"
		case i == 4:
			role, dept = setsafe.RoleFirstAD, "Assistant directors"
		case i == 5:
			role, dept = setsafe.RoleSafetyCoordinator, "Safety"
		case i == 6:
			role, dept = setsafe.RoleProducer, "Production"
		case i == 7:
			role, dept = setsafe.RoleUPM, "Production"
		case i < 28:
			role, dept = setsafe.RoleDepartmentHead, "Heads"
		case i < 28+LongShootCast:
			role, dept = setsafe.RoleCast, "Cast"
		}
		c := setsafe.AddPerson{ID: LongShootPerson(i), Roles: []setsafe.Role{role}, PersonDetails: setsafe.PersonDetails{Name: Name(i),
			Department: dept, JobTitle: dept, Email: fmt.Sprintf("crew%d@long-shoot.example", i), Phone: "+1 505 555 0100"}}
		if c.ID == LongShootArmorer {
			c.AccountID = account
		}
		return c
	}
	many(LongShootCrew-joining, person)
	do(setsafe.NameComplianceContact{PersonID: coordinator})
	trained := func(i int) setsafe.Command {
		return setsafe.RecordTraining{ID: fmt.Sprintf("t%04d", i), PersonID: LongShootPerson(i), Course: "Firearm safety on set", Provider: "CSATF",
			Firearms: true, Hours: 4, Completed: date(-30)}
	}
	many(28+LongShootCast, trained)
	many(4, func(i int) setsafe.Command {
		return setsafe.RecordPermit{ID: fmt.Sprintf("pm%d", i), PersonID: armorer(i), Kind: "armorer", Number: fmt.Sprintf("NM-ARM-%04d", i),
			Issuer: "New Mexico Film Office", Expires: date(LongShootDays + 400)}
	})
	many(LongShootFirearms, func(i int) setsafe.Command {
		return setsafe.ReceiveFirearm{ID: LongShootFirearm(i), Make: "Colt", Model: "Single Action Army", Serial: fmt.Sprintf("SA%04d", i),
			Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "Armory truck safe", By: armorer(i)}
	})
	many(20, func(i int) setsafe.Command {
		return setsafe.ReceiveAmmoLot{ID: fmt.Sprintf("l%02d", i), Label: fmt.Sprintf("B-%02d", i), Kind: "blank", LoadStrength: "quarter",
			Calibre: ".45 Colt", Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 1/4", Count: 500,
			Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: fmt.Sprintf("PDQ-B%02d", i)}, By: armorer(i)}
	})

	newcomer := LongShootCrew - joining
	for d := 1; d <= LongShootDays; d++ {
		// Newcomers join before the meeting and attend it.
		clock.Set(at(d, 6, 30))
		var attendees []string
		if d%9 == 0 && newcomer < LongShootCrew {
			for range 5 {
				do(person(newcomer))
				attendees = append(attendees, LongShootPerson(newcomer))
				newcomer++
			}
		}
		clock.Set(at(d, 7, 0))
		meeting := fmt.Sprintf("m%02d", d)
		do(setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Safety Bulletin #1: firearms and blanks"}, Hazards: []string{"firearms"}, By: ad})
		clock.Set(at(d, 7, 5))
		attendees = append(attendees, ad, armorer(0), armorer(1), armorer(2), armorer(3))
		for i := range LongShootCast {
			attendees = append(attendees, LongShootCastMember(i))
		}
		first := 28 + LongShootCast
		for i := range longShootUnit {
			attendees = append(attendees, LongShootPerson(first+(d*longShootUnit+i)%(LongShootCrew-joining-first)))
		}
		many(len(attendees), func(i int) setsafe.Command {
			return setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: attendees[i], ConfirmedBy: "pin"}
		})
		clock.Set(at(d, 7, 30))
		for k := range 3 {
			do(setsafe.PlanSetUp{ID: fmt.Sprintf("s%02d%d", d, k), Scene: fmt.Sprint(d*3 + k), Name: fmt.Sprintf("Scene %d", d*3+k),
				Hazards: []string{"firearms"}, TowardPeople: k == 0})
		}
		do(setsafe.RecordShotPlan{SetUpID: fmt.Sprintf("s%02d0", d), Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true})
		// The firearm work of the day: each firearm shown clear to its
		// performer and the 1st AD, issued, taken back and secured.
		clock.Set(at(d, 9, 0))
		firearm := func(i int) string { return LongShootFirearm(d*longShootIssues + i) }
		performer := func(i int) string { return LongShootCastMember(d*longShootIssues + i) }
		many(longShootIssues, func(i int) setsafe.Command { return setsafe.UnsecureFirearm{FirearmID: firearm(i), By: armorer(i)} })
		many(longShootIssues, func(i int) setsafe.Command {
			return setsafe.ShowClear{FirearmID: firearm(i), AllChambers: true, Witnesses: []string{performer(i), ad}, By: armorer(i)}
		})
		many(longShootIssues, func(i int) setsafe.Command {
			return setsafe.HandOver{FirearmID: firearm(i), To: performer(i), ConfirmedWithPIN: []string{armorer(i), performer(i)}, Device: "tablet-1", SetUpID: fmt.Sprintf("s%02d1", d), By: armorer(i)}
		})
		clock.Set(at(d, 10, 0))
		concern := fmt.Sprintf("c%02d", d)
		do(setsafe.RaiseConcern{ID: concern, Category: setsafe.CategoryFatigue, Severity: setsafe.SeverityNormal, Mode: setsafe.ReportNamed,
			Location: "Base camp", Description: "Long days and a night drive back.", By: LongShootPerson(first + d)})
		if d%10 == 0 {
			do(setsafe.ReportDischarge{ID: fmt.Sprintf("d%02d", d), FirearmID: firearm(0), Kind: "misfire", Description: "Hammer fell without firing",
				By: performer(0)})
		}
		clock.Set(at(d, 11, 0))
		stop := fmt.Sprintf("w%02d", d)
		do(setsafe.CallStopWork{ID: stop, Scope: "hazard", Hazard: "stunts", Reason: "The fall pad is torn", By: LongShootPerson(first + d + 1)})
		do(setsafe.MoveConcern{ID: concern, State: setsafe.ConcernAcknowledged, By: upm})
		clock.Set(at(d, 12, 0))
		many(longShootIssues, func(i int) setsafe.Command {
			return setsafe.HandOver{FirearmID: firearm(i), From: performer(i), ConfirmedWithPIN: []string{performer(i), armorer(i)}, Device: "tablet-1", By: armorer(i)}
		})
		many(longShootIssues, func(i int) setsafe.Command {
			return setsafe.SecureFirearm{FirearmID: firearm(i), Store: "Armory truck safe", By: armorer(i)}
		})
		do(setsafe.LiftStopWork{ID: stop, Resolution: "A new pad", By: coordinator})
		if d%10 == 0 {
			do(setsafe.InvestigateDischarge{DischargeID: fmt.Sprintf("d%02d", d), Findings: "Worn spring", CorrectiveAction: "Spring replaced"})
			do(setsafe.InspectFirearm{FirearmID: firearm(0), BoreClear: true, Functions: true, Condition: "Good", Note: "New spring", By: armorer(0)})
			do(setsafe.ReturnToService{FirearmID: firearm(0), BoreClear: true, By: armorer(0)})
			do(setsafe.SignOffReview{Note: "Reviewed with the armory", By: coordinator})
			do(setsafe.SignOffReview{Note: "Reviewed with the armory", By: producer})
		}
		clock.Set(at(d, 18, 0))
		do(setsafe.MoveConcern{ID: concern, State: setsafe.ConcernResolved, Why: "Hotel rooms booked for the long days", By: upm})
	}
}
