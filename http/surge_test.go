package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestProductionHomeShowsSurge checks the surge on the production's home:
// today's figures beside the usual day for those who manage safety, a
// sentence in words (not colour alone) once people walk off, in English
// and Spanish, and nothing of it for the crew.
func TestProductionHomeShowsSurge(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	home := func(role, lang string) string {
		t.Helper()
		req, err := http.NewRequest("GET", ts.URL+"/productions/red-mesa", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Language", lang)
		status, _, body := send(t, ts, role, req)
		if status != http.StatusOK {
			t.Fatalf("the home as %s: %d %s", role, status, body)
		}
		return body
	}
	var grips []string
	for i := range setsafe.SurgeMinimum {
		grips = append(grips, setsafe.NewID())
		storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: grips[i],
			PersonDetails: setsafe.PersonDetails{Name: fmt.Sprintf("Grip %d", i+1)}, Roles: []setsafe.Role{setsafe.RoleCrew}}))
	}
	if page := home("safety_coordinator", "en"); !strings.Contains(page, "Today against the usual day") || strings.Contains(page, "Surge:") ||
		!strings.Contains(page, "nothing counts as a surge until tomorrow") {
		t.Fatalf("the day the production was set up:\n%s", page)
	}
	ts.env.Clock.Advance(24 * time.Hour)
	for _, id := range grips {
		storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.RemovePerson{ID: id, Reason: "Walked off"}))
	}
	sentence := fmt.Sprintf("%d left the crew today (usually 0 a day) and 0 joined (usually 0).", len(grips))
	tests := []struct {
		role, lang string
		want       []string
		not        []string
	}{
		{"producer", "en", []string{`class="surge surging"`, "Surge:", sentence, `<strong class="surge-flag">surge</strong>`}, nil},
		{"unit_production_manager", "es", []string{`class="surge surging"`, "Pico fuera de lo normal:",
			fmt.Sprintf("Hoy %d dejaron el equipo (normalmente 0 al día) y 0 se incorporaron (normalmente 0).", len(grips))}, []string{"Surge:"}},
		{"crew", "en", nil, []string{`id="surge"`, "Surge:"}},
		{"department_head", "en", nil, []string{`id="surge"`}},
	}
	for _, tt := range tests {
		t.Run(tt.role+"/"+tt.lang, func(t *testing.T) {
			page := home(tt.role, tt.lang)
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("the home lacks %q:\n%s", w, page)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(page, n) {
					t.Errorf("the home shows %q", n)
				}
			}
		})
	}
}
