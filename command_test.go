package setsafe

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC)

// world is a site and one production, built by running commands as the
// operator, the way the ledger writer does.
type world struct {
	t    *testing.T
	site *State
	prod *State
	// now is when commands run; t0 unless a test moves it.
	now time.Time
}

func newWorld(t *testing.T) *world {
	w := &world{t: t, site: NewState(SiteLedger), prod: NewState("red-mesa"), now: t0}
	w.must(SiteLedger, SystemActor("test"), CreateAccount{ID: "admin", Email: "admin@example.com", Name: "Admin", SiteAdmin: true, PasswordHash: "h"})
	w.must(SiteLedger, SystemActor("test"), CreateAccount{ID: "rosa", Email: "rosa@example.com", Name: "Rosa"})
	w.must(SiteLedger, SystemActor("test"), registerProduction{ID: "red-mesa"})
	w.must("red-mesa", SystemActor("test"), CreateProduction{ID: "red-mesa", Name: "Red Mesa", TimeZone: "America/Denver"})
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "dana", PersonDetails: PersonDetails{Name: "Dana"}, Roles: []Role{RoleProducer}})
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "luis", PersonDetails: PersonDetails{Name: "Luis"}, Roles: []Role{RoleUPM}})
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "jack", PersonDetails: PersonDetails{Name: "Jack"}, Roles: []Role{RoleCast}})
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "marcus", PersonDetails: PersonDetails{Name: "Marcus"}, Roles: []Role{RoleFirstAD}})
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "grace", PersonDetails: PersonDetails{Name: "Grace"}, Roles: []Role{RoleInvestigator}})
	return w
}

func (w *world) state(ledger string) *State {
	if ledger == SiteLedger {
		return w.site
	}
	return w.prod
}

// run authorizes, decides and applies a command; it returns the events.
func (w *world) run(ledger string, actor Actor, c Command) ([]Event, error) {
	s := w.state(ledger)
	a := AccessFor(actor, w.site, s)
	if err := c.Authorize(a, s); err != nil {
		return nil, err
	}
	out, err := c.Decide(s, Decision{Now: w.now, Actor: actor, Access: a, Site: w.site})
	if err != nil {
		return nil, err
	}
	var evs []Event
	before := s.Snapshot()
	held := contents(before)
	for _, d := range out.Events {
		e := Event{Ledger: ledger, Seq: s.Size + 1, Time: w.now, Actor: out.RecordedActor(a), Corrects: d.Corrects, Body: d.Body}
		if err := s.Apply(e); err != nil {
			w.t.Fatalf("apply %s: %v", e.Type(), err)
		}
		evs = append(evs, e)
	}
	if !reflect.DeepEqual(contents(before), held) {
		w.t.Fatalf("applying %T's events changed a snapshot taken before them", c)
	}
	if out.Refusal != nil {
		return evs, out.Refusal
	}
	return evs, nil
}

// contents copies every row of a state and its indexes, to compare.
func contents(s *State) map[string]map[string]any {
	out := map[string]map[string]any{"by account": {}}
	for _, r := range RowTypes() {
		rows := map[string]any{}
		for _, row := range s.Rows(r.Table()) {
			rows[row.Key()] = reflect.ValueOf(row).Elem().Interface()
		}
		out[r.Table()] = rows
	}
	s.byAccount.each(func(account, person string) bool {
		out["by account"][account] = person
		return true
	})
	for n := range indexes {
		groups := map[string]any{}
		s.groups[n].each(func(group string, keys pmap[struct{}]) bool {
			var in []string
			keys.each(func(key string, _ struct{}) bool {
				in = append(in, key)
				return true
			})
			slices.Sort(in)
			groups[group] = in
			return true
		})
		out[fmt.Sprint("index ", n)] = groups
	}
	return out
}

func (w *world) must(ledger string, actor Actor, c Command) []Event {
	w.t.Helper()
	evs, err := w.run(ledger, actor, c)
	if err != nil {
		w.t.Fatalf("%T: %v", c, err)
	}
	return evs
}

func TestCommands(t *testing.T) {
	producer, upm, cast, firstAD := PersonActor("dana"), PersonActor("luis"), PersonActor("jack"), PersonActor("marcus")
	tests := []struct {
		name   string
		ledger string
		actor  Actor
		cmd    Command
		code   string   // the error code wanted, or ""
		types  []string // the events wanted
	}{
		{"producer adds a person with a role", "red-mesa", producer, AddPerson{ID: "mia", PersonDetails: PersonDetails{Name: "Mia"}, Roles: []Role{RoleCrew}}, "", []string{"person.added", "role.granted"}},
		{"cast cannot add people", "red-mesa", cast, AddPerson{ID: "x", PersonDetails: PersonDetails{Name: "X"}}, EForbidden, nil},
		{"UPM cannot make a producer", "red-mesa", upm, GrantRole{PersonID: "jack", Role: RoleProducer}, EForbidden, nil},
		{"UPM cannot add a person as producer", "red-mesa", upm, AddPerson{ID: "y", PersonDetails: PersonDetails{Name: "Y"}, Roles: []Role{RoleProducer}}, EForbidden, nil},
		{"producer makes an investigator", "red-mesa", producer, GrantRole{PersonID: "jack", Role: RoleInvestigator}, "", []string{"role.granted"}},
		{"unknown role", "red-mesa", producer, GrantRole{PersonID: "jack", Role: "boom_operator"}, EInvalid, nil},
		{"role already held", "red-mesa", producer, GrantRole{PersonID: "jack", Role: RoleCast}, "", nil},
		{"revoke needs a reason", "red-mesa", producer, RevokeRole{PersonID: "jack", Role: RoleCast}, EInvalid, nil},
		{"revoke a role not held", "red-mesa", producer, RevokeRole{PersonID: "jack", Role: RoleCrew, Reason: "x"}, ENotFound, nil},
		{"revoke", "red-mesa", producer, RevokeRole{PersonID: "jack", Role: RoleCast, Reason: "recast"}, "", []string{"role.revoked"}},
		{"link an account", "red-mesa", upm, LinkAccount{PersonID: "jack", AccountID: "rosa"}, "", []string{"person.account_linked"}},
		{"link an unknown account", "red-mesa", upm, LinkAccount{PersonID: "jack", AccountID: "nobody"}, EInvalid, nil},
		{"update nothing", "red-mesa", upm, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Name: new("Jack")}}, "", nil},
		{"correct a future entry", "red-mesa", upm, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Name: new("J")}, Corrects: 99, Reason: "x"}, EInvalid, nil},
		{"leave needs a reason", "red-mesa", upm, RemovePerson{ID: "jack"}, EInvalid, nil},
		{"someone else's PIN", "red-mesa", cast, SetPIN{PersonID: "dana", Hash: "h"}, EForbidden, nil},
		{"own PIN", "red-mesa", cast, SetPIN{PersonID: "jack", Hash: "h"}, "", []string{"person.pin_set"}},
		{"1st AD sets a cast member's PIN", "red-mesa", firstAD, SetPIN{PersonID: "jack", Hash: "h"}, "", []string{"person.pin_set"}},
		{"1st AD sets the producer's PIN", "red-mesa", firstAD, SetPIN{PersonID: "dana", Hash: "h"}, EForbidden, nil},
		{"investigator sets own PIN", "red-mesa", PersonActor("grace"), SetPIN{PersonID: "grace", Hash: "h"}, EForbidden, nil},
		{"1st AD links the producer to another account", "red-mesa", firstAD, LinkAccount{PersonID: "dana", AccountID: "rosa"}, EForbidden, nil},
		{"1st AD unlinks the producer", "red-mesa", firstAD, UnlinkAccount{PersonID: "dana"}, EForbidden, nil},
		{"UPM removes the producer", "red-mesa", upm, RemovePerson{ID: "dana", Reason: "x"}, EForbidden, nil},
		{"1st AD removes a cast member", "red-mesa", firstAD, RemovePerson{ID: "jack", Reason: "x"}, EForbidden, nil},
		{"producer sets the union's webhook secret", "red-mesa", producer, SetWebhookSecret{Rung: RungUnion, Secret: "a-secret-long-enough"}, "", []string{"escalation.webhook_secret_set"}},
		{"producer sets the production's webhook secret", "red-mesa", producer, SetWebhookSecret{Secret: "a-secret-long-enough"}, "", []string{"escalation.webhook_secret_set"}},
		{"1st AD sets a webhook secret", "red-mesa", firstAD, SetWebhookSecret{Secret: "a-secret-long-enough"}, EForbidden, nil},
		{"webhook secret too short", "red-mesa", producer, SetWebhookSecret{Secret: "short"}, EInvalid, nil},
		{"webhook secret with a space at the end", "red-mesa", producer, SetWebhookSecret{Secret: "a-secret-long-enough "}, EInvalid, nil},
		{"webhook secret for no rung", "red-mesa", producer, SetWebhookSecret{Rung: "mayor", Secret: "a-secret-long-enough"}, EInvalid, nil},
		{"UPM removes a cast member", "red-mesa", upm, RemovePerson{ID: "jack", Reason: "wrapped"}, "", []string{"person.left"}},
		{"a second production with the same ID", SiteLedger, SystemActor("t"), registerProduction{ID: "red-mesa"}, EConflict, nil},
		{"an account with a taken e-mail", SiteLedger, AccountActor("admin"), CreateAccount{ID: "x2", Email: "ROSA@example.com", Name: "R"}, EConflict, nil},
		{"a non-admin creates an account", SiteLedger, AccountActor("rosa"), CreateAccount{ID: "x3", Email: "x@example.com", Name: "X"}, EForbidden, nil},
		{"the last admin stays", SiteLedger, AccountActor("admin"), SetSiteAdmin{AccountID: "admin", Reason: "tired"}, EConflict, nil},
		{"the last admin stays enabled", SiteLedger, AccountActor("admin"), DisableAccount{ID: "admin", Reason: "tired"}, EConflict, nil},
		{"a token for oneself", SiteLedger, AccountActor("rosa"), CreateAPIToken{ID: "t1", AccountID: "rosa", Name: "tablet", SecretHash: "h"}, "", []string{"api_token.created"}},
		{"a token for another", SiteLedger, AccountActor("rosa"), CreateAPIToken{ID: "t2", AccountID: "admin", Name: "x", SecretHash: "h"}, EForbidden, nil},
		{"a token that has expired", SiteLedger, AccountActor("rosa"), CreateAPIToken{ID: "t3", AccountID: "rosa", Name: "x", SecretHash: "h", ExpiresAt: t0.Add(-time.Hour)}, EInvalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			before := w.state(tt.ledger).Size
			evs, err := w.run(tt.ledger, tt.actor, tt.cmd)
			if ErrorCode(err) != tt.code {
				t.Fatalf("error %v (code %q), want code %q", err, ErrorCode(err), tt.code)
			}
			var types []string
			for _, e := range evs {
				types = append(types, e.Type())
			}
			if strings.Join(types, ",") != strings.Join(tt.types, ",") {
				t.Fatalf("events %v, want %v", types, tt.types)
			}
			if err != nil && w.state(tt.ledger).Size != before {
				t.Fatal("a refused command changed the state")
			}
		})
	}
}

func TestRecordedActor(t *testing.T) {
	w := newWorld(t)
	w.must("red-mesa", SystemActor("t"), LinkAccount{PersonID: "dana", AccountID: "rosa"})
	evs := w.must("red-mesa", AccountActor("rosa"), AddPerson{ID: "z", PersonDetails: PersonDetails{Name: "Z"}})
	if evs[0].Actor != PersonActor("dana") {
		t.Fatalf("an account linked to a person is recorded as %v", evs[0].Actor)
	}
	evs = w.must("red-mesa", AccountActor("admin"), AddPerson{ID: "z2", PersonDetails: PersonDetails{Name: "Z2"}})
	if evs[0].Actor != AccountActor("admin") {
		t.Fatalf("a site administrator without a person is recorded as %v", evs[0].Actor)
	}
}

func TestApplyRefusesWhatCannotHappen(t *testing.T) {
	tests := []struct {
		name string
		s    func() *State
		e    Event
	}{
		{"wrong ledger", func() *State { return NewState("red-mesa") }, Event{Ledger: "other", Seq: 1, Body: &ProductionCreated{ID: "other"}}},
		{"gap", func() *State { return NewState("red-mesa") }, Event{Ledger: "red-mesa", Seq: 2, Body: &ProductionCreated{ID: "red-mesa"}}},
		{"site event in a production", func() *State { return NewState("red-mesa") }, Event{Ledger: "red-mesa", Seq: 1, Body: &AccountCreated{ID: "a"}}},
		{"production event in the site", func() *State { return NewState(SiteLedger) }, Event{Ledger: SiteLedger, Seq: 1, Body: &PersonAdded{ID: "a"}}},
		{"no creation first", func() *State { return NewState("red-mesa") }, Event{Ledger: "red-mesa", Seq: 1, Body: &PersonAdded{ID: "a"}}},
		{"role for nobody", func() *State {
			s := NewState("red-mesa")
			s.Apply(Event{Ledger: "red-mesa", Seq: 1, Body: &ProductionCreated{ID: "red-mesa"}})
			return s
		}, Event{Ledger: "red-mesa", Seq: 2, Body: &RoleGranted{PersonID: "ghost", Role: RoleCrew}}},
		{"no body", func() *State { return NewState("red-mesa") }, Event{Ledger: "red-mesa", Seq: 1}},
	}
	for _, tt := range tests {
		if err := tt.s().Apply(tt.e); err == nil {
			t.Errorf("%s: applied", tt.name)
		}
	}
}

func FuzzDecodeBody(f *testing.F) {
	for _, typ := range EventTypes() {
		b, _ := EncodeBody(NewBody(typ))
		f.Add(typ, b)
	}
	f.Add("person.added", []byte(`{"id":"p","name":"\u00e9"}`))
	f.Fuzz(func(t *testing.T, typ string, data []byte) {
		b, err := DecodeBody(typ, BodyVersion(typ), data)
		if err != nil {
			return
		}
		again, err := EncodeBody(b)
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("body %q of %s decoded but is not canonical: %s", data, typ, again)
		}
	})
}

func TestEveryEventTypeRoundTrips(t *testing.T) {
	for _, typ := range EventTypes() {
		b := NewBody(typ)
		if b.EventType() != typ {
			t.Fatalf("%s makes a body of type %s", typ, b.EventType())
		}
		data, err := EncodeBody(b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeBody(typ, BodyVersion(typ), data); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if _, err := DecodeBody(typ, BodyVersion(typ)+1, data); err == nil {
			t.Fatalf("%s decoded with an unknown body version", typ)
		}
	}
}
