package http_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/storagetest"
)

// TestStudioView: a site administrator grants an insurer's account the
// studio's view of a production; it reads the production's counts beside
// their sum, and nothing of the production itself, on both databases.
func TestStudioView(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			call("crew", "POST", prod+"/concerns", `{"category":"other","severity":"critical","description":"Cable across the door","mode":"named"}`, http.StatusCreated)
			call("cast", "POST", prod+"/incidents", `{"kind":"near_miss"}`, http.StatusCreated)
			call("cast", "POST", prod+"/incidents", `{"kind":"fire"}`, http.StatusCreated)

			call("outsider", "GET", "/api/v1/studio", "", http.StatusForbidden)
			studioAccess := "/api/v1/accounts/" + ts.ids["account:outsider"] + "/studio-access"
			e := errorOf(t, call("site_admin", "PUT", studioAccess, `{"capacity":"insurer","productions":["rust"]}`, http.StatusBadRequest))
			if e.Fields["productions"] == "" {
				t.Fatalf("a production not on the site: %+v", e)
			}
			call("site_admin", "PUT", studioAccess, `{"capacity":"insurer","productions":["red-mesa"]}`, http.StatusOK)
			v := decode[dashboard.Studio](t, call("outsider", "GET", "/api/v1/studio?days=7", "", http.StatusOK))
			if len(v.Productions) != 1 || v.Productions[0].Production != "red-mesa" || v.Productions[0].Concerns["critical"] != 1 ||
				v.All.Incidents["near_miss"] != 1 || v.All.Incidents["fire"] != 1 || len(v.Productions[0].Days) != 7 {
				t.Fatalf("studio view: %+v", v)
			}
			// The counts only: the production's own records stay closed.
			if status, _ := ts.call(t, "outsider", "GET", prod+"/incidents", ""); status != http.StatusForbidden && status != http.StatusNotFound {
				t.Fatalf("the insurer reads the incidents: %d", status)
			}
			rows, err := csv.NewReader(strings.NewReader(string(call("outsider", "GET", "/api/v1/studio/export.csv?days=7", "", http.StatusOK)))).ReadAll()
			if err != nil || len(rows) != 3 || rows[1][0] != "red-mesa" || rows[2][0] != "all" || rows[1][6] != "2" {
				t.Fatalf("studio CSV: %v %v", rows, err)
			}
			call("outsider", "GET", "/api/v1/studio?days=0", "", http.StatusBadRequest)
			call("site_admin", "POST", studioAccess+"/revoke", `{"reason":"Policy ended"}`, http.StatusOK)
			call("outsider", "GET", "/api/v1/studio", "", http.StatusForbidden)

			d := decode[dashboard.Totals](t, call("safety_coordinator", "GET", prod+"/dashboard?days=7", "", http.StatusOK))
			if d.Concerns["critical"] != 1 || d.Incidents["near_miss"] != 1 {
				t.Fatalf("production dashboard: %+v", d)
			}
		})
	}
}
