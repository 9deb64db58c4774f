package setsafe

import "testing"

// TestEveryEventTypeFolds checks that each registered event type makes a
// body that folds itself into the state. register already refuses, at
// compile time, a body type without a fold; this names the rule.
func TestEveryEventTypeFolds(t *testing.T) {
	types := EventTypes()
	if len(types) < 40 {
		t.Fatalf("only %d event types are registered: the registry is not read", len(types))
	}
	for _, typ := range types {
		b := NewBody(typ)
		if b == nil {
			t.Errorf("%s: no body", typ)
			continue
		}
		if _, ok := b.(fold); !ok {
			t.Errorf("%s: body %T has no apply method", typ, b)
		}
	}
}

// strayBody is a body no init registers.
type strayBody struct{}

func (*strayBody) EventType() string { return "stray.happened" }

// strayFold is a body with a fold that no init registers.
type strayFold struct{ applied bool }

func (*strayFold) EventType() string { return "stray.folded" }

func (b *strayFold) apply(*State, Event) error {
	b.applied = true
	return nil
}

// TestApplyErrors checks what Apply says when a body has no projection or
// its fold refuses the event.
func TestApplyErrors(t *testing.T) {
	folded := &strayFold{}
	tests := []struct {
		name   string
		before []Body
		body   Body
		want   string
	}{
		{"unregistered body", nil, &strayBody{}, "event 2 (stray.happened): no projection for event type stray.happened"},
		{"unregistered body with a fold", nil, folded, "event 2 (stray.folded): no projection for event type stray.folded"},
		{"role for nobody", nil, &RoleGranted{PersonID: "ghost", Role: RoleCrew}, "event 2 (role.granted): person ghost does not exist"},
		{"person added twice", []Body{&PersonAdded{ID: "dana"}}, &PersonAdded{ID: "dana"}, "event 3 (person.added): person dana already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewState("red-mesa")
			for _, b := range append([]Body{&ProductionCreated{ID: "red-mesa"}}, tt.before...) {
				if err := s.Apply(Event{Ledger: "red-mesa", Seq: s.Size + 1, Body: b}); err != nil {
					t.Fatal(err)
				}
			}
			size := s.Size
			err := s.Apply(Event{Ledger: "red-mesa", Seq: size + 1, Body: tt.body})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Apply: %v, want %q", err, tt.want)
			}
			if s.Size != size {
				t.Fatalf("a refused event moved the state from size %d to %d", size, s.Size)
			}
		})
	}
	if folded.applied {
		t.Fatal("the fold of an unregistered body ran")
	}
}
