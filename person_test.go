package setsafe

import "testing"

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
