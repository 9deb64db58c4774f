package setsafe

import (
	"slices"
	"testing"
)

func TestPersonByAccount(t *testing.T) {
	w := newWorld(t)
	op := SystemActor("t")
	if w.prod.PersonByAccount("rosa") != nil {
		t.Fatal("an unlinked account has a person")
	}
	w.must("red-mesa", op, LinkAccount{PersonID: "jack", AccountID: "rosa"})
	if p := w.prod.PersonByAccount("rosa"); p == nil || p.ID != "jack" {
		t.Fatalf("linked: %v", p)
	}
	w.must("red-mesa", op, UnlinkAccount{PersonID: "jack"})
	w.must("red-mesa", op, LinkAccount{PersonID: "luis", AccountID: "rosa"})
	if p := w.prod.PersonByAccount("rosa"); p == nil || p.ID != "luis" {
		t.Fatalf("relinked: %v", p)
	}
	w.must("red-mesa", op, RemovePerson{ID: "luis", Reason: "wrapped"})
	if p := w.prod.PersonByAccount("rosa"); p != nil {
		t.Fatalf("a person who left still signs in: %v", p)
	}
	// A state loaded from storage finds the same.
	loaded := NewState("red-mesa")
	for _, table := range []string{tablePeople} {
		for _, r := range w.prod.Rows(table) {
			loaded.Load(r)
		}
	}
	w.must("red-mesa", op, LinkAccount{PersonID: "jack", AccountID: "rosa"})
	loaded.Load(w.prod.Person("jack"))
	if p := loaded.PersonByAccount("rosa"); p == nil || p.ID != "jack" {
		t.Fatalf("loaded state: %v", p)
	}
}

// TestPartialUpdates checks that an update changes only the details it
// names, and that an empty string clears an optional one.
func TestPartialUpdates(t *testing.T) {
	upm := PersonActor("luis")
	tests := []struct {
		name    string
		changes PersonChanges
		want    PersonDetails
		code    string
	}{
		{"department only", PersonChanges{Department: new("Camera")},
			PersonDetails{Name: "Jack", Department: "Camera", Email: "jack@example.com", Phone: "+1 505 555 0101"}, ""},
		{"clear the phone", PersonChanges{Phone: new("")},
			PersonDetails{Name: "Jack", Email: "jack@example.com"}, ""},
		{"blank the name", PersonChanges{Name: new(" ")}, PersonDetails{}, EInvalid},
		{"nothing", PersonChanges{}, PersonDetails{Name: "Jack", Email: "jack@example.com", Phone: "+1 505 555 0101"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.must("red-mesa", upm, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Email: new("jack@example.com"), Phone: new("+1 505 555 0101")}})
			_, err := w.run("red-mesa", upm, UpdatePerson{ID: "jack", PersonChanges: tt.changes})
			if ErrorCode(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if err != nil {
				return
			}
			p := w.prod.Person("jack")
			got := PersonDetails{p.Name, p.Department, p.JobTitle, p.Email, p.Phone}
			if got != tt.want {
				t.Fatalf("details %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestSetAsideTitleDuties checks who may rule that a job title does not
// mean a duty, that the ruling holds for the title it was made on, and
// that a new title is looked at afresh (FA-4).
func TestSetAsideTitleDuties(t *testing.T) {
	w := newWorld(t)
	upm, op := PersonActor("luis"), SystemActor("t")
	w.must("red-mesa", op, AddPerson{ID: "hannah", PersonDetails: PersonDetails{Name: "Hannah", JobTitle: "Armorer / key assistant props"}, Roles: []Role{RoleArmorer}})
	hannah := func() *Person { return w.prod.Person("hannah") }
	if got := hannah().OtherTitleDuties(); !slices.Equal(got, []Duty{DutyProps}) {
		t.Fatalf("other duties %v, want props", got)
	}
	tests := []struct {
		name  string
		actor Actor
		c     SetAsideTitleDuties
		code  string
	}{
		{"the 1st AD may not grant the armorer role", PersonActor("marcus"),
			SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer / key assistant props", Reason: "props is Lee's"}, EForbidden},
		{"no reason", upm, SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer / key assistant props"}, EInvalid},
		{"a title read before it changed", upm, SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer", Reason: "r"}, EConflict},
		{"a duty the title does not say", upm,
			SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer / key assistant props", Duties: []Duty{DutyStunts}, Reason: "r"}, EInvalid},
		{"nobody of that name", upm, SetAsideTitleDuties{PersonID: "nobody", JobTitle: "", Reason: "r"}, ENotFound},
	}
	for _, tt := range tests {
		if _, err := w.run("red-mesa", tt.actor, tt.c); ErrorCode(err) != tt.code {
			t.Errorf("%s: error %v, want code %s", tt.name, err, tt.code)
		}
	}
	w.must("red-mesa", upm, SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer / key assistant props", Reason: "Lee runs props; the title is the agency's"})
	if got := hannah().OtherTitleDuties(); len(got) != 0 {
		t.Fatalf("other duties after the ruling %v, want none", got)
	}
	if _, err := w.run("red-mesa", upm, SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer / key assistant props", Reason: "again"}); ErrorCode(err) != EConflict {
		t.Errorf("a second ruling on nothing left: %v, want a conflict", err)
	}
	// A title change, even back to the same words, is looked at afresh.
	w.must("red-mesa", upm, UpdatePerson{ID: "hannah", PersonChanges: PersonChanges{JobTitle: new("Armorer")}})
	w.must("red-mesa", upm, UpdatePerson{ID: "hannah", PersonChanges: PersonChanges{JobTitle: new("Armorer / key assistant props")}})
	if got := hannah().OtherTitleDuties(); !slices.Equal(got, []Duty{DutyProps}) {
		t.Fatalf("other duties after the title came back %v, want props", got)
	}
	// A change of other details keeps the ruling.
	w.must("red-mesa", upm, SetAsideTitleDuties{PersonID: "hannah", JobTitle: "Armorer / key assistant props", Duties: []Duty{DutyProps}, Reason: "r"})
	w.must("red-mesa", upm, UpdatePerson{ID: "hannah", PersonChanges: PersonChanges{Phone: new("+1 505 555 0101")}})
	if got := hannah().OtherTitleDuties(); len(got) != 0 {
		t.Fatalf("other duties after a phone change %v, want none", got)
	}
}
