package http_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// download taps the link sel, lets the browser save what it leads to in a
// folder of the test's, and returns the file and the media type the
// server answered with.
func (p *phone) download(sel string) (data []byte, mediaType string) {
	p.t.Helper()
	dir := p.t.TempDir()
	events := true
	if _, err := chromedp.CallBrowser(p.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		p.t.Fatalf("let the browser download: %v", err)
	}
	href := runOn(p, "the link of "+sel, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).href`))
	ctx, stop := context.WithCancel(p.ctx)
	defer stop()
	saved := make(chan string, 1)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && e.State == cdpbrowser.DownloadProgressStateCompleted {
			select {
			case saved <- e.GUID:
			default:
			}
		}
	}); err != nil {
		p.t.Fatal(err)
	}
	p.do("tap "+sel, chromedp.Click(chromedp.CSS(sel)))
	select {
	case guid := <-saved:
		b, err := os.ReadFile(filepath.Join(dir, guid))
		if err != nil {
			p.t.Fatalf("the file %s saved: %v", sel, err)
		}
		data = b
	case <-time.After(stepTimeout):
		p.t.Fatalf("tapping %s downloaded nothing within %s", sel, stepTimeout)
	}
	// The browser's download manager fetched the file, out of sight of
	// the page's network events: the page asks again for its media type.
	mediaType = runOn(p, "ask for "+href, chromedp.Evaluate[string](`fetch(`+jsString(href)+`).then(r => r.headers.get("Content-Type"))`, chromedp.EvalAwaitPromise))
	return data, mediaType
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestBrowserInjuryCase: on a phone, the medic records an injury case from
// an incident's page and sees that it is recordable, with its number; the
// safety coordinator sets up the establishment from the production's home,
// finds the case on the year's log and downloads the 300; on both
// databases.
func TestBrowserInjuryCase(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ts := newTestServer(t, b, "")
			ts.seed(t)
			recordInjuryCase(t, ts, newPhone(t, ts.URL))
		})
	}
}

func recordInjuryCase(t *testing.T, ts *testServer, p *phone) {
	const prod = "/productions/red-mesa"
	year := ts.env.Clock.Now().In(mustLoad(t, "America/Denver")).Format("2006")
	inc := decode[sshttp.RecordedResult](t, ts.caller(t)("cast", "POST", "/api/v1"+prod+"/incidents",
		`{"kind":"injury_illness","where":"Stage 2","description":"Fell from a rostrum","people":["`+ts.ids["cast"]+`"]}`, http.StatusCreated)).ID

	// The medic: from the incident's page to the case form, filled in.
	signInAs(p, "medic", prod+"/incidents/"+inc)
	tapTo(p, "#record-case", http.StatusOK)
	p.wantText("main h1", "Record an injury or illness case")
	if got := p.value("#employee"); got != ts.ids["cast"] {
		t.Errorf("the form names %q as the employee, want the person involved, %q", got, ts.ids["cast"])
	}
	if got := p.value("#where"); got != "Stage 2" {
		t.Errorf("the form says it happened at %q, want the incident's place", got)
	}
	checkPage(p, "case form", prod+"/incidents/"+inc+"/injury-case")
	p.typeInto("#job_title", "Actor")
	p.typeInto("#injury", "Fracture")
	p.typeInto("#body_part", "left wrist")
	p.typeInto("#object", "fall from a rostrum")
	p.do("open the first-aid list", chromedp.Click(chromedp.CSS("details.first-aid summary")))
	p.wantText("details.first-aid", "Drinking fluids for heat stress")
	p.do("a doctor saw the fracture", chromedp.Click(chromedp.CSS(`input[name=significant_diagnosis][value=true]`)))
	p.typeInto("#what_happened", "A step of the rostrum gave way")
	p.typeInto("#personal-street", "12 Agua Fria St")
	p.screenshot("case filled in")
	tapTo(p, "#case-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the case is recorded.")
	p.wantText("#verdict", "Recordable: it goes on the OSHA 300 log.")
	p.wantText("#verdict", "significant injury or illness diagnosed")
	p.wantText("main h1", year+"-001")
	p.wantText("#personal", "12 Agua Fria St")
	casePath, _ := p.location()
	checkPage(p, "case page", casePath)
	id := strings.TrimPrefix(casePath, prod+"/injury-cases/")
	if k := caseOf(t, ts, id); !k.Recordable || k.Number != year+"-001" || k.Injury != "Fracture" || !k.SignificantDiagnosis || k.Personal == nil ||
		k.Personal.Street != "12 Agua Fria St" || k.WhatHappened != "A step of the rostrum gave way" {
		t.Fatalf("the case the medic recorded: %+v %+v", k.InjuryCase, k.Personal)
	}
	p.signOutThroughHeader()

	// The safety coordinator: the tile, the establishment, the log, the 300.
	signInAs(p, "safety_coordinator", prod)
	tapTo(p, `.tiles a[href="`+prod+`/injury-records"]`, http.StatusOK)
	p.wantText("#no-establishment", "not set up yet")
	tapTo(p, "#set-establishment", http.StatusOK)
	checkPage(p, "establishment form", prod+"/injury-records/"+year+"/establishment")
	for sel, text := range map[string]string{"#name": "Red Mesa production office", "#company_name": "Dry Gulch Pictures LLC", "#ein": "85-1234567",
		"#street": "1 Cerrillos Rd", "#city": "Santa Fe", "#state": "NM", "#zip": "87505"} {
		p.typeInto(sel, text)
	}
	if got := p.value("#naics"); got != "512110" {
		t.Errorf("the NAICS code is %q before anyone types it, want 512110", got)
	}
	tapTo(p, "#establishment-form button[type=submit]", http.StatusOK)
	p.wantText(".done", "Done: the establishment is set.")
	p.wantText("#establishment", "Dry Gulch Pictures LLC")
	p.wantText(".log-300", year+"-001")
	p.wantText(".log-300", "The Cast")
	p.wantText(".log-300", "Other recordable case")
	checkPage(p, "injury records", prod+"/injury-records/"+year)
	pdf, mediaType := p.download("#form-300")
	if mediaType != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("the 300 downloaded as %q, starting %q; want a PDF", mediaType, string(pdf[:min(8, len(pdf))]))
	}
	p.switchTheme("contrast")
	for _, path := range []string{prod + "/injury-records/" + year, casePath} {
		p.open(path)
		p.screenshot("contrast " + path)
		p.wantAccessible(path + " (contrast)")
	}
}

// TestBrowserInjuryRecordsInSpanish: the case form and the injury records
// read in Spanish.
func TestBrowserInjuryRecordsInSpanish(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	inc := incidentByAPI(t, ts, "cast", "injury_illness", "Cut hand on the edge of a flat")
	p := newPhone(t, ts.URL)
	p.open("/login")
	p.pickLanguage("es")
	signInAs(p, "medic", prod+"/incidents/"+inc)
	p.wantPageLanguage("es")
	p.wantText("#record-case", "Registrar como caso de lesión o enfermedad")
	tapTo(p, "#record-case", http.StatusOK)
	p.wantText("main h1", "Registrar un caso de lesión o enfermedad")
	p.wantText("#q-death", "¿Murió a causa de ello?")
	p.wantText("#q-medical_treatment", "¿Recibió tratamiento médico más allá de los primeros auxilios?")
	p.wantText("#personal-form", "Datos personales, guardados sellados")
	p.wantText("#case-form button[type=submit]", "Registrar el caso")
	p.screenshot("case form in Spanish")
	p.wantAccessible("case form in Spanish")
	p.wantFits()
	p.open(prod + "/injury-records")
	p.wantText("main h1", "Registros de lesiones y enfermedades de")
	p.wantText("#no-establishment", "Configurar el centro de trabajo")
	p.screenshot("injury records in Spanish")
	p.wantAccessible("injury records in Spanish")
	p.wantFits()
}
