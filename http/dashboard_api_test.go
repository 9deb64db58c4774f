package http_test

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/escalation"
	sshttp "github.com/setsafe/setsafe/http"
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

// TestReportAtWrap: the rungs that asked for the daily safety report get
// it through setsafe's clock once the day's last set-up is wrapped, on
// both databases.
func TestReportAtWrap(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			call("first_ad", "PUT", prod+"/safety-report/recipients", `{"rungs":["producer"]}`, http.StatusForbidden)
			call("safety_coordinator", "PUT", prod+"/safety-report/recipients", `{"rungs":["producer"]}`, http.StatusOK)
			if got := decode[sshttp.ReportRecipients](t, call("producer", "GET", prod+"/safety-report/recipients", "", http.StatusOK)); len(got.Rungs) != 1 || got.Rungs[0] != "producer" {
				t.Fatalf("recipients %+v", got)
			}
			setup := decode[sshttp.RecordedResult](t, call("first_ad", "POST", prod+"/setups", `{"scene":"1","name":"Scene 1: the ride in","hazards":[]}`, http.StatusCreated)).ID
			call("first_ad", "POST", prod+"/setups/"+setup+"/state", `{"state":"wrapped"}`, http.StatusOK)
			clock := escalation.New(escalation.Config{Store: ts.env.DB, Time: ts.env.Clock, Logger: slog.New(slog.DiscardHandler)})
			if n, err := clock.Tick(t.Context()); err != nil || n != 1 {
				t.Fatalf("the clock sent %d reports: %v", n, err)
			}
			inbox := decode[sshttp.InboxView](t, call("producer", "GET", prod+"/notifications", "", http.StatusOK))
			if len(inbox.Notifications) == 0 || !strings.HasPrefix(inbox.Notifications[0].Subject, "Daily safety report: Red Mesa") ||
				!strings.Contains(inbox.Notifications[0].Text, "safety-report.pdf") {
				t.Fatalf("the producer's inbox: %+v", inbox.Notifications)
			}
			if n, err := clock.Tick(t.Context()); err != nil || n != 0 {
				t.Fatalf("sent again: %d %v", n, err)
			}
		})
	}
}
