package pages

import (
	"cmp"
	"html/template"
	"net/http"
	"strconv"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
)

// The studio's view across productions: for an account a site
// administrator granted one (as the studio's safety department or an
// insurer), a row of counts per production with small bars, their sum,
// and the same charts as a production's dashboard for the sum. Counts
// only: no person's name, no concern's words. Site administrators grant
// and take away the view on /studio/access (studio_access.go).

func (s *handlers) registerStudioPages() {
	s.Handle("GET /studio", s.page(s.studioPage))
	s.Handle("GET /studio/access", s.page(s.studioAccessPage))
	s.Handle("POST /studio/access", s.page(s.grantStudioAccessSubmit))
	s.Handle("POST /studio/access/{account}/revoke", s.page(s.revokeStudioAccessSubmit))
}

// studioCapacityTitles say in what capacity an account sees across
// productions.
var studioCapacityTitles = map[string]string{
	setsafe.StudioSafety:  "Studio safety",
	setsafe.StudioInsurer: "Insurer",
}

// studioRow is one production's counts, or their sum, in the studio's
// table.
type studioRow struct {
	Production, Name                                                string
	Concerns, Critical, Unacknowledged, Incidents, Refusals, Alerts int
	StopWorks, OpenActions, OverdueActions, Patterns                int
	// The bars of the concerns, incidents and refusals, each against the
	// most of any production; none on the sum.
	ConcernsBar, IncidentsBar, RefusalsBar template.HTML
}

// studioRowOf counts a production's totals for the table.
func studioRowOf(t dashboard.Totals) studioRow {
	return studioRow{Production: t.Production, Name: cmp.Or(t.Name, t.Production), Concerns: total(t.Concerns), Critical: t.Concerns[setsafe.SeverityCritical],
		Unacknowledged: t.Unacknowledged, Incidents: total(t.Incidents), Refusals: total(t.Refusals), Alerts: total(t.Alerts), StopWorks: t.StopWorks,
		OpenActions: t.OpenActions, OverdueActions: t.OverdueActions, Patterns: t.Patterns}
}

// studioRows are the table's rows, a production's bars drawn against the
// most of any production in their column, and the sum's row.
func studioRows(v dashboard.Studio) (rows []studioRow, sum studioRow) {
	var most studioRow
	for _, t := range v.Productions {
		r := studioRowOf(t)
		most.Concerns, most.Incidents, most.Refusals = max(most.Concerns, r.Concerns), max(most.Incidents, r.Incidents), max(most.Refusals, r.Refusals)
		rows = append(rows, r)
	}
	for i := range rows {
		rows[i].ConcernsBar = inlineBar(rows[i].Concerns, most.Concerns)
		rows[i].IncidentsBar = inlineBar(rows[i].Incidents, most.Incidents)
		rows[i].RefusalsBar = inlineBar(rows[i].Refusals, most.Refusals)
	}
	return rows, studioRowOf(v.All)
}

// studioScreen is the studio's view.
type studioScreen struct {
	Days       int
	DayChoices []dayChoice
	Capacity   string
	Rows       []studioRow
	All        studioRow
	Charts     safetyCharts
	Export     string
	Fields     map[string]string
}

func (s *handlers) studioPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	site, err := s.Config.Armory.LedgerState(r.Context(), setsafe.SiteLedger)
	if err != nil {
		return err
	}
	prods := site.StudioProductions(acc.ID)
	if prods == nil {
		return setsafe.Errorf(setsafe.EForbidden, "Your account has no studio view across productions; a site administrator grants one.")
	}
	if s.Config.Dashboards == nil {
		return setsafe.Errorf(setsafe.EUnavailable, "This server cannot gather the studio's counts.")
	}
	status := http.StatusOK
	pg := page{Title: "Studio view across productions", Account: acc}
	days, problem := daysOf(r)
	if problem != nil {
		status, pg.Error = http.StatusUnprocessableEntity, "Choose 7, 30 or 90 days."
	}
	v, err := dashboard.ForStudio(r.Context(), s.Config.Dashboards, prods, days, s.Config.Clock.Now())
	if err != nil {
		return err
	}
	data := studioScreen{Days: days, DayChoices: daySelector("/studio", days), Charts: chartsOf("studio-", v.All),
		Export: "/api/v1/studio/export.csv?days=" + strconv.Itoa(days), Fields: formFields(problem)}
	if g := site.StudioAccessOf(acc.ID); g != nil {
		data.Capacity = cmp.Or(studioCapacityTitles[g.Capacity], g.Capacity)
	}
	data.Rows, data.All = studioRows(v)
	pg.Data = &data
	s.pages.render(w, r, status, "studio", pg)
	return nil
}

// homeStudio says what the signed-in home offers of the studio's view:
// the view, to an account granted one; the grants, to site
// administrators.
type homeStudio struct {
	View, Grants bool
}

// homeStudioOf finds what the signed-in home offers acc of the studio's
// view.
func (s *handlers) homeStudioOf(r *http.Request, acc *setsafe.Account) (homeStudio, error) {
	site, err := s.Config.Armory.LedgerState(r.Context(), setsafe.SiteLedger)
	if err != nil {
		return homeStudio{}, err
	}
	_, denied := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts)
	return homeStudio{View: site.StudioProductions(acc.ID) != nil, Grants: denied == nil}, nil
}
