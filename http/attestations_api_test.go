package http_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/attestation"
	"github.com/setsafe/setsafe/evidence"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
	"golang.org/x/mod/sumdb/note"
)

// attestationDays are the firearm days the attestation tests write.
var attestationDays = []storagetest.FirearmDay{
	{Date: "2021-10-25", Issues: 3, Refusals: 2, StopWorks: 1},
	{Date: "2021-10-26", Issues: 3, Refusals: 1},
}

// writeAttestationDays writes the firearm days into the seeded production
// under profile california, and moves the clock a week on.
func writeAttestationDays(t *testing.T, ts *testServer) storagetest.FirearmRecord {
	t.Helper()
	denver := mustLoad(t, "America/Denver")
	rec := storagetest.WriteFirearmDays(t, ts.env.DB, ts.env.Clock, "red-mesa", denver, "california", attestationDays)
	ts.env.Clock.Set(time.Date(2021, 11, 2, 10, 0, 0, 0, denver))
	return rec
}

// TestAttestationsThroughTheAPI: a period's statement is previewed with
// the counts of what was written, signed by the producer (201, Location)
// and read back as a signed note that opens with the verifier key and
// reads back as the statement previewed; the crew may not sign, a
// statement that changed since the preview is not signed; on both
// databases.
func TestAttestationsThroughTheAPI(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			rec := writeAttestationDays(t, ts)
			must := ts.caller(t)
			const list = "/api/v1/productions/red-mesa/attestations"

			preview := decode[attestation.Preview](t, must("producer", "GET", list+"/preview?from=2021-10-25&to=2021-10-27", "", http.StatusOK))
			want := map[string][]int64{
				"firearm-handoffs": slices.Concat(rec.HandedOver["2021-10-25"], rec.HandedOver["2021-10-26"]),
				"refused-handoffs": slices.Concat(rec.Refused["2021-10-25"], rec.Refused["2021-10-26"]),
				"stop-works":       rec.StopWorks["2021-10-25"],
			}
			for _, c := range preview.Counts {
				if w, ok := want[c.Name]; ok && !slices.Equal(c.Entries, w) {
					t.Errorf("%s: %v, want %v", c.Name, c.Entries, w)
				}
			}
			if preview.Witnessed || !strings.Contains(strings.Join(preview.Summary, " "), "no witness has cosigned") {
				t.Errorf("an unwitnessed checkpoint passes for witnessed: %v", preview.Summary)
			}
			// One day fewer counts the first day only.
			first := decode[attestation.Preview](t, must("investigator", "GET", list+"/preview?from=2021-10-25&to=2021-10-26", "", http.StatusOK))
			if first.Counts[0].Name != "firearm-handoffs" || len(first.Counts[0].Entries) != len(rec.HandedOver["2021-10-25"]) {
				t.Errorf("the first day counts %+v", first.Counts[0])
			}
			must("producer", "GET", list+"/preview?from=2021-10-25&to=2031-01-01", "", http.StatusBadRequest)
			must("crew", "GET", list+"/preview?from=2021-10-25&to=2021-10-27", "", http.StatusForbidden)

			must("crew", "POST", list, `{"from":"2021-10-25","to":"2021-10-27"}`, http.StatusForbidden)
			must("producer", "POST", list, `{"from":"2021-10-25","to":"2021-10-27","statement_sha256":"`+strings.Repeat("0", 64)+`"}`, http.StatusConflict)
			a := ts.keyedCall(t, "producer", "POST", list, "", `{"from":"2021-10-25","to":"2021-10-27","statement_sha256":"`+preview.SHA256+`"}`)
			if a.status != http.StatusCreated || !strings.Contains(a.location, list+"/") {
				t.Fatalf("sign: %d %q %s", a.status, a.location, a.body)
			}
			id := a.location[strings.LastIndex(a.location, "/")+1:]
			signed := must("investigator", "GET", list+"/"+id, "", http.StatusOK)
			v, err := note.NewVerifier(ts.env.Signer.VerifierKey())
			if err != nil {
				t.Fatal(err)
			}
			n, err := note.Open(signed, note.VerifierList(v))
			if err != nil {
				t.Fatalf("the signed statement does not open with the verifier key: %v\n%s", err, signed)
			}
			st, err := evidence.ParseStatement(n.Text)
			if err != nil || n.Text != preview.Text {
				t.Fatalf("the signed statement is not the one previewed (%v):\n%s\n%s", err, n.Text, preview.Text)
			}
			if len(st.Counts) == 0 || len(st.Counts[0].Entries) != len(want["firearm-handoffs"]) {
				t.Errorf("the signed statement counts %+v", st.Counts)
			}

			var listed sshttp.AttestationsView
			if err := json.Unmarshal(must("producer", "GET", list, "", http.StatusOK), &listed); err != nil {
				t.Fatal(err)
			}
			if len(listed.Attestations) != 1 || listed.Attestations[0].ID != id || listed.Attestations[0].StatementSHA256 != preview.SHA256 ||
				!strings.Contains(listed.Attestations[0].Bundle, "--attestation red-mesa-attestation-2021-10-25-2021-10-27.txt") {
				t.Errorf("listed: %+v", listed.Attestations)
			}
			must("producer", "GET", list+"/nosuchattestation", "", http.StatusNotFound)
		})
	}
}
