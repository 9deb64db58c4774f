package http_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/pdf/pdftest"
	"github.com/setsafe/setsafe/storagetest"
)

// TestInjuryRecords keeps a year's injury records through the API on both
// databases: the establishment and its year, a case from an incident with
// its personal details sealed, the 300 log that follows a correction, the
// forms as PDF and the ITA files, and the personal details out of reach
// of all but those who keep the records.
func TestInjuryRecords(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			year := ts.env.Clock.Now().Format("2006")

			call("safety_coordinator", "GET", prod+"/injury-records/"+year+"/log", "", http.StatusConflict)
			e := errorOf(t, call("safety_coordinator", "PUT", prod+"/establishment", `{"name":"Red Mesa","ein":"85-12","company_name":"Dry Gulch Pictures LLC","street":"1 Cerrillos Rd","city":"Santa Fe","state":"NM","zip":"87505","naics":"512110"}`, http.StatusBadRequest))
			if e.Fields["ein"] == "" {
				t.Fatalf("a short EIN: %+v", e)
			}
			call("safety_coordinator", "PUT", prod+"/establishment", `{"name":"Red Mesa","ein":"85-1234567","company_name":"Dry Gulch Pictures LLC","street":"1 Cerrillos Rd","city":"Santa Fe","state":"NM","zip":"87505","naics":"512110","industry":"Motion picture and video production"}`, http.StatusOK)
			call("producer", "PUT", prod+"/establishment/years/"+year, `{"annual_average_employees":40,"total_hours_worked":60000,"peak_employees":55}`, http.StatusOK)

			inc := decode[sshttp.RecordedResult](t, call("cast", "POST", prod+"/incidents", `{"kind":"injury_illness","where":"Stage 2"}`, http.StatusCreated)).ID
			caseBody := `{"employee":"` + ts.ids["cast"] + `","job_title":"Actor","injury":"Fracture","body_part":"left wrist","object":"fall from a rostrum",` +
				`"case_type":"injury","work_related":true,"new_case":true,"significant_diagnosis":true,"event_time":"10:40",` +
				`"personal":{"street":"12 Agua Fria St","city":"Santa Fe","state":"NM","zip":"87501","birth_date":"1990-04-02","sex":"F"}}`
			call("crew", "POST", prod+"/incidents/"+inc+"/injury-cases", caseBody, http.StatusForbidden)
			k := decode[sshttp.RecordedResult](t, call("medic", "POST", prod+"/incidents/"+inc+"/injury-cases", caseBody, http.StatusCreated)).ID
			cv := decode[sshttp.CaseView](t, call("safety_coordinator", "GET", prod+"/injury-cases/"+k, "", http.StatusOK))
			if !cv.Recordable || cv.Number != year+"-001" || cv.Personal == nil || cv.Personal.BirthDate != "1990-04-02" {
				t.Fatalf("case: %+v %+v", cv.InjuryCase, cv.Personal)
			}
			call("investigator", "GET", prod+"/injury-cases/"+k, "", http.StatusForbidden)
			// The sealed details are a file no other route serves.
			call("investigator", "GET", prod+"/files/"+cv.PersonalFile, "", http.StatusNotFound)
			if strings.Contains(string(call("investigator", "GET", "/api/v1/ledgers/red-mesa/entries?limit=1000", "", http.StatusOK)), "Agua Fria") {
				t.Fatal("the ledger holds the employee's address")
			}

			log := decode[sshttp.LogView](t, call("investigator", "GET", prod+"/injury-records/"+year+"/log", "", http.StatusOK))
			if len(log.Rows) != 1 || log.Rows[0].Name != "The Cast" || log.Rows[0].Classification != "J" || log.OtherCases != 1 || log.Types["injury"] != 1 {
				t.Fatalf("log: %+v", log)
			}
			// The ITA case file asks what the 301 tells, which the case does
			// not say yet.
			if e := errorOf(t, call("safety_coordinator", "GET", prod+"/injury-records/"+year+"/ita-cases.csv", "", http.StatusConflict)); !strings.Contains(e.Message, "nar_before_incident") {
				t.Fatalf("an ITA file without the narrative: %+v", e)
			}
			caseBody = strings.Replace(caseBody, `"event_time"`, `"before_incident":"Climbing down the rostrum steps","what_happened":"A step gave way","event_time"`, 1)
			// Three weeks off work, known later.
			call("medic", "POST", prod+"/injury-cases/"+k+"/correction", strings.Replace(caseBody, `"event_time"`, `"days_away":21,"event_time"`, 1), http.StatusBadRequest)
			call("medic", "POST", prod+"/injury-cases/"+k+"/correction", strings.Replace(caseBody, `"event_time"`, `"days_away":21,"reason":"Cast for three weeks","event_time"`, 1), http.StatusOK)
			log = decode[sshttp.LogView](t, call("producer", "GET", prod+"/injury-records/"+year+"/log", "", http.StatusOK))
			if log.Rows[0].Classification != "H" || log.DaysAwayCases != 1 || log.DaysAway != 21 || log.OtherCases != 0 {
				t.Fatalf("log after the correction: %+v", log)
			}

			for _, form := range []struct{ path, actor, want string }{
				{"/300.pdf", "first_ad", year + "-001"},
				{"/300a.pdf", "producer", "21"},
				{"/301.pdf", "medic", "Agua Fria"},
			} {
				pdf := call(form.actor, "GET", prod+"/injury-records/"+year+form.path, "", http.StatusOK)
				if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !strings.Contains(pdftest.Text(t, pdf), form.want) {
					t.Fatalf("%s does not hold %q", form.path, form.want)
				}
			}
			call("first_ad", "GET", prod+"/injury-records/"+year+"/301.pdf", "", http.StatusForbidden)
			summary := string(call("safety_coordinator", "GET", prod+"/injury-records/"+year+"/ita-summary.csv", "", http.StatusOK))
			if !strings.HasPrefix(summary, "establishment_name,ein,company_name,") || !strings.Contains(summary, "851234567") {
				t.Fatalf("ITA summary: %s", summary)
			}
			cases := string(call("safety_coordinator", "GET", prod+"/injury-records/"+year+"/ita-cases.csv", "", http.StatusOK))
			if !strings.HasPrefix(cases, "establishment_name,year_of_filing,case_number,") || !strings.Contains(cases, year+"-001") || strings.Contains(cases, "The Cast") {
				t.Fatalf("ITA cases: %s", cases)
			}
		})
	}
}
