package witness

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

var t0 = time.Date(2021, 10, 21, 14, 0, 0, 0, time.UTC)

// world is one production, built by running commands as the ledger
// writer does: authorize, decide, fold.
type world struct {
	t    *testing.T
	site *setsafe.State
	prod *setsafe.State
	evs  []setsafe.Event
	now  time.Time
}

var op = setsafe.SystemActor("test")

// newWorld is a production with a producer (dana), a safety coordinator
// (sofia), an armorer (hannah), a crew member (jack) and a read-only
// investigator (grace).
func newWorld(t *testing.T) *world {
	w := &world{t: t, site: setsafe.NewState(setsafe.SiteLedger), prod: setsafe.NewState("red-mesa"), now: t0}
	w.must(op, setsafe.CreateProduction{ID: "red-mesa", Name: "Red Mesa", TimeZone: "America/Denver"})
	for _, p := range []struct {
		id, name string
		role     setsafe.Role
	}{{"dana", "Dana", setsafe.RoleProducer}, {"sofia", "Sofia", setsafe.RoleSafetyCoordinator}, {"hannah", "Hannah", setsafe.RoleArmorer},
		{"jack", "Jack", setsafe.RoleCrew}, {"grace", "Grace", setsafe.RoleInvestigator}} {
		w.must(op, setsafe.AddPerson{ID: p.id, PersonDetails: setsafe.PersonDetails{Name: p.name, Email: p.id + "@example.com"}, Roles: []setsafe.Role{p.role}})
	}
	return w
}

// run authorizes, decides and folds a command as actor; it returns the
// events it recorded.
func (w *world) run(actor setsafe.Actor, c setsafe.Command) ([]setsafe.Event, error) {
	s := w.prod
	a := setsafe.AccessFor(actor, w.site, s)
	if err := c.Authorize(a, s); err != nil {
		return nil, err
	}
	out, err := c.Decide(s, setsafe.Decision{Now: w.now, Actor: actor, Access: a, Site: w.site})
	if err != nil {
		return nil, err
	}
	var evs []setsafe.Event
	for _, d := range out.Events {
		e := setsafe.Event{Ledger: s.Ledger, Seq: s.Size + 1, Time: w.now, Actor: out.RecordedActor(a), Corrects: d.Corrects, Body: d.Body}
		if err := s.Apply(e); err != nil {
			w.t.Fatalf("apply %s: %v", e.Type(), err)
		}
		evs = append(evs, e)
	}
	w.evs = append(w.evs, evs...)
	return evs, nil
}

func (w *world) must(actor setsafe.Actor, c setsafe.Command) []setsafe.Event {
	w.t.Helper()
	evs, err := w.run(actor, c)
	if err != nil {
		w.t.Fatalf("%T: %v", c, err)
	}
	return evs
}

// refold folds every entry recorded so far into a new state, as
// verification and a rebuilt projection do.
func (w *world) refold() *setsafe.State {
	w.t.Helper()
	s := setsafe.NewState("red-mesa")
	for _, e := range w.evs {
		if err := s.Apply(e); err != nil {
			w.t.Fatalf("refold %s: %v", e.Type(), err)
		}
	}
	return s
}

func person(id string) setsafe.Actor { return setsafe.PersonActor(id) }

// wantCode fails unless err has the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if setsafe.ErrorCode(err) != code {
		t.Fatalf("want %s, got %v", code, err)
	}
}

// testKey returns a witness's cosignature verifier key for name, from a
// key derived from seed, with its public key.
func testKey(name string, seed byte) (string, ed25519.PublicKey) {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	pub := ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)
	typed := append([]byte{cosignatureType}, pub...)
	return fmt.Sprintf("%s+%x+%s", name, keyHash(name, typed), base64.StdEncoding.EncodeToString(typed)), pub
}
