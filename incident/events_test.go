package incident

import (
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
)

// TestEventTypesRoundTrip: every event type the register adds encodes
// and decodes in its canonical form, and says what it is in words.
func TestEventTypesRoundTrip(t *testing.T) {
	n := 0
	for _, typ := range setsafe.EventTypes() {
		prefix, _, _ := strings.Cut(typ, ".")
		if !slices.Contains([]string{"incident", "investigation", "corrective_action", "injury_case", "establishment", "pattern"}, prefix) {
			continue
		}
		n++
		b := setsafe.NewBody(typ)
		if _, ok := b.(setsafe.EventBody); !ok || b.EventType() != typ {
			t.Fatalf("%s makes %T", typ, b)
		}
		data, err := setsafe.EncodeBody(b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := setsafe.DecodeBody(typ, setsafe.BodyVersion(typ), data); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if setsafe.EventName(typ) == typ {
			t.Fatalf("%s has no name in words", typ)
		}
	}
	if n != 19 {
		t.Fatalf("%d event types of the register, want 19", n)
	}
}
