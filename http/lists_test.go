package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/storagetest"
)

// TestListsInParts walks every list of the API that grows with use, longer
// than a part, in parts, on both databases: each walk gives every item once,
// in the order of the list asked for whole; a list asked for without a
// limit is answered whole, without a next_cursor, as it was before lists
// had parts; and a cursor the list did not give is refused.
func TestListsInParts(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			db, op := ts.env.DB, storagetest.Operator
			prod := "/api/v1/productions/red-mesa"
			for i := range 7 {
				id, _, hash := setsafe.NewAPITokenSecret()
				storagetest.MustAppend(t, db, setsafe.On(setsafe.SiteLedger, op, setsafe.CreateAPIToken{ID: id, AccountID: ts.ids["account:producer"], Name: fmt.Sprint("script ", i), SecretHash: hash}))
				storagetest.MustAppend(t, db, setsafe.CreateProductionRequest(op, setsafe.CreateProduction{ID: fmt.Sprintf("dust-devil-%d", i), Name: "Dust Devil", TimeZone: "America/Denver"}))
			}
			for i, severity := range []string{"normal", "critical", "high", "normal", "high", "critical", "normal"} {
				reporter := []string{"cast", "crew"}[i%2]
				storagetest.MustAppend(t, db, setsafe.On("red-mesa", setsafe.PersonActor(ts.ids[reporter]), setsafe.RaiseConcern{ID: setsafe.NewID(),
					Category: setsafe.CategoryOther, Severity: severity, Description: fmt.Sprint("Loose cable ", i), Mode: setsafe.ReportNamed}))
			}
			firearm := prod + "/firearms/" + ts.ids["firearm"]
			for range 6 {
				call("armorer", "POST", firearm+"/inspect", `{"bore_clear":true,"functions":true,"condition":"Good"}`, http.StatusOK)
			}
			for _, l := range []struct {
				actor, path, items, key string
			}{
				{"site_admin", "/api/v1/accounts", "accounts", "id"},
				{"producer", "/api/v1/tokens", "tokens", "id"},
				{"site_admin", "/api/v1/productions", "productions", "id"},
				{"first_ad", prod + "/people", "people", "id"},
				{"producer", prod + "/concerns", "concerns", "id"},
				{"producer", prod + "/concerns?state=open", "concerns", "id"},
				{"department_head", prod + "/notifications", "notifications", "id"},
				{"producer", prod + "/notifications/deliveries", "deliveries", "id"},
				{"armorer", firearm + "/history", "entries", "seq"},
			} {
				t.Run(l.path, func(t *testing.T) {
					read := func(query url.Values) ([]string, string) {
						t.Helper()
						path := l.path
						if q := query.Encode(); q != "" {
							path += map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + q
						}
						v := decode[map[string]any](t, call(l.actor, "GET", path, "", http.StatusOK))
						items, _ := v[l.items].([]any)
						var keys []string
						for _, it := range items {
							keys = append(keys, fmt.Sprint(it.(map[string]any)[l.key]))
						}
						next, _ := v["next_cursor"].(string)
						if _, ok := v["next_cursor"]; ok && next == "" {
							t.Fatalf("%s answered an empty next_cursor", path)
						}
						return keys, next
					}
					whole, next := read(nil)
					if next != "" || len(whole) < 5 || len(whole) > 100 {
						t.Fatalf("%s asked for whole: %d items, next_cursor %q", l.path, len(whole), next)
					}
					for _, limit := range []int{1, 2, 3, len(whole) - 1, len(whole), 1000} {
						var got []string
						cursor := ""
						for parts := 0; ; parts++ {
							q := url.Values{"limit": {fmt.Sprint(limit)}}
							if cursor != "" {
								q.Set("cursor", cursor)
							}
							keys, next := read(q)
							if len(keys) > limit || next != "" && len(keys) != limit || parts > len(whole) {
								t.Fatalf("%s in parts of %d: part %d has %d items, next_cursor %q", l.path, limit, parts, len(keys), next)
							}
							got = append(got, keys...)
							if next == "" {
								break
							}
							cursor = next
						}
						if !slices.Equal(got, whole) {
							t.Errorf("%s in parts of %d:\n got %v\nwant %v", l.path, limit, got, whole)
						}
					}
					_, next = read(url.Values{"limit": {"1"}})
					for _, bad := range []string{"nonsense", next + "x", strings.Repeat("x", 2000)} {
						path := l.path + map[bool]string{true: "&", false: "?"}[strings.Contains(l.path, "?")] + "cursor=" + url.QueryEscape(bad)
						if e := errorOf(t, call(l.actor, "GET", path, "", http.StatusBadRequest)); e.Fields["cursor"] == "" {
							t.Errorf("%s with the cursor %.20q: %+v", l.path, bad, e)
						}
					}
				})
			}
		})
	}
}

// TestConcernsWalkedInTheirFirstOrder walks the concerns while some fall
// overdue, which puts them first: the walk keeps the order of its first
// part, so that none is missed and none read twice.
func TestConcernsWalkedInTheirFirstOrder(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	call := ts.caller(t)
	raise := func(severity string, n int) {
		for i := range n {
			storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", setsafe.PersonActor(ts.ids["crew"]), setsafe.RaiseConcern{ID: setsafe.NewID(),
				Category: setsafe.CategoryOther, Severity: severity, Description: fmt.Sprint("Loose cable ", severity, " ", i), Mode: setsafe.ReportNamed}))
		}
	}
	// Normal concerns are due a day after they are raised, critical ones
	// half an hour after.
	raise(setsafe.SeverityNormal, 3)
	ts.env.Clock.Advance(23*time.Hour + 50*time.Minute)
	raise(setsafe.SeverityCritical, 3)
	type list struct {
		Concerns []struct {
			ID      string `json:"id"`
			Overdue bool   `json:"overdue"`
		} `json:"concerns"`
		NextCursor string `json:"next_cursor"`
	}
	path := "/api/v1/productions/red-mesa/concerns"
	var whole []string
	for _, c := range decode[list](t, call("producer", "GET", path, "", http.StatusOK)).Concerns {
		whole = append(whole, c.ID)
	}
	first := decode[list](t, call("producer", "GET", path+"?limit=2", "", http.StatusOK))
	got := []string{first.Concerns[0].ID, first.Concerns[1].ID}
	// The normal concerns fall overdue: asked for now, they come first.
	ts.env.Clock.Advance(20 * time.Minute)
	if now := decode[list](t, call("producer", "GET", path, "", http.StatusOK)); !now.Concerns[0].Overdue {
		t.Fatalf("no concern fell overdue: %+v", now)
	}
	for cursor := first.NextCursor; cursor != ""; {
		part := decode[list](t, call("producer", "GET", path+"?limit=2&cursor="+url.QueryEscape(cursor), "", http.StatusOK))
		for _, c := range part.Concerns {
			got = append(got, c.ID)
		}
		cursor = part.NextCursor
	}
	if !slices.Equal(got, whole) {
		t.Fatalf("the concerns walked while some fell overdue:\n got %v\nwant %v", got, whole)
	}
}
