package http_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestSecondPersonOrFirearm sends the same new person and the same new
// firearm many times at once, as phones and tablets retrying over a bad
// signal do: one is added, the others are told which person has the
// e-mail address or which firearm has the serial, and a request that says
// it is deliberate adds a second one. The pages show the conflict and a
// box to tick.
func TestSecondPersonOrFirearm(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			prod := "/api/v1/productions/red-mesa"
			tests := []struct {
				name, actor, path, body, confirm, field, existing string
				times                                             int
				// wantEntries is what one creation records: a person
				// and the role they are given; a firearm received.
				wantEntries int64
			}{
				{"person", "producer", prod + "/people", `{"name":"Ana Ruiz","email":"ana@redmesa.example","roles":["crew"]}`,
					"confirm_same_email", "email", "Ana Ruiz", 20, 2},
				{"firearm", "armorer", prod + "/firearms", `{"make":"Colt","model":"Peacemaker","serial":"9001","kind":"blank_firing","calibre":".45 Colt",` +
					`"chambers":6,"owner":"PDQ Arm & Prop","store":"armory truck"}`, "confirm_same_serial", "serial", "Colt Peacemaker (SN 9001) (ID ", 11, 1},
			}
			for _, tt := range tests {
				before := ts.size(t)
				answers, errs := make([]answer, tt.times), make([]error, tt.times)
				var wg sync.WaitGroup
				for i := range tt.times {
					wg.Go(func() { answers[i], errs[i] = ts.tryCall(tt.actor, "POST", tt.path, "", tt.body) })
				}
				wg.Wait()
				if err := errors.Join(errs...); err != nil {
					t.Fatal(err)
				}
				created := 0
				for _, a := range answers {
					switch a.status {
					case http.StatusCreated:
						created++
					case http.StatusConflict:
						e := errorOf(t, a.body)
						if e.Code != setsafe.EConflict || !strings.Contains(e.Message, tt.existing) || e.Fields[tt.field] == "" || e.Fields[tt.confirm] == "" {
							t.Fatalf("%s: the conflict does not say who or how to go on: %s", tt.name, compact(a.body))
						}
					default:
						t.Fatalf("%s: %d %s", tt.name, a.status, compact(a.body))
					}
				}
				if after := ts.size(t); created != 1 || after-before != tt.wantEntries {
					t.Fatalf("%s sent %d times: %d created, %d entries, want 1 created and %d entries", tt.name, tt.times, created, after-before, tt.wantEntries)
				}
				confirmed := strings.TrimSuffix(tt.body, "}") + `,"` + tt.confirm + `":true}`
				if status, body := ts.call(t, tt.actor, "POST", tt.path, confirmed); status != http.StatusCreated {
					t.Fatalf("%s confirmed: %d %s", tt.name, status, compact(body))
				}
			}

			// The pages: the conflict, a box to tick, and the second one.
			pages := []struct {
				actor, path, confirm string
				form                 url.Values
			}{
				{"producer", "/productions/red-mesa/people", "confirm_same_email", url.Values{"name": {"Ana's assistant"}, "email": {"ANA@redmesa.example"}}},
				{"armorer", "/productions/red-mesa/armory/firearms", "confirm_same_serial", url.Values{"make": {"colt"}, "model": {"Peacemaker"}, "serial": {"90-01"},
					"kind": {"blank_firing"}, "calibre": {".45 Colt"}, "chambers": {"6"}, "owner": {"PDQ Arm & Prop"}, "store": {"armory truck"}}},
			}
			for _, p := range pages {
				status, _, body := postForm(t, ts, p.actor, p.path, p.form)
				if status != http.StatusConflict || !strings.Contains(body, `name="`+p.confirm+`"`) || !strings.Contains(body, "confirm that they share it") {
					t.Fatalf("%s: %d, want 409 with a box to tick: %.3000s", p.path, status, body)
				}
				p.form.Set(p.confirm, "1")
				if status, loc, body := postForm(t, ts, p.actor, p.path, p.form); status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
					t.Fatalf("%s with the box ticked: %d %s %.500s", p.path, status, loc, body)
				}
			}
		})
	}
}
