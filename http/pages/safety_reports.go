package pages

import (
	"time"

	"github.com/setsafe/setsafe"
)

// reportDays is how many days before today the pages link to the daily
// safety report of: a week back, so that last week's same day is one tap
// away.
const reportDays = 7

// reportLink is the daily safety report of a day, as a PDF the API makes.
type reportLink struct {
	Day, Href string
	Today     bool
}

// safetyReportLinks are the daily safety reports of today and the
// reportDays days before it, on the set's clock, newest first, none from
// before the production was set up; for those who read the ledger, whom
// the API lets read them (setsafe.PermViewLedger), and nil for others.
func safetyReportLinks(a setsafe.Access, st *setsafe.State, now time.Time) []reportLink {
	p := st.Production()
	if !a.Can(setsafe.PermViewLedger) || p == nil {
		return nil
	}
	zone := p.Zone()
	y, m, d := now.In(zone).Date()
	noon := time.Date(y, m, d, 12, 0, 0, 0, zone) // a day's noon is on that day whatever the clocks do
	first := p.CreatedAt.In(zone).Format(time.DateOnly)
	var out []reportLink
	for i := 0; i <= reportDays; i++ {
		day := noon.AddDate(0, 0, -i).Format(time.DateOnly)
		if day < first {
			break
		}
		out = append(out, reportLink{Day: day, Today: i == 0, Href: "/api/v1/productions/" + st.Ledger + "/days/" + day + "/safety-report.pdf"})
	}
	return out
}
