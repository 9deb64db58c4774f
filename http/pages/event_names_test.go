package pages

import (
	"testing"

	"github.com/setsafe/setsafe"
)

// TestEveryEventNameIsInSpanish checks that the plain words the domain
// gives each event type have their Spanish in the catalogue.
func TestEveryEventNameIsInSpanish(t *testing.T) {
	types := setsafe.EventTypes()
	if len(types) < 40 {
		t.Fatalf("the domain registers only %d event types: the registry is not read", len(types))
	}
	cats, err := loadCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range types {
		name := eventName(typ)
		if tr := cats["es"][name]; tr == "" || tr == name {
			t.Errorf("event type %q is called %q, which has no Spanish in locales/es/", typ, name)
		}
	}
}
