package api

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// tagDashboards are the routes of the counts of a production's safety and
// of a studio's across productions.
const tagDashboards = "Dashboards"

// daysQuery is the span a dashboard counts.
var daysQuery = []queryParam{{name: "days", description: fmt.Sprintf("How many days to count, today included: 1 to %d (30 when left out).", dashboard.MaxDays),
	schema: map[string]any{"type": "integer", "minimum": 1, "maximum": dashboard.MaxDays}}}

func (s *handlers) dashboardRoutes() []route {
	const account = "/api/v1/accounts/{account}/studio-access"
	return []route{
		{method: "GET", path: "/api/v1/productions/{production}/dashboard", tag: tagDashboards, summary: "The production's counts over the last days: concerns per day by severity and their wait to be acknowledged, incidents by kind, refusals by rule, alerts, stop-works, corrective actions open and overdue, patterns in force (those who read incidents).", signedIn: true,
			response: dashboard.Totals{}, query: daysQuery, handle: s.productionDashboard},
		{method: "GET", path: "/api/v1/studio", tag: tagDashboards, summary: "The studio's view: the same counts for each production the signed-in account's studio view spans, and their sum; counts only, no names or words.", signedIn: true,
			response: dashboard.Studio{}, query: daysQuery, handle: s.studio},
		{method: "GET", path: "/api/v1/studio/export.csv", tag: tagDashboards, summary: "The studio's view as a CSV file, a row per production.", signedIn: true,
			produces: []string{"text/csv"}, query: daysQuery, handle: s.studioCSV},
		{method: "GET", path: account, tag: tagDashboards, summary: "An account's studio view across productions (site administrators).", signedIn: true,
			response: sshttp.StudioAccessView{}, handle: s.getStudioAccess},
		{method: "PUT", path: account, tag: tagDashboards, summary: "Grant an account the studio's view across productions, as studio_safety or insurer, over the productions listed or [\"*\"] for all (site administrators).", signedIn: true,
			body: sshttp.StudioAccessRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.grantStudioAccess),
			example: sshttp.StudioAccessRequest{Capacity: setsafe.StudioInsurer, Productions: []string{"red-mesa"}}},
		{method: "POST", path: account + "/revoke", tag: tagDashboards, summary: "Take an account's studio view away, with the reason (site administrators).", signedIn: true,
			body: sshttp.ReasonRequest{}, response: sshttp.RecordedResult{}, handle: decoded(s.revokeStudioAccess)},
	}
}

// days reads the span a dashboard counts.
func days(r *http.Request) (int, error) {
	n, err := sshttp.QueryInt(r, "days", 30, 1, dashboard.MaxDays)
	return int(n), err
}

func (s *handlers) productionDashboard(w http.ResponseWriter, r *http.Request) error {
	n, err := days(r)
	if err != nil {
		return err
	}
	_, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, dashboard.ForProduction(st, n, s.Config.Clock.Now()))
	return nil
}

// studioView counts the productions the signed-in account's studio view
// spans.
func (s *handlers) studioView(r *http.Request) (dashboard.Studio, error) {
	n, err := days(r)
	if err != nil {
		return dashboard.Studio{}, err
	}
	actor := sshttp.ActorFrom(r)
	if actor.Kind != setsafe.ActorAccount {
		return dashboard.Studio{}, setsafe.Errorf(setsafe.EUnauthorized, "Sign in first.")
	}
	site, err := s.Config.Armory.LedgerState(r.Context(), setsafe.SiteLedger)
	if err != nil {
		return dashboard.Studio{}, err
	}
	prods := site.StudioProductions(actor.ID)
	if prods == nil {
		return dashboard.Studio{}, setsafe.Errorf(setsafe.EForbidden, "Your account has no studio view across productions; a site administrator grants one.")
	}
	if s.Config.Dashboards == nil {
		return dashboard.Studio{}, setsafe.Errorf(setsafe.EUnavailable, "This server cannot gather the studio's counts.")
	}
	return dashboard.ForStudio(r.Context(), s.Config.Dashboards, prods, n, s.Config.Clock.Now())
}

func (s *handlers) studio(w http.ResponseWriter, r *http.Request) error {
	v, err := s.studioView(r)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *handlers) studioCSV(w http.ResponseWriter, r *http.Request) error {
	v, err := s.studioView(r)
	if err != nil {
		return err
	}
	rows := [][]string{{"production", "name", "concerns", "critical_concerns", "unacknowledged", "mean_minutes_to_acknowledge_critical", "incidents",
		"refusals", "alerts", "stop_works", "open_actions", "overdue_actions", "patterns"}}
	for _, t := range append(v.Productions, v.All) {
		id := t.Production
		if id == "" {
			id = "all"
		}
		rows = append(rows, []string{id, t.Name, fmt.Sprint(total(t.Concerns)), fmt.Sprint(t.Concerns[setsafe.SeverityCritical]), fmt.Sprint(t.Unacknowledged),
			fmt.Sprintf("%.0f", t.AckMinutes[setsafe.SeverityCritical]), fmt.Sprint(total(t.Incidents)), fmt.Sprint(total(t.Refusals)), fmt.Sprint(total(t.Alerts)),
			fmt.Sprint(t.StopWorks), fmt.Sprint(t.OpenActions), fmt.Sprint(t.OverdueActions), fmt.Sprint(t.Patterns)})
	}
	return writeCSV(w, fmt.Sprintf("studio-%d-days.csv", v.Days), rows)
}

// total adds up counts.
func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func (s *handlers) getStudioAccess(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
		return err
	}
	site, err := s.Config.Armory.LedgerState(r.Context(), setsafe.SiteLedger)
	if err != nil {
		return err
	}
	id := r.PathValue("account")
	v := site.StudioAccessOf(id)
	if v == nil {
		return setsafe.Errorf(setsafe.ENotFound, "Account %q has no studio view.", id)
	}
	prods := site.StudioProductions(id)
	sort.Strings(prods)
	sshttp.WriteJSON(w, http.StatusOK, sshttp.StudioAccessView{StudioAccess: v, Productions: append([]string{}, prods...)})
	return nil
}

func (s *handlers) grantStudioAccess(w http.ResponseWriter, r *http.Request, req sshttp.StudioAccessRequest) error {
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r),
		setsafe.GrantStudioAccess{AccountID: r.PathValue("account"), Capacity: req.Capacity, Productions: req.Productions}))
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.RecordedResult{Recorded: sshttp.Recorded(appended(evs))})
	return nil
}

func (s *handlers) revokeStudioAccess(w http.ResponseWriter, r *http.Request, req sshttp.ReasonRequest) error {
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r),
		setsafe.RevokeStudioAccess{AccountID: r.PathValue("account"), Reason: req.Reason}))
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.RecordedResult{Recorded: sshttp.Recorded(appended(evs))})
	return nil
}
