package http_test

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/dailyreport"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/pdf/pdftest"
	"github.com/setsafe/setsafe/storagetest"
)

// TestSafetyReportAPI asks for a day's safety report on both databases,
// after the 1st AD called a set-up ready before any safety meeting: the
// PDF answers as a PDF and holds the refusal, the JSON has it under its
// set-up, and only those who read the ledger read either.
func TestSafetyReportAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			call := ts.caller(t)
			const prod = "/api/v1/productions/red-mesa"
			today := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format("2006-01-02")
			setUp := decode[sshttp.RecordedResult](t, call("first_ad", "POST", prod+"/setups", `{"scene":"42","name":"Scene 42: the church","hazards":["firearms"]}`, http.StatusCreated)).ID
			refusal := errorOf(t, call("first_ad", "POST", prod+"/setups/"+setUp+"/start", "", http.StatusConflict))
			if len(refusal.Rules) == 0 {
				t.Fatalf("the start was refused without a rule: %+v", refusal)
			}
			rule := refusal.Rules[0]

			report := prod + "/days/" + today + "/safety-report"
			// The JSON first, made before the writer's next checkpoint.
			got := decode[dailyreport.Report](t, call("investigator", "GET", report, "", http.StatusOK))
			i := slices.IndexFunc(got.SetUps, func(u dailyreport.DaySetUp) bool { return u.ID == setUp })
			if i < 0 || len(got.SetUps[i].Refusals) != 1 {
				t.Fatalf("the report's set-ups: %+v", got.SetUps)
			}
			ref := got.SetUps[i].Refusals[0]
			if ref.Action != "start_setup" || ref.TriedBy == nil || ref.TriedBy.ID != ts.ids["first_ad"] || len(ref.Rules) != len(refusal.Rules) || ref.Rules[0].ID != rule.ID {
				t.Fatalf("the refusal in the report: %+v, want %+v", ref, refusal.Rules)
			}
			// The seeded ledger was signed at its last entry; the report
			// says which ledger it was made from.
			if got.Source.LedgerSize != ts.size(t) || got.Source.Checkpoint == nil || got.Source.Checkpoint.Size >= got.Source.LedgerSize ||
				got.Source.VerifierKeyID == "" || !strings.HasPrefix(ts.env.Signer.VerifierKey(), got.Source.VerifierKeyID+"+") {
				t.Fatalf("the report's source: %+v", got.Source)
			}

			req, _ := http.NewRequest("GET", ts.URL+report+".pdf", nil)
			req.Header.Set("Authorization", "Bearer "+ts.tokens["producer"])
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			pdf, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("the PDF: %d %q %.40q", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
			}
			// The PDF's words, read back as a person reads them, run on
			// across the lines they wrap onto.
			text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
			for _, want := range []string{"Daily safety report", "Scene 42: the church [" + setUp + "]",
				"starting the set-up, tried by The 1st assistant director", rule.ID + ": ", "Producer's signature"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF does not say %q", want)
				}
			}

			// Only those who read the ledger; a day that is not one, or has
			// not begun, is refused with what to fix.
			call("first_ad", "GET", report+".pdf", "", http.StatusForbidden)
			call("crew", "GET", report, "", http.StatusForbidden)
			for _, day := range []string{"21-10-2021", "2099-01-01"} {
				if e := errorOf(t, call("producer", "GET", prod+"/days/"+day+"/safety-report.pdf", "", http.StatusBadRequest)); e.Fields["day"] == "" {
					t.Errorf("day %s: %+v", day, e)
				}
			}
		})
	}
}
