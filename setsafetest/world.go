// Package setsafetest runs the domain's commands for the tests of the
// packages built on it (the subdomains), without a database: a World
// authorizes, decides and folds each command as the ledger writer does.
// Only tests import it.
package setsafetest

import (
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

// World is a site and one production, built by running commands as the
// ledger writer does: authorize, decide, fold.
type World struct {
	// T fails the test when a command that must succeed does not; a
	// table test may set it to each subtest's.
	T testing.TB
	// Site is the site's ledger state; Prod the production's.
	Site, Prod *setsafe.State
	// Events are every entry recorded in the production so far.
	Events []setsafe.Event
	// Now is when commands run; tests move it.
	Now time.Time
}

// NewWorld returns a world with an empty site and an empty production
// ledger named ledger, whose clock stands at now.
func NewWorld(t testing.TB, ledger string, now time.Time) *World {
	return &World{T: t, Site: setsafe.NewState(setsafe.SiteLedger), Prod: setsafe.NewState(ledger), Now: now}
}

// Person is someone a test adds to the production, with one role.
type Person struct {
	ID, Name string
	Role     setsafe.Role
}

// AddPeople adds each person to the production as actor, with the email
// address <id>@example.com.
func (w *World) AddPeople(actor setsafe.Actor, people ...Person) {
	w.T.Helper()
	for _, p := range people {
		w.Must(actor, setsafe.AddPerson{ID: p.ID, PersonDetails: setsafe.PersonDetails{Name: p.Name, Email: p.ID + "@example.com"}, Roles: []setsafe.Role{p.Role}})
	}
}

// Run authorizes, decides and folds a command in the production as
// actor, at the time the ledger writer would give it; it returns the
// events it recorded, and the refusal if the gate refused it.
func (w *World) Run(actor setsafe.Actor, c setsafe.Command) ([]setsafe.Event, error) {
	s := w.Prod
	a := setsafe.AccessFor(actor, w.Site, s)
	if err := c.Authorize(a, s); err != nil {
		return nil, err
	}
	now := s.DecisionTimeFor(actor, w.Now)
	out, err := c.Decide(s, setsafe.Decision{Now: now, Actor: actor, Access: a, Site: w.Site})
	if err != nil {
		return nil, err
	}
	var evs []setsafe.Event
	for _, d := range out.Events {
		e := setsafe.Event{Ledger: s.Ledger, Seq: s.Size + 1, Time: now, Actor: out.RecordedActor(a), Corrects: d.Corrects, Body: d.Body}
		if err := s.Apply(e); err != nil {
			w.T.Fatalf("apply %s: %v", e.Type(), err)
		}
		evs = append(evs, e)
	}
	w.Events = append(w.Events, evs...)
	if out.Refusal != nil {
		return evs, out.Refusal
	}
	return evs, nil
}

// Must runs a command that must succeed, and fails the test if it does
// not; it returns the events it recorded.
func (w *World) Must(actor setsafe.Actor, c setsafe.Command) []setsafe.Event {
	w.T.Helper()
	evs, err := w.Run(actor, c)
	if err != nil {
		w.T.Fatalf("%T: %v", c, err)
	}
	return evs
}

// Refused runs a command the gate must refuse, and fails the test if it
// is not refused.
func (w *World) Refused(actor setsafe.Actor, c setsafe.Command) {
	w.T.Helper()
	if _, err := w.Run(actor, c); setsafe.ErrorCode(err) != setsafe.ERefused {
		w.T.Fatalf("%T: want a refusal, got %v", c, err)
	}
}

// Refold folds every entry recorded so far into a new state, as
// verification and a rebuilt projection do.
func (w *World) Refold() *setsafe.State {
	w.T.Helper()
	s := setsafe.NewState(w.Prod.Ledger)
	for _, e := range w.Events {
		if err := s.Apply(e); err != nil {
			w.T.Fatalf("refold %s: %v", e.Type(), err)
		}
	}
	return s
}

// WantCode fails the test unless err has the code; "" wants no error.
func WantCode(t testing.TB, err error, code string) {
	t.Helper()
	if setsafe.ErrorCode(err) != code {
		t.Fatalf("want %s, got %v", code, err)
	}
}

// RedMesa is the production the subdomains' tests share, red-mesa, with
// a producer (dana), a safety coordinator (sofia), an armorer (hannah), a
// 1st AD (marcus), two crew (jack, ana) and a read-only investigator
// (grace), added by the operator at now.
func RedMesa(t testing.TB, now time.Time) *World {
	t.Helper()
	w := NewWorld(t, "red-mesa", now)
	w.Must(Operator, setsafe.CreateProduction{ID: "red-mesa", Name: "Red Mesa", TimeZone: "America/Denver"})
	w.AddPeople(Operator, Person{"dana", "Dana", setsafe.RoleProducer}, Person{"sofia", "Sofia", setsafe.RoleSafetyCoordinator},
		Person{"hannah", "Hannah", setsafe.RoleArmorer}, Person{"marcus", "Marcus", setsafe.RoleFirstAD},
		Person{"jack", "Jack", setsafe.RoleCrew}, Person{"ana", "Ana", setsafe.RoleCrew}, Person{"grace", "Grace", setsafe.RoleInvestigator})
	return w
}

// Operator is the system actor the tests set a world up as.
var Operator = setsafe.SystemActor("test")
