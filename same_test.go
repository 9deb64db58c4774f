package setsafe

import (
	"strings"
	"testing"
)

// TestSecondPersonWithSameEmail refuses a second person on the crew list
// with an e-mail address someone has, naming them, unless the request
// confirms that they share it.
func TestSecondPersonWithSameEmail(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name    string
		prepare func(w *world)
		c       Command
		refused bool
	}{
		{"the same address", nil, AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana@redmesa.example"}}, true},
		{"the same address in capitals", nil, AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana R.", Email: " ANA@RedMesa.example "}}, true},
		{"confirmed as shared", nil, AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana's assistant", Email: "ana@redmesa.example"}, ConfirmSameEmail: true}, false},
		{"another address", nil, AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana.ruiz@redmesa.example"}}, false},
		{"no address", nil, AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz"}}, false},
		{"after she left", func(w *world) { w.must("red-mesa", op, RemovePerson{ID: "ana", Reason: "wrapped"}) },
			AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana@redmesa.example"}}, false},
		{"after she changed her address", func(w *world) {
			w.must("red-mesa", op, UpdatePerson{ID: "ana", PersonChanges: PersonChanges{Email: ptr("ana@home.example")}})
		},
			AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana@redmesa.example"}}, false},
		{"her new address", func(w *world) {
			w.must("red-mesa", op, UpdatePerson{ID: "ana", PersonChanges: PersonChanges{Email: ptr("ana@home.example")}})
		},
			AddPerson{ID: "ana2", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana@home.example"}}, true},
		{"someone changed to her address", nil, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Email: ptr("ana@redmesa.example")}}, true},
		{"someone changed to her address, confirmed", nil, UpdatePerson{ID: "jack", PersonChanges: PersonChanges{Email: ptr("ana@redmesa.example")}, ConfirmSameEmail: true}, false},
		{"her own address kept in an update", nil, UpdatePerson{ID: "ana", PersonChanges: PersonChanges{Name: ptr("Ana Ruiz-Díaz"), Email: ptr("ana@redmesa.example")}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.must("red-mesa", op, AddPerson{ID: "ana", PersonDetails: PersonDetails{Name: "Ana Ruiz", Email: "ana@redmesa.example"}})
			if tt.prepare != nil {
				tt.prepare(w)
			}
			size := w.prod.Size
			_, err := w.run("red-mesa", op, tt.c)
			if !tt.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != EConflict || !strings.Contains(e.Message, "Ana Ruiz") || e.Fields["email"] == "" || e.Fields["confirm_same_email"] == "" {
				t.Fatalf("want a conflict naming Ana Ruiz and how to go on, got %v", err)
			}
			if w.prod.Size != size {
				t.Fatal("the refusal recorded something")
			}
		})
	}
}

// TestSecondFirearmWithSameSerial refuses to receive a firearm with the
// make and serial of one the production holds, naming it, unless the
// request confirms that it is another with the same serial.
func TestSecondFirearmWithSameSerial(t *testing.T) {
	op := SystemActor("test")
	colt := func(id, make, serial string) ReceiveFirearm {
		return ReceiveFirearm{ID: id, Make: make, Model: "Single Action Army", Serial: serial, Kind: "blank_firing",
			Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"}
	}
	confirmed := colt("colt2", "Colt", "4417")
	confirmed.ConfirmSameSerial = true
	tests := []struct {
		name    string
		prepare func(w *world)
		c       Command
		refused bool
	}{
		{"the same make and serial", nil, colt("colt2", "Colt", "4417"), true},
		{"written differently", nil, colt("colt2", " COLT ", "44-17"), true},
		{"confirmed as another", nil, confirmed, false},
		{"another make", nil, colt("uberti", "Uberti", "4417"), false},
		{"another serial", nil, colt("colt2", "Colt", "4418"), false},
		{"after it went back to its owner", func(w *world) { w.must("red-mesa", op, ReturnToOwner{FirearmID: "colt"}) }, colt("colt2", "Colt", "4417"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := armoryWorld(t)
			if tt.prepare != nil {
				tt.prepare(w)
			}
			size := w.prod.Size
			_, err := w.run("red-mesa", op, tt.c)
			if !tt.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != EConflict || !strings.Contains(e.Message, "Colt Single Action Army") || !strings.Contains(e.Message, "colt") ||
				e.Fields["serial"] == "" || e.Fields["confirm_same_serial"] == "" {
				t.Fatalf("want a conflict naming the Colt and how to go on, got %v", err)
			}
			if w.prod.Size != size {
				t.Fatal("the refusal recorded something")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
