package pages

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// TestGateReasonsSpeakSpanish checks that a page in Spanish says the gate's
// reason in Spanish, with its blanks filled in and its rule's ID.
func TestGateReasonsSpeakSpanish(t *testing.T) {
	p, err := newPages(slog.New(slog.DiscardHandler))
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

// TestGateBlanksSpeakSpanish checks that the gate's own words, durations
// and moments in a reason's blanks are put into the page's language, and
// names are left as they are.
func TestGateBlanksSpeakSpanish(t *testing.T) {
	cats, err := loadCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2021, time.October, 16, 12, 8, 0, 0, time.UTC)
	tests := []struct {
		format string
		args   []any
		en, es string
	}{
		{"Nobody has shown %s clear to %s and the 1st AD, every chamber, in the last %s", []any{"the Colt", "Jack", gate.Span(15 * time.Minute)},
			"Nobody has shown the Colt clear to Jack and the 1st AD, every chamber, in the last 15 minutes (X-1)",
			"en los últimos 15 minutos (X-1)"},
		{"The discharge of %s on %s has not been investigated", []any{"the Colt", gate.Moment(at)},
			"The discharge of the Colt on 16 October at 12:08 has not been investigated (X-1)",
			"16 de octubre a las 12:08"},
		{"The plan for %s lacks %s", []any{"Scene 42", gate.Parts{"shields", "remote camera"}},
			"The plan for Scene 42 lacks shields, remote camera (X-1)", "escudos, cámara remota"},
		{"%s has %s but nobody is on duty as %s", []any{"Scene 42", gate.Word("stunts"), gate.Duties{"stunt_coordinator", "property_master"}},
			"Scene 42 has stunts but nobody is on duty as Stunt coordinator and Property master (X-1)", "escenas de riesgo"},
		{"%s is on armorer duty, but their job title on the crew list, %s, says they also work as %s; an armorer has no other duties: correct the title, or have someone who grants roles record that it does not mean that on this production",
			[]any{"Hannah", gate.Title("Armorer / key assistant props"), gate.Duties{"props", "special_effects"}},
			"Hannah is on armorer duty, but their job title on the crew list, \u201cArmorer / key assistant props\u201d, says they also work as Props and Special effects; an armorer has no other duties: correct the title, or have someone who grants roles record that it does not mean that on this production (X-1)",
			"Hannah está de servicio como armero, pero su puesto en la lista del equipo, \u201cArmorer / key assistant props\u201d, dice que además trabaja como Utilería y Efectos especiales"},
		{"%s's safety meeting today did not cover: %s", []any{"Jack", gate.TopicTexts{"firearms.trigger", "firearms.no_live"}},
			"Jack's safety meeting today did not cover: Finger off the trigger until the shot; No live ammunition on set (X-1)",
			"La reunión de seguridad de hoy de Jack no trató: El dedo fuera del gatillo hasta el disparo; Nada de munición real en el set (X-1)"},
	}
	for _, tt := range tests {
		r := gate.Reason{Rule: "X-1", Format: tt.format, Args: tt.args}
		if got := cats["en"].reason(r); got != tt.en {
			t.Errorf("in English: %q, want %q", got, tt.en)
		}
		if got := cats["es"].reason(r); !strings.Contains(got, tt.es) {
			t.Errorf("in Spanish: %q, want it to contain %q", got, tt.es)
		}
	}
}
