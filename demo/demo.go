// Package demo writes a realistic demo production into an empty setsafe
// database: "Red Mesa", a western shooting in New Mexico, with its producer,
// production office, 1st AD, armory, safety coordinator, cast and crew. Its
// history is written as it would have happened over a week of preparation,
// corrections included, so that the ledger has something to show.
package demo

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
)

// ProductionID is the demo production's ID.
const ProductionID = "red-mesa"

// Appender appends to the ledger; *sqldb.DB is one.
type Appender interface {
	Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error)
}

// Clock is the demo's clock: it stands at a time in the past while the demo
// history is written, then follows the wall clock.
type Clock struct {
	mu    sync.Mutex
	fixed time.Time
	live  bool
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{fixed: t} }

// Now implements setsafe.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live {
		return time.Now()
	}
	return c.fixed
}

func (c *Clock) set(t time.Time) {
	c.mu.Lock()
	c.fixed = t
	c.mu.Unlock()
}

// Live makes the clock follow the wall clock from now on.
func (c *Clock) Live() {
	c.mu.Lock()
	c.live = true
	c.mu.Unlock()
}

// Login is a demo account to sign in with.
type Login struct {
	Name     string
	Role     string
	Email    string
	Password string
}

// PIN is a demo person's PIN, for confirmations on a shared device.
type PIN struct {
	Name string
	PIN  string
}

// Cast of the demo. Names are invented.
type member struct {
	name, department, job, email string
	roles                        []setsafe.Role
	login                        bool
	pin                          string
}

var crew = []member{
	{"Dana Whitfield", "Production", "Producer", "dana@redmesa.example", []setsafe.Role{setsafe.RoleProducer}, true, ""},
	{"Luis Ortega", "Production", "Unit production manager", "luis@redmesa.example", []setsafe.Role{setsafe.RoleUPM}, true, ""},
	{"Marcus Hale", "Assistant directors", "1st assistant director", "marcus@redmesa.example", []setsafe.Role{setsafe.RoleFirstAD}, true, "4827"},
	{"Priya Natarajan", "Safety", "Safety coordinator", "priya@redmesa.example", []setsafe.Role{setsafe.RoleSafetyCoordinator}, true, "6093"},
	{"Rosa Delgado", "Armory", "Armorer", "rosa@redmesa.example", []setsafe.Role{setsafe.RoleArmorer}, true, "3958"},
	{"Tom Becker", "Armory", "Assistant armorer", "", []setsafe.Role{setsafe.RoleAssistantArmorer}, false, "7261"},
	{"Ben Carver", "Props", "Property master", "", []setsafe.Role{setsafe.RolePropertyMaster}, false, "5184"},
	{"Kate Lindqvist", "Stunts", "Stunt coordinator", "", []setsafe.Role{setsafe.RoleStuntCoordinator}, false, "2749"},
	{"Sam Whitehorse", "Camera", "Director of photography", "", []setsafe.Role{setsafe.RoleDepartmentHead}, false, "8305"},
	{"Mia Chen", "Camera", "Camera operator", "", []setsafe.Role{setsafe.RoleCrew}, false, "1697"},
	{"Diego Ramirez", "Grip", "Key grip", "", []setsafe.Role{setsafe.RoleCrew}, false, "9052"},
	{"Jack Brennan", "Cast", "Sheriff Cole Harmon", "", []setsafe.Role{setsafe.RoleCast}, false, "3516"},
	{"Elena Vasquez", "Cast", "Maria Ortiz", "", []setsafe.Role{setsafe.RoleCast}, false, "6482"},
	{"Grace Okafor", "External", "Insurer's investigator", "grace@insurer.example", []setsafe.Role{setsafe.RoleInvestigator}, true, ""},
	{"Nora Blake", "Medical", "Set medic", "", []setsafe.Role{setsafe.RoleMedic}, false, "5318"},
	{"Ray Tillman", "Transportation", "Precision driver", "", []setsafe.Role{setsafe.RolePrecisionDriver}, false, "7402"},
	{"Hank Moreno", "Locations", "Location manager", "hank@redmesa.example", []setsafe.Role{setsafe.RoleLocationManager}, true, "2864"},
}

// Seed writes the demo into an empty database and returns the logins and
// PINs to print. The clock must be the one the database dates events with;
// Seed moves it through the week of preparation and leaves it live.
func Seed(ctx context.Context, db Appender, clock *Clock, hash Hashing) ([]Login, []PIN, error) {
	w := &writer{ctx: ctx, db: db, actor: setsafe.SystemActor("demo")}
	loc, _ := time.LoadLocation("America/Denver")
	now := time.Now().In(loc)
	day := func(ago int, hour, minute int) time.Time {
		d := now.AddDate(0, 0, -ago)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc)
	}

	var logins []Login
	var pins []PIN
	account := func(m member, admin bool) string {
		pw := password()
		h, err := argon2id.Hash(pw, hash.Passwords)
		if err != nil {
			w.err = err
			return ""
		}
		id := setsafe.NewID()
		w.do(setsafe.On(setsafe.SiteLedger, w.actor, setsafe.CreateAccount{ID: id, Email: m.email, Name: m.name, PasswordHash: h, SiteAdmin: admin}))
		role := "Site administrator"
		if len(m.roles) > 0 {
			role = m.roles[0].Title()
		}
		logins = append(logins, Login{Name: m.name, Role: role, Email: m.email, Password: pw})
		return id
	}

	clock.set(day(7, 8, 30))
	account(member{name: "Site Administrator", email: "admin@redmesa.example"}, true)
	w.do(setsafe.CreateProductionRequest(w.actor, setsafe.CreateProduction{
		ID: ProductionID, Name: "Red Mesa", Company: "Dry Gulch Pictures LLC",
		Location: "Galisteo Basin, Santa Fe County, New Mexico", TimeZone: "America/Denver"}))

	ids := map[string]string{}
	for i, m := range crew {
		// The crew list is entered on the first morning; the ledger's
		// times only move forward, so everything below follows in order.
		clock.set(day(7, 9+i/4, 10*(i%4)))
		var acct string
		if m.login {
			acct = account(m, false)
		}
		id := setsafe.NewID()
		ids[m.name] = id
		name := m.name
		if m.name == "Kate Lindqvist" {
			name = "Kate Lindquist" // typed wrong; corrected below
		}
		w.do(setsafe.On(ProductionID, w.actor, setsafe.AddPerson{ID: id, AccountID: acct,
			PersonDetails: setsafe.PersonDetails{Name: name, Department: m.department, JobTitle: m.job, Email: m.email}}))
		for _, r := range m.roles {
			w.do(setsafe.On(ProductionID, w.actor, setsafe.GrantRole{PersonID: id, Role: r}))
		}
		if m.pin != "" {
			h, err := argon2id.Hash(m.pin, hash.PINs)
			if err != nil {
				return nil, nil, err
			}
			w.do(setsafe.On(ProductionID, w.actor, setsafe.SetPIN{PersonID: id, Hash: h}))
			pins = append(pins, PIN{Name: m.name, PIN: m.pin})
		}
	}

	// The production office fixes a misspelt name: a correction is a new
	// entry that points at the one it corrects.
	clock.set(day(6, 8, 5))
	producer := setsafe.PersonActor(ids["Dana Whitfield"])
	upm := setsafe.PersonActor(ids["Luis Ortega"])
	kate := crew[7]
	if added := w.added(ProductionID, ids[kate.name]); added > 0 {
		w.do(setsafe.On(ProductionID, upm, setsafe.UpdatePerson{ID: ids[kate.name], Corrects: added, Reason: "name misspelt on the crew list",
			PersonChanges: setsafe.PersonChanges{Name: new(kate.name)}}))
	}
	// The UPM tries to make the armorer property master as well, as on the
	// Rust set; the gate refuses it and the ledger keeps the refusal.
	clock.set(day(6, 8, 40))
	w.refused(setsafe.On(ProductionID, upm, setsafe.GrantRole{PersonID: ids["Rosa Delgado"], Role: setsafe.RolePropertyMaster}))
	_ = producer

	today := func(minutes int) time.Time {
		start := now.Add(-90 * time.Minute)
		if start.Day() != now.Day() {
			start = time.Date(now.Year(), now.Month(), now.Day(), 0, 1, 0, 0, loc)
		}
		return start.Add(time.Duration(minutes) * time.Minute)
	}
	seedArmory(w, clock, ids, day, today, func() string {
		bellTower := seedHazardDays(w, clock, ids, day)
		seedIncidents(w, clock, ids, day)
		return bellTower
	})
	seedConcerns(w, clock, ids, today, hash.ReporterKey)

	clock.Live()
	if w.err != nil {
		return nil, nil, fmt.Errorf("seed the demo: %w", w.err)
	}
	return logins, pins, nil
}

// Hashing is the cost of hashing the demo's passwords and PINs, and the
// key of confidential reporters' seals.
type Hashing struct {
	Passwords, PINs argon2id.Params
	// ReporterKey seals confidential reporters, as the server does.
	ReporterKey []byte
}

// writer appends requests until the first error, and keeps what it wrote.
type writer struct {
	ctx   context.Context
	db    Appender
	actor setsafe.Actor
	err   error
	log   []setsafe.Event
}

func (w *writer) do(req setsafe.Request) {
	if w.err != nil {
		return
	}
	evs, err := w.db.Append(w.ctx, req)
	if err != nil {
		err = fmt.Errorf("%T: %w", req.Steps[0].Command, err)
	}
	w.err = err
	w.log = append(w.log, evs...)
}

// openAlert returns the ID of the last alert raised, or "".
func (w *writer) openAlert() string {
	for i := len(w.log) - 1; i >= 0; i-- {
		if b, ok := w.log[i].Body.(*setsafe.AlertRaised); ok {
			return b.ID
		}
	}
	return ""
}

// added returns the sequence number of the entry that added a person.
func (w *writer) added(ledger, personID string) int64 {
	for _, e := range w.log {
		if b, ok := e.Body.(*setsafe.PersonAdded); ok && e.Ledger == ledger && b.ID == personID {
			return e.Seq
		}
	}
	return 0
}

// password returns a random password that is easy to type from a printout:
// four groups of four letters and digits.
func password() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 16)
	rand.Read(b)
	out := make([]byte, 0, 19)
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, alphabet[int(c)%len(alphabet)])
	}
	return string(out)
}
