package pages

import (
	"testing"

	"github.com/setsafe/setsafe"
)

// TestEveryEventHasAName checks that every event type the domain registers
// has plain words, and that no name is left for a type that is gone.
func TestEveryEventHasAName(t *testing.T) {
	types := setsafe.EventTypes()
	if len(types) < 40 {
		t.Fatalf("the domain registers only %d event types: the registry is not read", len(types))
	}
	known := map[string]bool{}
	seen := map[string]string{}
	for _, typ := range types {
		known[typ] = true
		name := eventName(typ)
		if name == typ || name == "" {
			t.Errorf("event type %q has no plain-word name in eventNames", typ)
		}
		if other, dup := seen[name]; dup {
			t.Errorf("%q and %q are both called %q", typ, other, name)
		}
		seen[name] = typ
	}
	for typ := range eventNames {
		if !known[typ] {
			t.Errorf("eventNames names %q, which the domain does not register", typ)
		}
	}
}
