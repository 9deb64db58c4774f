package http_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// TestCheckInOnSet checks people in and out through the API, on SQLite
// and PostgreSQL: with a PIN on the 1st AD's device, on one's own phone,
// and checked out by the 1st AD after leaving without doing so; who is on
// site after each, and what is refused.
func TestCheckInOnSet(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			must := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			cast, medic := ts.ids["cast"], ts.ids["medic"]
			must("cast", "PUT", prod+"/people/"+cast+"/pin", `{"pin":"7391"}`, http.StatusOK)
			onSite := func() sshttp.OnSiteView {
				t.Helper()
				return decode[sshttp.OnSiteView](t, must("crew", "GET", prod+"/on-site", "", http.StatusOK))
			}
			recorded := func(b []byte) int { return len(decode[sshttp.RecordedResult](t, b).Recorded) }

			steps := []struct {
				name, actor, path, body string
				status, recorded        int
				// field is the field an invalid request names.
				field string
				// onSite are the people on site after the step.
				onSite []string
			}{
				{"a wrong PIN", "first_ad", "/checkins", `{"person_id":"` + cast + `","pin":"1111"}`, http.StatusUnauthorized, 0, "", nil},
				{"with the PIN on the 1st AD's device", "first_ad", "/checkins", `{"person_id":"` + cast + `","pin":"7391"}`, http.StatusOK, 1, "", []string{cast}},
				{"again, on one's own phone", "cast", "/checkins", `{}`, http.StatusOK, 0, "", []string{cast}},
				{"a PIN on a device nobody runs the day on", "crew", "/checkins", `{"person_id":"` + cast + `","pin":"7391"}`, http.StatusForbidden, 0, "", []string{cast}},
				{"in the future", "medic", "/checkins", `{"occurred_at":"` + storagetest.Epoch.Add(time.Hour).Format(time.RFC3339) + `"}`, http.StatusBadRequest, 0, "occurred_at", []string{cast}},
				{"the medic on their own phone", "medic", "/checkins", `{}`, http.StatusOK, 1, "", []string{cast, medic}},
				{"others may not check someone out", "crew", "/checkins/out", `{"person_id":"` + cast + `"}`, http.StatusForbidden, 0, "", []string{cast, medic}},
				{"the 1st AD checks out someone who left", "first_ad", "/checkins/out", `{"person_id":"` + cast + `"}`, http.StatusOK, 1, "", []string{medic}},
				{"out when not in", "cast", "/checkins/out", `{}`, http.StatusConflict, 0, "", []string{medic}},
				{"the medic checks out", "medic", "/checkins/out", `{}`, http.StatusOK, 1, "", nil},
			}
			for _, st := range steps {
				before := ts.size(t)
				status, body := ts.call(t, st.actor, "POST", prod+st.path, st.body)
				if status != st.status {
					t.Fatalf("%s: %d %s, want %d", st.name, status, compact(body), st.status)
				}
				if status == http.StatusOK && recorded(body) != st.recorded || status != http.StatusOK && ts.size(t) != before {
					t.Fatalf("%s: %s; the ledger went from %d to %d entries", st.name, compact(body), before, ts.size(t))
				}
				if st.field != "" {
					if e := errorOf(t, body); e.Fields[st.field] == "" {
						t.Fatalf("%s: %s does not name %s", st.name, compact(body), st.field)
					}
				}
				var got []string
				v := onSite()
				for _, p := range v.People {
					got = append(got, p.PersonID)
					if !p.Since.Equal(storagetest.Epoch) || p.Medic != (p.PersonID == medic) {
						t.Fatalf("%s: %+v", st.name, p)
					}
				}
				if len(got) != len(st.onSite) || len(got) > 0 && !sameSet(got, st.onSite) {
					t.Fatalf("%s: on site %v, want %v", st.name, got, st.onSite)
				}
				if wantMedics := map[bool]int{true: 1}[slices.Contains(st.onSite, medic)]; v.Day != "2021-10-21" || v.Medics != wantMedics {
					t.Fatalf("%s: %+v", st.name, v)
				}
			}
		})
	}
}

// TestCheckInCountsForItsDay checks someone in, then reads who is on site
// the next day: nobody, though they never checked out.
func TestCheckInCountsForItsDay(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	must := ts.caller(t)
	const prod = "/api/v1/productions/red-mesa"
	must("crew", "POST", prod+"/checkins", `{}`, http.StatusOK)
	if v := decode[sshttp.OnSiteView](t, must("crew", "GET", prod+"/on-site", "", http.StatusOK)); len(v.People) != 1 || v.People[0].PersonID != ts.ids["crew"] || v.People[0].ConfirmedBy != "session" {
		t.Fatalf("on site: %+v", v)
	}
	ts.env.Clock.Advance(24 * time.Hour)
	if v := decode[sshttp.OnSiteView](t, must("crew", "GET", prod+"/on-site", "", http.StatusOK)); len(v.People) != 0 || v.Day != "2021-10-22" {
		t.Fatalf("the next day, on site: %+v", v)
	}
	must("crew", "POST", prod+"/checkins/out", `{}`, http.StatusConflict)
	if r := decode[sshttp.RecordedResult](t, must("crew", "POST", prod+"/checkins", `{}`, http.StatusOK)); len(r.Recorded) != 1 {
		t.Fatalf("checking in the next day recorded %+v", r)
	}
}

func sameSet(a, b []string) bool {
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
