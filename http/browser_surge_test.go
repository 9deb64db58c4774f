package http_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserSurge opens the production's home on a phone the morning
// camera crew walk off: the surge is said in words above the day's
// figures, and the page stays accessible and fits the screen in both
// themes.
func TestBrowserSurge(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	var camera []string
	for i := range 6 {
		camera = append(camera, setsafe.NewID())
		storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: camera[i],
			PersonDetails: setsafe.PersonDetails{Name: fmt.Sprintf("Camera crew %d", i+1), Department: "Camera"}, Roles: []setsafe.Role{setsafe.RoleCrew}}))
	}
	ts.env.Clock.Advance(24 * time.Hour)
	for _, id := range camera {
		storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.RemovePerson{ID: id, Reason: "Walked off over conditions"}))
	}
	p := newPhone(t, ts.URL)
	p.signInThroughForm("safety_coordinator")
	const home = "/productions/red-mesa"
	for _, theme := range []string{"standard", "contrast"} {
		p.switchTheme(theme)
		p.open(home)
		p.wantText("#surge h2", "Today against the usual day")
		p.wantText("#surge .surge-alert", fmt.Sprintf("Surge: %d left the crew today (usually 0 a day) and 0 joined (usually 0).", len(camera)))
		p.wantText("#surge tr.surging", "surge")
		checkPage(p, "surge "+theme, home)
	}
}
