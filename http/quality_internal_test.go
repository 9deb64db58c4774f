package http

import (
	"strings"
	"testing"

	"github.com/setsafe/setsafe/gate"
)

// TestGateReasonsSpeakSpanish checks that a page in Spanish says the gate's
// reason in Spanish, with its blanks filled in and its rule's ID.
func TestGateReasonsSpeakSpanish(t *testing.T) {
	p, err := newPages()
	if err != nil {
		t.Fatal(err)
	}
	r := gate.Reason{Rule: "AM-4", Format: "Lot %s has %d rounds in stock; %d cannot be loaded from it", Args: []any{"D-1", 4, 6}}
	for lang, want := range map[string]string{
		"en": "Lot D-1 has 4 rounds in stock; 6 cannot be loaded from it (AM-4)",
		"es": "El lote D-1 tiene 4 cartuchos en existencia; no se pueden cargar 6 de él (AM-4)",
	} {
		tmpl, err := p.templates[lang]["error"].Clone()
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err = tmpl.New("reason").Parse(`{{reason .}}`)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, r); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("in %s the reason reads %q, want %q", lang, b.String(), want)
		}
	}
}
