package setsafe

import (
	"strings"
	"testing"
)

// sameCase is a command run after something like it: whether it is
// refused as the same person or firearm sent twice.
type sameCase struct {
	name    string
	prepare func(w *world)
	c       Command
	refused bool
}

// runSame runs each case on a fresh world and checks that a refusal is a
// conflict that names want, names field and the field that confirms, and
// records nothing.
func runSame(t *testing.T, world func(*testing.T) *world, cases []sameCase, want, field, confirm string) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			w := world(t)
			if tt.prepare != nil {
				tt.prepare(w)
			}
			size := w.prod.Size
			_, err := w.run("red-mesa", SystemActor("test"), tt.c)
			if !tt.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != EConflict || !strings.Contains(e.Message, want) || e.Fields[field] == "" || e.Fields[confirm] == "" {
				t.Fatalf("want a conflict naming %s and how to go on, got %v", want, err)
			}
			if w.prod.Size != size {
				t.Fatal("the refusal recorded something")
			}
		})
	}
}

// TestSecondPersonWithSameEmail refuses a second person on the crew list
// with an e-mail address someone has, naming them, unless the request
// confirms that they share it.
func TestSecondPersonWithSameEmail(t *testing.T) {
	op := SystemActor("test")
	withAna := func(t *testing.T) *world {
		w := newWorld(t)
		w.must("red-mesa", op, AddPerson{ID: "ana", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana@redmesa.example"}})
		return w
	}
	moved := func(w *world) {
		w.must("red-mesa", op, UpdatePerson{ID: "ana", PersonChanges: PersonChanges{Email: ptr("ana@home.example")}})
	}
	ana := func(email string) AddPerson {
		return AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: email}}
	}
	shared := ana("ana@redmesa.example")
	shared.ConfirmSameEmail = true
	runSame(t, withAna, []sameCase{
		{"the same address", nil, ana("ana@redmesa.example"), true},
		{"the same address in capitals", nil, ana(" ANA@RedMesa.example "), true},
		{"confirmed as shared", nil, shared, false},
		{"another address", nil, ana("ana.ruiz@redmesa.example"), false},
		{"no address", nil, ana(""), false},
		{"after she left", func(w *world) { w.must("red-mesa", op, RemovePerson{ID: "ana", Reason: "wrapped"}) }, ana("ana@redmesa.example"), false},
		{"after she changed her address", moved, ana("ana@redmesa.example"), false},
		{"her new address", moved, ana("ana@home.example"), true},
		{"someone changed to her address", nil, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Email: ptr("ana@redmesa.example")}}, true},
		{"someone changed to her address, confirmed", nil, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Email: ptr("ana@redmesa.example")}, ConfirmSameEmail: true}, false},
		{"her own address kept in an update", nil, UpdatePerson{ID: "ana", PersonChanges: PersonChanges{Name: ptr("Ana Ruiz-Díaz"), Email: ptr("ana@redmesa.example")}}, false},
	}, "Ana Ruiz", "email", "confirm_same_email")
}

// TestSecondFirearmWithSameSerial refuses to receive a firearm with the
// make and serial of one the production holds, naming it, unless the
// request confirms that it is another with the same serial.
func TestSecondFirearmWithSameSerial(t *testing.T) {
	colt := func(id, make, serial string) ReceiveFirearm {
		return ReceiveFirearm{ID: id, Make: make, Model: "Single Action Army", Serial: serial, Kind: "blank_firing",
			Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"}
	}
	confirmed := colt("colt2", "Colt", "4417")
	confirmed.ConfirmSameSerial = true
	returned := func(w *world) { w.must("red-mesa", SystemActor("test"), ReturnToOwner{FirearmID: "colt"}) }
	runSame(t, armoryWorld, []sameCase{
		{"the same make and serial", nil, colt("colt2", "Colt", "4417"), true},
		{"written differently", nil, colt("colt2", " COLT ", "44-17"), true},
		{"confirmed as another", nil, confirmed, false},
		{"another make", nil, colt("uberti", "Uberti", "4417"), false},
		{"another serial", nil, colt("colt2", "Colt", "4418"), false},
		{"after it went back to its owner", returned, colt("colt2", "Colt", "4417"), false},
	}, "Colt Single Action Army (SN 4417) (ID colt)", "serial", "confirm_same_serial")
}

func ptr[T any](v T) *T { return &v }
