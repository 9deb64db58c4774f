package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/note"

	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/storagetest"
)

// TestBrowserAttestation: on a phone, the producer opens the compliance
// attestations from the production's home, previews the statement of two
// days of firearm work, reads its numbers, the entries they count and
// that no witness cosigned its checkpoint yet, confirms and signs it, and
// downloads the signed note, which opens with the verifier key; the page
// is accessible, fits the screen, and reads in Spanish; on both databases.
func TestBrowserAttestation(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			rec := writeAttestationDays(t, ts)
			attestationOnAPhone(t, ts, rec, newPhone(t, ts.URL))
		})
	}
}

func attestationOnAPhone(t *testing.T, ts *testServer, rec storagetest.FirearmRecord, p *phone) {
	const prod = "/productions/red-mesa"
	const period = prod + "/attestations?from=2021-10-25&to=2021-10-27"
	handoffs := len(rec.HandedOver["2021-10-25"]) + len(rec.HandedOver["2021-10-26"])
	refused := len(rec.Refused["2021-10-25"]) + len(rec.Refused["2021-10-26"])

	signInAs(p, "producer", prod)
	tapTo(p, "#attestations-link", http.StatusOK)
	p.wantPath(prod + "/attestations")
	p.wantText("main h1", "Compliance attestations")
	p.wantText("#signed", "No attestation is signed yet.")
	p.do("choose the period",
		chromedp.SetValue(chromedp.CSS("#from"), "2021-10-25"),
		chromedp.SetValue(chromedp.CSS("#to"), "2021-10-27"))
	tapTo(p, "#period-form button[type=submit]", http.StatusOK)
	p.wantText("#count-firearm-handoffs .count", fmt.Sprint(handoffs))
	p.wantText("#count-refused-handoffs .count", fmt.Sprint(refused))
	p.wantText("#profile", "california")
	p.wantText("#witnessed", "Not witnessed yet")
	p.wantText("#statement", fmt.Sprintf("Every one of the %d firearm hand-offs", handoffs))
	// Each counted entry leads to its page of the timeline.
	first := rec.Refused["2021-10-25"][0]
	if href := runOn(p, "the first refusal's link", chromedp.Evaluate[string](`document.querySelector("#count-refused-handoffs .entries a").getAttribute("href")`)); href != fmt.Sprintf("%s/timeline/%d", prod, first) {
		t.Errorf("the first refusal links to %q, want its entry %d", href, first)
	}
	checkPage(p, "attestation preview", period)

	// Signing asks for a confirmation first.
	p.open(period)
	if valid := runOn(p, "the sign form unconfirmed", chromedp.Evaluate[bool](`document.querySelector("#sign-form").checkValidity()`)); valid {
		t.Error("the statement can be signed without confirming it was read")
	}
	p.do("confirm", chromedp.Click(chromedp.CSS("#confirm")))
	tapTo(p, "#sign", http.StatusOK)
	p.wantPath(prod + "/attestations")
	p.wantText(".done", "The statement is signed.")
	p.wantText("#signed", "From 2021-10-25 until before 2021-10-27")
	p.wantText("#signed pre", "setsafe export --production red-mesa --attestation red-mesa-attestation-2021-10-25-2021-10-27.txt --out bundle.zip")
	signed, mediaType := p.download("#signed a[download]")
	if !strings.HasPrefix(mediaType, "text/plain") {
		t.Errorf("the signed statement is served as %q", mediaType)
	}
	v, err := note.NewVerifier(ts.env.Signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		t.Fatalf("the downloaded statement does not open with the verifier key: %v\n%s", err, signed)
	}
	if st, err := evidence.ParseStatement(n.Text); err != nil || len(st.Counts[0].Entries) != handoffs {
		t.Errorf("the downloaded statement reads %+v (%v)", st, err)
	}
	checkPage(p, "attestations signed", prod+"/attestations")

	// The crew reads no statement.
	if status, _ := ts.call(t, "crew", "GET", "/api/v1/productions/red-mesa/attestations", ""); status != http.StatusForbidden {
		t.Errorf("the crew reads the attestations: %d", status)
	}

	p.pickLanguage("es")
	p.open(period)
	p.wantPageLanguage("es")
	p.wantText("main h1", "Declaraciones de cumplimiento")
	p.wantText("#witnessed", "Sin testigo todavía")
	p.wantText("#count-firearm-handoffs dt", "entregas de armas")
	checkPage(p, "attestations in Spanish", period)
}
