package storagetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/setsafe/setsafe"
)

// walk reads a list a part at a time from the start to the end and
// returns every item, checking that each part but the last is full and
// that the last says so.
func walk[T any](t *testing.T, what string, limit int, read func(cursor string, limit int) ([]T, string, error)) []T {
	t.Helper()
	var all []T
	cursor := ""
	for parts := 1; ; parts++ {
		got, next, err := read(cursor, limit)
		if err != nil {
			t.Fatalf("%s, part %d of %d: %v", what, parts, limit, err)
		}
		all = append(all, got...)
		if next == "" {
			if len(got) > limit {
				t.Fatalf("%s, the last part of %d: %d items", what, limit, len(got))
			}
			return all
		}
		if len(got) != limit {
			t.Fatalf("%s, part %d of %d: %d items, and more to come", what, parts, limit, len(got))
		}
		if parts > 10_000 {
			t.Fatalf("%s of %d: the parts do not end", what, limit)
		}
		cursor = next
	}
}

// ids returns the key of each item.
func ids[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

// testListsArePaged walks every list read a part at a time, longer than
// one part, in parts of several sizes: each walk gives every item once, in
// the order of the list read whole; a row added meanwhile before the
// cursor moves nothing; and a cursor of another list, or a made-up one, is
// refused as invalid.
func testListsArePaged(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	seeded := Seed(t, e.DB)
	ctx := context.Background()
	db := e.DB

	// People, some with the same name, and one account with a role in
	// some productions and many tokens.
	const people = 41
	err := appendMany(db, people, func(i int) setsafe.Request {
		return setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), Roles: []setsafe.Role{setsafe.RoleCrew},
			PersonDetails: setsafe.PersonDetails{Name: Name(i % 17), Email: fmt.Sprintf("crew%d@example.com", i)}})
	})
	if err != nil {
		t.Fatal(err)
	}
	account := seeded["admin"]
	for i := range 23 {
		MustAppend(t, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{ID: setsafe.NewID(),
			Email: fmt.Sprintf("member%02d@example.com", 22-i), Name: Name(i), PasswordHash: "test-hash"}))
		id, _, hash := setsafe.NewAPITokenSecret()
		MustAppend(t, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAPIToken{ID: id, AccountID: account, Name: fmt.Sprint("script ", i), SecretHash: hash}))
		if i%3 == 0 {
			e.Clock.Advance(1) // some tokens made at once, some not
		}
	}
	member := setsafe.NewID()
	MustAppend(t, db, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{ID: member, Email: "a-member@example.com", Name: "A Member", PasswordHash: "test-hash"}))
	for i := range 13 {
		id := fmt.Sprintf("dust-devil-%02d", i)
		MustAppend(t, db, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: id, Name: fmt.Sprint("Dust Devil ", i%5), TimeZone: "America/Denver"}))
		if i%2 == 0 {
			MustAppend(t, db, setsafe.On(id, Operator, setsafe.AddPerson{ID: setsafe.NewID(), AccountID: member, Roles: []setsafe.Role{setsafe.RoleCrew},
				PersonDetails: setsafe.PersonDetails{Name: "A Member"}}))
		}
	}
	// Concerns raised tell the department heads, in their inboxes and by
	// e-mail: two notifications of each entry in each list.
	var heads []string
	for _, name := range []string{"Tomas Reyes", "Ines Okafor"} {
		id := setsafe.NewID()
		MustAppend(t, db, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: id, Roles: []setsafe.Role{setsafe.RoleDepartmentHead},
			PersonDetails: setsafe.PersonDetails{Name: name, Email: id + "@example.com"}}))
		heads = append(heads, id)
	}
	for range 13 {
		MustAppend(t, db, setsafe.On("red-mesa", setsafe.PersonActor(seeded["cast"]), setsafe.RaiseConcern{ID: setsafe.NewID(),
			Category: setsafe.CategoryFirearms, Severity: setsafe.SeverityCritical, Description: "Rounds left on the props cart", Mode: setsafe.ReportNamed}))
	}

	site := setsafe.Access{System: true}
	memberAccess, err := db.Access(ctx, setsafe.AccountActor(member), setsafe.SiteLedger)
	if err != nil {
		t.Fatal(err)
	}
	type list struct {
		name  string
		whole func() ([]string, error)
		part  func(cursor string, limit int) ([]string, string, error)
	}
	lists := []list{
		{"people", func() ([]string, error) {
			p, err := db.People(ctx, "red-mesa")
			return ids(p, func(p *setsafe.Person) string { return p.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			p, next, err := db.PeopleAfter(ctx, "red-mesa", cursor, limit)
			return ids(p, func(p *setsafe.Person) string { return p.ID }), next, err
		}},
		{"accounts", func() ([]string, error) {
			a, err := db.Accounts(ctx)
			return ids(a, func(a *setsafe.Account) string { return a.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			a, next, err := db.AccountsAfter(ctx, cursor, limit)
			return ids(a, func(a *setsafe.Account) string { return a.ID }), next, err
		}},
		{"tokens", func() ([]string, error) {
			tk, err := db.APITokens(ctx, account)
			return ids(tk, func(t *setsafe.APIToken) string { return t.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			tk, next, err := db.APITokensAfter(ctx, account, cursor, limit)
			return ids(tk, func(t *setsafe.APIToken) string { return t.ID }), next, err
		}},
		{"every production", func() ([]string, error) {
			p, err := db.Productions(ctx, site)
			return ids(p, func(p *setsafe.Production) string { return p.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			p, next, err := db.ProductionsAfter(ctx, site, cursor, limit)
			return ids(p, func(p *setsafe.Production) string { return p.ID }), next, err
		}},
		{"a member's productions", func() ([]string, error) {
			p, err := db.Productions(ctx, memberAccess)
			return ids(p, func(p *setsafe.Production) string { return p.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			p, next, err := db.ProductionsAfter(ctx, memberAccess, cursor, limit)
			return ids(p, func(p *setsafe.Production) string { return p.ID }), next, err
		}},
		{"an inbox", func() ([]string, error) {
			n, err := db.Inbox(ctx, "red-mesa", heads, 10_000)
			return ids(n, func(n setsafe.Notification) string { return n.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			n, next, err := db.InboxAfter(ctx, "red-mesa", heads, cursor, limit)
			return ids(n, func(n setsafe.Notification) string { return n.ID }), next, err
		}},
		{"deliveries", func() ([]string, error) {
			d, err := db.Deliveries(ctx, "red-mesa", 10_000)
			return ids(d, func(d setsafe.Delivery) string { return d.ID }), err
		}, func(cursor string, limit int) ([]string, string, error) {
			d, next, err := db.DeliveriesAfter(ctx, "red-mesa", cursor, limit)
			return ids(d, func(d setsafe.Delivery) string { return d.ID }), next, err
		}},
	}
	for _, l := range lists {
		want, err := l.whole()
		if err != nil {
			t.Fatalf("%s, read whole: %v", l.name, err)
		}
		if len(want) < 7 {
			t.Fatalf("%s: %d items, too few to walk in parts", l.name, len(want))
		}
		if len(slices.Compact(slices.Sorted(slices.Values(want)))) != len(want) {
			t.Fatalf("%s read whole has an item twice: %v", l.name, want)
		}
		for _, limit := range []int{1, 2, 5, 7, len(want) - 1, len(want), len(want) + 1, 1000} {
			if got := walk(t, l.name, limit, l.part); !slices.Equal(got, want) {
				t.Errorf("%s in parts of %d:\n got %v\nwant %v", l.name, limit, got, want)
			}
		}
		// Any list's cursor opens no other list.
		for _, other := range lists {
			if _, next, err := other.part("", 1); err == nil && other.name != l.name && !sameList(other.name, l.name) {
				if _, _, err := l.part(next, 1); setsafe.ErrorCode(err) != setsafe.EInvalid {
					t.Errorf("%s took a cursor of %s: %v", l.name, other.name, err)
				}
			}
		}
		for _, bad := range []string{"x", "eyJ9", "WyJwZW9wbGUiXQ", "WyJwZW9wbGUiLCJ4IiwieSIsInoiXQ"} {
			if _, _, err := l.part(bad, 1); setsafe.ErrorCode(err) != setsafe.EInvalid {
				t.Errorf("%s took the cursor %q: %v", l.name, bad, err)
			}
		}
	}

	// A person added during a walk, before where it stands, moves no one:
	// the rest of the walk is the rest of the list as it was.
	first, next, err := db.PeopleAfter(ctx, "red-mesa", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	before := len(first)
	MustAppend(t, db, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Aaron Abbott"}}))
	rest := walk(t, "the rest of the people", 10, func(cursor string, limit int) ([]string, string, error) {
		if cursor == "" {
			cursor = next
		}
		p, next, err := db.PeopleAfter(ctx, "red-mesa", cursor, limit)
		return ids(p, func(p *setsafe.Person) string { return p.ID }), next, err
	})
	all, err := db.People(ctx, "red-mesa")
	if err != nil {
		t.Fatal(err)
	}
	if want := ids(all, func(p *setsafe.Person) string { return p.ID })[before+1:]; !slices.Equal(rest, want) {
		t.Errorf("the walk after a person was added before it:\n got %v\nwant %v", rest, want)
	}
}

// sameList says whether two lists of the test share their cursors: the
// productions of all and of one member are one list.
func sameList(a, b string) bool {
	productions := []string{"every production", "a member's productions"}
	return slices.Contains(productions, a) && slices.Contains(productions, b)
}
