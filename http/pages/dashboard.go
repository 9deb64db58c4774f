package pages

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/incident"
)

// A production's safety dashboard: its counts over the last days
// (dashboard.ForProduction) as charts drawn on the server, each with a
// table of its numbers; the patterns of incidents in force with their
// forms; the surge view of today; the daily safety reports; and links to
// the register, the corrective actions and the spreadsheets. For those
// who read every incident (incident.PermView).

func (s *handlers) registerDashboardPages() {
	s.Handle("GET /productions/{production}/dashboard", s.page(s.dashboardPage))
	s.registerPatternPages()
	s.registerStudioPages()
}

// defaultDays is the span a dashboard counts when none is asked for.
const defaultDays = 30

// dayChoices are the spans the pages offer.
var dayChoices = []int{7, 30, 90}

// dayChoice is one span of the day selector.
type dayChoice struct {
	Days    int
	Href    string
	Current bool
}

// daysOf reads the span the URL asks for: defaultDays when it asks for
// none, and with a problem when it asks for one out of range.
func daysOf(r *http.Request) (int, error) {
	n, err := sshttp.QueryInt(r, "days", defaultDays, 1, dashboard.MaxDays)
	if err != nil {
		return defaultDays, err
	}
	return int(n), nil
}

// daySelector offers the spans, the one counted marked, each a link to
// path with its days.
func daySelector(path string, days int) []dayChoice {
	out := make([]dayChoice, len(dayChoices))
	for i, n := range dayChoices {
		out[i] = dayChoice{Days: n, Href: path + "?days=" + strconv.Itoa(n), Current: n == days}
	}
	return out
}

// concernSeries are the severities of a concern, the stack's order from
// the bottom up.
var concernSeries = []chartSeries{
	{setsafe.SeverityCritical, "Critical"}, {setsafe.SeverityHigh, "High"}, {setsafe.SeverityNormal, "Normal"},
}

// alertKindTitles say each kind of alert, with its rule.
var alertKindTitles = map[string]string{
	gate.AlertOutTooLong: "Firearm out too long (FA-8)",
	gate.AlertNotBack:    "Firearm not back after its set-up stopped (FA-8)",
	gate.AlertDutyGap:    "Firearm out with no armorer on duty (FA-2)",
}

// chartWords are the charts' titles and what each says when it is empty.
var chartWords = struct {
	Concerns, Waits, Incidents, Refusals, Alerts           string
	NoConcerns, NoWaits, NoIncidents, NoRefusals, NoAlerts string
	HowMany, MeanMinutes, Acknowledged                     string
}{
	Concerns: "Concerns raised each day, by severity", Waits: "Mean minutes before a concern was acknowledged, by severity",
	Incidents: "Incidents by kind", Refusals: "Refusals at the gate, by rule", Alerts: "Alerts by kind",
	NoConcerns: "No concern was raised in these days.", NoWaits: "No concern was acknowledged in these days.",
	NoIncidents: "No incident in these days.", NoRefusals: "Nothing was refused at the gate in these days.", NoAlerts: "No alert in these days.",
	HowMany: "How many", MeanMinutes: "Mean minutes", Acknowledged: "Acknowledged",
}

// safetyCharts are the charts of a span's counts, a production's or a
// studio's sum.
type safetyCharts struct {
	Concerns                           stackedChart
	Waits, Incidents, Refusals, Alerts barChart
}

// chartsOf draws a span's counts; prefix keeps the charts' IDs apart from
// others on the page.
func chartsOf(prefix string, t dashboard.Totals) safetyCharts {
	w := chartWords
	c := safetyCharts{
		Concerns:  stackedChart{ID: prefix + "concerns", Title: w.Concerns, Empty: w.NoConcerns, Series: concernSeries},
		Waits:     barChart{ID: prefix + "waits", Title: w.Waits, Empty: w.NoWaits, ValueTitle: w.MeanMinutes, ExtraTitle: w.Acknowledged},
		Incidents: countChart(prefix+"incidents", w.Incidents, w.NoIncidents, t.Incidents, func(k string) (string, string) { return cmp.Or(incidentKindTitles[k], k), "" }),
		Refusals: countChart(prefix+"refusals", w.Refusals, w.NoRefusals, t.Refusals, func(k string) (string, string) {
			if r, ok := gate.Lookup(gate.RuleID(k)); ok {
				return k, r.Title
			}
			return k, ""
		}),
		Alerts: countChart(prefix+"alerts", w.Alerts, w.NoAlerts, t.Alerts, func(k string) (string, string) { return cmp.Or(alertKindTitles[k], k), "" }),
	}
	for _, d := range t.Days {
		day := stackedDay{Day: d.Day}
		for _, s := range concernSeries {
			day.Counts = append(day.Counts, d.Concerns[s.Key])
		}
		c.Concerns.Days = append(c.Concerns.Days, day)
	}
	for _, s := range concernSeries {
		if n := t.Acknowledged[s.Key]; n > 0 {
			m := t.AckMinutes[s.Key]
			c.Waits.Bars = append(c.Waits.Bars, chartBar{Label: s.Title, Value: m, Text: oneDecimal(m), Series: s.Key, Extra: strconv.Itoa(n)})
		}
	}
	return c
}

// countChart draws counts by key, the most first, each labelled by
// label: its words beside the bar, and more words for the table.
func countChart(id, title, empty string, counts map[string]int, label func(key string) (string, string)) barChart {
	c := barChart{ID: id, Title: title, Empty: empty, ValueTitle: chartWords.HowMany}
	keys := make([]string, 0, len(counts))
	for k, n := range counts {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b)) })
	for _, k := range keys {
		l, d := label(k)
		c.Bars = append(c.Bars, chartBar{Label: l, Detail: d, Value: float64(counts[k]), Text: strconv.Itoa(counts[k])})
	}
	return c
}

// oneDecimal says a mean to one decimal place, without a trailing ".0".
func oneDecimal(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// total adds up counts.
func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// dashboardScreen is a production's dashboard.
type dashboardScreen struct {
	Production, Name string
	Days             int
	DayChoices       []dayChoice
	Totals           dashboard.Totals
	// Concerns, Incidents, Refusals and Alerts add up the span's counts.
	Concerns, Incidents, Refusals, Alerts int
	Charts                                safetyCharts
	Patterns                              *patternsBlock
	// Surge is today against the usual day, for those who see it on the
	// production's home (those who manage its safety).
	Surge *setsafe.Surge
	// Reports are the daily safety reports, for those who read the ledger.
	Reports []reportLink
	// Where the page leads: the register, the actions, the spreadsheets
	// and the counts as data.
	Register, Actions, IncidentsCSV, ActionsCSV, Data string
	Fields                                            map[string]string
}

func (s *handlers) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Readable(r, incident.PermView)
	if err != nil {
		return err
	}
	pid := st.Ledger
	status := http.StatusOK
	pg := page{Title: "Safety dashboard", Account: acc}
	days, problem := daysOf(r)
	if problem != nil {
		status, pg.Error = http.StatusUnprocessableEntity, "Choose 7, 30 or 90 days."
	}
	now := s.Config.Clock.Now()
	base := "/productions/" + pid
	t := dashboard.ForProduction(st, days, now)
	data := dashboardScreen{Production: pid, Name: st.Production().Name, Days: days, DayChoices: daySelector(base+"/dashboard", days), Totals: t,
		Concerns: total(t.Concerns), Incidents: total(t.Incidents), Refusals: total(t.Refusals), Alerts: total(t.Alerts),
		Charts: chartsOf("", t), Patterns: patternsBlockOf(r, a, st, base+"/dashboard?days="+strconv.Itoa(days)), Reports: safetyReportLinks(a, st, now),
		Register: base + "/incidents", Actions: base + "/corrective-actions",
		IncidentsCSV: "/api/v1" + base + "/incidents/export.csv", ActionsCSV: "/api/v1" + base + "/corrective-actions/export.csv",
		Data: "/api/v1" + base + "/dashboard?days=" + strconv.Itoa(days), Fields: formFields(problem)}
	if a.Can(setsafe.PermManageSafety) {
		surge := st.Surge(now)
		data.Surge = &surge
	}
	pg.Data = &data
	s.pages.render(w, r, status, "dashboard", pg)
	return nil
}

// dashboardTexts are the English texts the dashboard, the patterns and
// the studio's pages pass to the templates from Go, for the catalogue
// check.
func dashboardTexts() []string {
	w := chartWords
	out := []string{w.Concerns, w.Waits, w.Incidents, w.Refusals, w.Alerts, w.NoConcerns, w.NoWaits, w.NoIncidents, w.NoRefusals, w.NoAlerts,
		w.HowMany, w.MeanMinutes, w.Acknowledged, "Safety dashboard", "Choose 7, 30 or 90 days.", "Studio view across productions", "Studio views across productions",
		"is required: choose an account", "Choose the account that is to see across productions.",
		"Your account has no studio view across productions; a site administrator grants one.", "This server cannot gather the studio's counts."}
	for _, s := range concernSeries {
		out = append(out, s.Title)
	}
	for _, m := range []map[string]string{alertKindTitles, patternScopeTitles, patternStateTitles, patternDoneTexts, studioCapacityTitles, studioAccessDoneTexts} {
		for _, v := range m {
			out = append(out, v)
		}
	}
	for _, r := range gate.Catalogue {
		out = append(out, r.Title)
	}
	return append(out, patternTexts...)
}
