package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// cardReasons returns the reasons a set-up's card on Today gives for its
// NO-GO, one line each; none once it says GO.
func cardReasons(p *phone, card string) []string {
	p.t.Helper()
	p.do("wait for "+card, chromedp.WaitVisible(chromedp.CSS(card+" .verdict")))
	return runOn(p, "reasons of "+card, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(`+"`"+card+` .verdict.nogo li`+"`"+`), li => li.innerText.trim())`))
}

// wantReasons fails the test unless the card gives exactly the rules,
// each in a reason that says the words beside it.
func wantReasons(p *phone, card string, want map[string]string) {
	p.t.Helper()
	got := cardReasons(p, card)
	if len(got) != len(want) {
		p.t.Errorf("the card gives %d reasons, want %d: %q", len(got), len(want), got)
	}
	for rule, words := range want {
		found := false
		for _, r := range got {
			if strings.HasSuffix(r, "("+rule+")") && strings.Contains(r, words) {
				found = true
			}
		}
		if !found {
			p.t.Errorf("no reason of the card says %q with (%s): %q", words, rule, got)
		}
	}
}

// TestBrowserHazardBoard plans a railroad set-up at a location and
// follows its card on Today from NO-GO, naming each missing piece, to GO:
// the railroad representative checks in on the shared device, the medic
// on their own phone, the representative records the track window on the
// card, the location manager records the railroad's permission, and the
// safety meeting covers the railroad's bulletin with the representative
// attending.
func TestBrowserHazardBoard(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	const prod = "/productions/red-mesa"
	const today = prod + "/today"
	rail, medic := ts.ids["railroad_representative"], ts.ids["medic"]
	if status, body := ts.call(t, "producer", "PUT", "/api/v1"+prod+"/people/"+rail+"/pin", `{"pin":"2468"}`); status != http.StatusOK {
		t.Fatalf("the railroad representative's PIN: %d %s", status, body)
	}
	status, body := ts.call(t, "location_manager", "POST", "/api/v1"+prod+"/locations", `{"name":"Lamy siding","address":"County Road 33"}`)
	if status != http.StatusCreated {
		t.Fatalf("the location: %d %s", status, body)
	}
	lamy := decode[sshttp.RecordedResult](t, body).ID
	status, body = ts.call(t, "first_ad", "POST", "/api/v1"+prod+"/setups",
		`{"scene":"31","name":"Scene 31: the train","hazards":["railroad"],"location_id":"`+lamy+`"}`)
	if status != http.StatusCreated {
		t.Fatalf("the set-up: %d %s", status, body)
	}
	setup := decode[sshttp.RecordedResult](t, body).ID
	card := "#setup-" + setup

	// Each phone is started before the first screenshot: a new phone
	// clears the test's earlier screenshots.
	ad, mp, rp, lp := newPhone(t, ts.URL), newPhone(t, ts.URL), newPhone(t, ts.URL), newPhone(t, ts.URL)

	// The 1st AD's Today: NO-GO, each missing piece named in words.
	signInAs(ad, "first_ad", today)
	ad.wantText(card+" .verdict.nogo", "NO-GO")
	ad.wantText(card+" .meta", "Lamy siding")
	all := map[string]string{
		"RR-1": "Scene 31: the train has railroads but nobody is checked in on set as Railroad representative (flagman)",
		"MD-1": "Scene 31: the train has railroads but no medic is checked in on set",
		"RR-2": "no railroad's written permission for track access covering it is on record",
		"RR-3": "no railroad's track window is recorded for it today",
		"HZ-1": "Today's safety meeting has not covered railroads (bulletin SB28)",
	}
	wantReasons(ad, card, all)
	ad.wantText(card+" #prep-"+setup+"-track_window", "railroad's track window: missing: not recorded today")
	ad.wantText(card+" #prep-"+setup+"-track_window", "waits for the Railroad representative (flagman) to record it")
	ad.screenshot("railroad no-go")
	ad.wantFits()
	ad.wantAccessible("today, railroad no-go")

	// In Spanish, the card names the missing pieces in Spanish.
	ad.pickLanguage("es")
	ad.wantPageLanguage("es")
	ad.wantText(card+" .verdict.nogo", "no hay ningún sanitario registrado en el set (MD-1)")
	ad.wantText(card+" .verdict.nogo", "nadie está registrado en el set como")
	ad.wantText(card+" #prep-"+setup+"-track_window", "ventana de vía del ferrocarril")
	ad.wantText(card+" #prep-"+setup+"-track_window", "espera a que lo registre: Representante del ferrocarril")
	ad.screenshot("railroad no-go in Spanish")
	ad.wantFits()
	ad.wantAccessible("today, railroad no-go in Spanish")
	ad.pickLanguage("en")
	ad.wantPageLanguage("en")

	// The railroad representative checks in on the 1st AD's phone, the
	// shared device, with their PIN: RR-1 is met.
	tapTo(ad, "#check-in-device", http.StatusOK)
	tapTo(ad, "#name-"+rail, http.StatusOK)
	typePIN(ad, "2468")
	tapTo(ad, "#check-in", http.StatusOK)
	ad.wantText(".done", "The Railroad representative (flagman) is checked in.")
	ad.open(today)
	delete(all, "RR-1")
	wantReasons(ad, card, all)

	// The medic checks in on their own phone: MD-1 is met.
	signInAs(mp, "medic", today)
	tapTo(mp, "#check-self", http.StatusOK)
	mp.wantText("#on-site-"+medic, "The Medic")
	delete(all, "MD-1")
	wantReasons(mp, card, all)

	// The railroad representative, on their phone, records the track
	// window the railroad confirmed, on the set-up's card: RR-3 is met.
	signInAs(rp, "railroad_representative", today)
	f := setup + "-track_window"
	rp.do("open the form", chromedp.Click(chromedp.CSS("#record-"+f+" summary")))
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Fatal(err)
	}
	clock := ts.env.Clock.Now().In(denver)
	choose(rp, "#from-"+f, clock.Add(-time.Hour).Format("2006-01-02T15:04"))
	choose(rp, "#until-"+f, clock.Add(3*time.Hour).Format("2006-01-02T15:04"))
	rp.typeInto("#confirmed-"+f, "BNSF dispatcher Ortiz")
	rp.screenshot("track window typed")
	rp.wantFits()
	tapTo(rp, "#submit-"+f, http.StatusOK)
	rp.wantText(".done", "Done: the preparation is recorded.")
	rp.wantText("#prep-"+f, "ready")
	rp.wantText("#prep-"+f, "confirmed by BNSF dispatcher Ortiz")
	delete(all, "RR-3")
	wantReasons(rp, card, all)

	// The location manager records the railroad's permission for every
	// set-up at the siding, on the permissions screen: RR-2 is met.
	signInAs(lp, "location_manager", prod+"/permissions")
	lp.wantText("#needs-"+setup, "No permission on record")
	grant := `form[action="` + prod + `/permissions"] `
	choose(lp, grant+"select[name=kind]", "track_access")
	lp.typeInto(grant+"input[name=issuer]", "Santa Fe Southern Railway")
	lp.typeInto(grant+"input[name=reference]", "SFS-114")
	choose(lp, grant+"#valid_until", "2040-01-01")
	choose(lp, grant+"select[name=location_id]", lamy)
	lp.screenshot("track access permission typed")
	lp.wantFits()
	tapTo(lp, grant+"button[type=submit]", http.StatusOK)
	lp.wantText(".done", "Done: the permission is recorded.")
	lp.wantText("#needs-"+setup, "In force")
	ad.open(today)
	delete(all, "RR-2")
	wantReasons(ad, card, all)

	// The safety meeting covers the railroad's bulletin point by point;
	// until the representative, on site, confirms attending, HZ-1 says so.
	tapTo(ad, `a.button[href="`+today+`/meeting"]`, http.StatusOK)
	ticks := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`.meeting-form input[name=hazard][value=railroad]`))}
	for _, id := range gate.TopicIDs(gate.HazardRailroad, nil) {
		ticks = append(ticks, chromedp.Click(chromedp.CSS(`.meeting-form input[name=covered_topics][value="`+id+`"]`)))
	}
	ad.do("tick the railroad's points", ticks...)
	tapTo(ad, ".meeting-form button[type=submit]", http.StatusOK)
	ad.wantText(".done", "Done: the meeting is recorded.")
	ad.open(today)
	wantReasons(ad, card, map[string]string{"HZ-1": "The Railroad representative (flagman), on set as Railroad representative (flagman) for railroads, has not confirmed attending today's safety meeting on it"})

	ad.open(today + "/meeting")
	tapTo(ad, `.not-yet a[href*="person=`+rail+`"]`, http.StatusOK)
	typePIN(ad, "2468")
	tapTo(ad, "form.pinpad button[type=submit]", http.StatusOK)
	ad.wantText(".attended", "The Railroad representative")

	// Every piece supplied: the card says GO, and the set-up starts.
	ad.open(today)
	ad.wantText(card+" .verdict.go", "GO")
	wantReasons(ad, card, nil)
	ad.screenshot("railroad go")
	ad.wantFits()
	ad.wantAccessible("today, railroad go")
	if v := dayBoard(t, ts).SetUps[0].Verdict; !v.Go {
		t.Fatalf("the page says GO, the API says %+v", v)
	}
	tapTo(ad, "#start-"+setup, http.StatusOK)
	ad.wantText(card, "Started at")
}
