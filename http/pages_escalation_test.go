package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/storagetest"
)

// ladderNow reads the escalation ladder through the API.
func ladderNow(t *testing.T, ts *testServer) sshttp.LadderView {
	t.Helper()
	return decode[sshttp.LadderView](t, ts.caller(t)("producer", "GET", "/api/v1/productions/red-mesa/escalation", "", http.StatusOK))
}

// TestEscalationPageForms sets a rung and the clocks through the
// escalation page's forms: what the domain refuses comes back marked, with
// what was typed and nothing changed; the crew may neither read nor set
// the ladder; a webhook secret is shown once.
func TestEscalationPageForms(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			escalationPageForms(t, ts)
		})
	}
}

func escalationPageForms(t *testing.T, ts *testServer) {
	const esc = "/productions/red-mesa/escalation"
	producer, crew := signedInClient(t, ts, "producer"), signedInClient(t, ts, "crew")
	page := producer.want("GET", esc, nil, http.StatusOK, "Escalation ladder", "Union representative", "The Producer", "from roles",
		`action="`+esc+`/rungs/union_representative"`, `action="`+esc+`/clocks"`, `value="30"`)
	if !strings.Contains(page, "4 hours") || !strings.Contains(page, "7 days") {
		t.Errorf("the clocks are not said in hours and days: %.2000s", page)
	}
	before := ladderNow(t, ts)

	tests := []struct {
		name, who, path string
		form            url.Values
		status          int
		says            []string
	}{
		{"the crew may not set a rung", "crew", esc + "/rungs/union_representative",
			url.Values{"email": {"rep@local480.example.org"}}, http.StatusForbidden, []string{"Not allowed"}},
		{"the crew may not set the clocks", "crew", esc + "/clocks",
			url.Values{"critical_acknowledge": {"5"}, "critical_resolve": {"60"}}, http.StatusForbidden, []string{"Not allowed"}},
		{"nor make a webhook secret", "crew", esc + "/webhook-secret", url.Values{}, http.StatusForbidden, []string{"Not allowed"}},
		{"a bad e-mail and webhook", "producer", esc + "/rungs/studio_safety",
			url.Values{"contact": {"Studio desk"}, "email": {"not-an-email"}, "webhook": {"ftp://hooks.example.org"}}, http.StatusUnprocessableEntity,
			[]string{"Nothing was changed", `value="Studio desk"`, `value="not-an-email"`, `value="ftp://hooks.example.org"`,
				"is not an e-mail address like name@example.com", "must be an https:// address", `id="email-studio_safety" name="email" type="email" value="not-an-email" aria-invalid="true"`}},
		{"someone not on the crew list", "producer", esc + "/rungs/producer",
			url.Values{"add_person": {"nobody-here"}}, http.StatusUnprocessableEntity, []string{"must name people on the production&#39;s crew list"}},
		{"a clock that is no number", "producer", esc + "/clocks",
			url.Values{"critical_acknowledge": {"soon"}, "critical_resolve": {"120"}, "high_acknowledge": {"240"}, "high_resolve": {"2880"},
				"normal_acknowledge": {"1440"}, "normal_resolve": {"10080"}}, http.StatusUnprocessableEntity,
			[]string{`value="soon"`, "must be between 1 minute and 31 days", `id="critical_acknowledge-problem"`, `value="2880"`}},
		{"resolving sooner than acknowledging", "producer", esc + "/clocks",
			url.Values{"critical_acknowledge": {"60"}, "critical_resolve": {"30"}, "high_acknowledge": {"240"}, "high_resolve": {"2880"},
				"normal_acknowledge": {"1440"}, "normal_resolve": {"10080"}}, http.StatusUnprocessableEntity,
			[]string{"must be at least the time to acknowledge", `id="critical_resolve-problem"`}},
		{"an unknown rung", "producer", esc + "/rungs/mayor", url.Values{"contact": {"City hall"}}, http.StatusUnprocessableEntity, []string{`id="problem"`, "must be one of"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signedInClient(t, ts, tt.who).want("POST", tt.path, tt.form, tt.status, tt.says...)
		})
	}
	after := ladderNow(t, ts)
	for i := range before.Rungs {
		if b, a := before.Rungs[i], after.Rungs[i]; b.Email != a.Email || b.Contact != a.Contact || b.Webhook != a.Webhook || b.FromRoles != a.FromRoles {
			t.Errorf("refused forms changed the %s rung: %+v, was %+v", a.Rung, a, b)
		}
	}
	for i := range before.Clocks {
		if before.Clocks[i] != after.Clocks[i] {
			t.Errorf("refused forms changed a clock: %+v, was %+v", after.Clocks[i], before.Clocks[i])
		}
	}
	crew.want("GET", esc, nil, http.StatusForbidden, "Not allowed")

	// Set, through the same command as the API.
	status, _, loc := producer.do("POST", esc+"/rungs/union_representative", url.Values{"contact": {"IATSE Local 480"},
		"email": {"rep@local480.example.org"}, "webhook": {"https://hooks.local480.example.org/setsafe"}})
	if status != http.StatusSeeOther || !regexp.MustCompile(`^`+esc+`\?done=rung&entry=\d+#rung-union_representative$`).MatchString(loc) {
		t.Fatalf("set the union rung: %d to %q", status, loc)
	}
	producer.want("GET", strings.Split(loc, "#")[0], nil, http.StatusOK, "Done: the rung is set.", "Recorded as ledger entry", `href="/productions/red-mesa/timeline/`)
	status, _, loc = producer.do("POST", esc+"/clocks", url.Values{"critical_acknowledge": {"15"}, "critical_resolve": {"120"},
		"high_acknowledge": {"240"}, "high_resolve": {"2880"}, "normal_acknowledge": {"1440"}, "normal_resolve": {"10080"}})
	if status != http.StatusSeeOther || !regexp.MustCompile(`^`+esc+`\?done=clocks&entry=\d+#clocks$`).MatchString(loc) {
		t.Fatalf("set the clocks: %d to %q", status, loc)
	}
	// Keeping the producers on their rung while adding the UPM.
	status, _, _ = producer.do("POST", esc+"/rungs/producer", url.Values{"person": {ts.ids["producer"]}, "add_person": {ts.ids["unit_production_manager"]}})
	if status != http.StatusSeeOther {
		t.Fatalf("set the producer rung: %d", status)
	}
	view := ladderNow(t, ts)
	union, prod := view.Rungs[4], view.Rungs[2]
	if union.Contact != "IATSE Local 480" || union.Email != "rep@local480.example.org" || union.Webhook != "https://hooks.local480.example.org/setsafe" || union.FromRoles {
		t.Errorf("the union rung after the form: %+v", union)
	}
	if prod.FromRoles || len(prod.People) != 2 || prod.People[0].ID != ts.ids["producer"] || prod.People[1].ID != ts.ids["unit_production_manager"] {
		t.Errorf("the producer rung after the form: %+v", prod)
	}
	if c := view.Clocks[0]; c.Severity != "critical" || c.AcknowledgeMinutes != 15 || c.ResolveMinutes != 120 {
		t.Errorf("the critical clock after the form: %+v", c)
	}
	page = producer.want("GET", esc, nil, http.StatusOK, "IATSE Local 480", "15 minutes", "2 hours", "not sent until a signing secret is made")
	if n := strings.Count(page, "Set in ledger entry"); n != 5 {
		t.Errorf("the page names %d entries that set rungs and clocks, want 5 (two rungs, and the three clocks the form sets)", n)
	}

	// A secret, made by setsafe and shown this once.
	page = producer.want("POST", esc+"/webhook-secret", url.Values{"rung": {"union_representative"}}, http.StatusOK,
		"New signing secret for the webhook of: Union representative", "signed with its own secret", "Recorded as ledger entry")
	m := regexp.MustCompile(`<code id="webhook-secret">([^<]+)</code>`).FindStringSubmatch(page)
	if m == nil || len(m[1]) < 32 {
		t.Fatalf("the secret shown: %v", m)
	}
	if !ladderNow(t, ts).Rungs[4].OwnSecret {
		t.Error("the union rung has no secret of its own after the form")
	}
	if page := producer.want("GET", esc, nil, http.StatusOK); strings.Contains(page, m[1]) {
		t.Error("the secret is shown again")
	}

	// In Spanish.
	_, page, _ = producer.do("GET", esc, nil, "Accept-Language", "es")
	for _, s := range []string{"Escalera de escalamiento", "Representante sindical", "Guardar los plazos", "4 horas"} {
		if !strings.Contains(page, s) {
			t.Errorf("the Spanish escalation page does not say %q", s)
		}
	}
}

// TestNotificationPages reads the inbox and the delivery log pages after
// a stop-work: each person sees their own notifications, the production's
// home counts the last day's, and the crew cannot read the delivery log.
func TestNotificationPages(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, b, "")
			ts.seed(t)
			notificationPages(t, ts)
		})
	}
}

func notificationPages(t *testing.T, ts *testServer) {
	const prod = "/productions/red-mesa"
	must := ts.caller(t)
	must("producer", "PUT", "/api/v1"+prod+"/escalation", `{"rungs":[{"rung":"studio_safety","email":"desk@studio.example.com"}]}`, http.StatusOK)
	must("crew", "POST", "/api/v1"+prod+"/stop-works", `{"scope":"hazard","hazard":"firearms","reason":"A live round in the dummy box"}`, http.StatusCreated)

	producer, crew := signedInClient(t, ts, "producer"), signedInClient(t, ts, "crew")
	page := producer.want("GET", prod+"/notifications", nil, http.StatusOK, "Stop-work called", "A live round in the dummy box",
		"Hazard: firearms, on every set-up", "Called by The Crew", "In force", `href="`+prod+`/today/stop-work#lift-`, `href="`+prod+`/notifications/deliveries"`)
	if strings.Contains(page, "No notifications.") {
		t.Error("the producer's inbox says it is empty")
	}
	crew.want("GET", prod+"/notifications", nil, http.StatusOK, "No notifications.")
	signedInClient(t, ts, "site_admin").want("GET", prod+"/notifications", nil, http.StatusOK, "not on this production&#39;s crew list")

	producer.want("GET", prod+"/notifications/deliveries", nil, http.StatusOK, "desk@studio.example.com", "Waiting to be sent",
		"Studio safety", "Not tried yet.", "producer@example.com")
	// The sender's attempts: one sent, one to try again, one given up.
	db, now := ts.env.DB, ts.env.Clock.Now()
	claimed, err := db.ClaimNotifications(t.Context(), now, time.Minute, 100)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]setsafe.Notification{}
	for _, d := range claimed {
		by[d.Recipient] = d.Notification
	}
	for _, err := range []error{
		db.NotificationSent(t.Context(), by["producer@example.com"], 1, now),
		db.NotificationFailed(t.Context(), by["desk@studio.example.com"], 1, now, "550 mailbox unavailable", now.Add(5*time.Minute)),
		db.NotificationFailed(t.Context(), by["department_head@example.com"], 1, now, "no such domain", time.Time{}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// Times by the set's clock, as every page says them.
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Fatal(err)
	}
	at := now.In(denver).Format("2006-01-02 15:04 MST")
	producer.want("GET", prod+"/notifications/deliveries", nil, http.StatusOK, "Sent at "+at, "Attempt 1 at "+at+": sent",
		"Attempt 1 at "+at+": failed · <span class=\"detail\">550 mailbox unavailable</span>",
		"Next attempt at "+now.Add(5*time.Minute).In(denver).Format("2006-01-02 15:04 MST"), "Failed: no more attempts", "no such domain")
	crew.want("GET", prod+"/notifications/deliveries", nil, http.StatusForbidden, "Not allowed")

	// One tap from home, with the count of the last day.
	home := producer.want("GET", prod, nil, http.StatusOK, `href="`+prod+`/notifications"`, "From the last 24 hours: 1", `href="`+prod+`/escalation"`)
	home = crew.want("GET", prod, nil, http.StatusOK, `href="`+prod+`/notifications"`)
	if strings.Contains(home, "From the last 24 hours") || strings.Contains(home, `href="`+prod+`/escalation"`) {
		t.Error("the crew's home counts notifications it has none of, or offers the ladder")
	}
	ts.env.Clock.Advance(25 * time.Hour)
	if home := producer.want("GET", prod, nil, http.StatusOK); strings.Contains(home, "From the last 24 hours") {
		t.Error("a day later the home still counts the notification as recent")
	}
	_, page, _ = producer.do("GET", prod+"/notifications", nil, "Accept-Language", "es")
	if !strings.Contains(page, "Avisos") || !strings.Contains(page, "En vigor") {
		t.Error("the Spanish inbox is not in Spanish")
	}

	// A concern raised by name reaches the lowest rung with someone on it,
	// climbs when nobody acknowledges it, and its reporter reads the answer.
	id := decode[sshttp.RecordedResult](t, must("crew", "POST", "/api/v1"+prod+"/concerns",
		`{"category":"heights","severity":"critical","mode":"named","description":"No harness on the scaffold"}`, http.StatusCreated)).ID
	link := `href="` + prod + `/concerns/` + id + `"`
	signedInClient(t, ts, "department_head").want("GET", prod+"/notifications", nil, http.StatusOK,
		"Concern raised", "Heights · Critical", "No harness on the scaffold", link, "Open the concern")
	ts.env.Clock.Advance(31 * time.Minute)
	storagetest.MustAppend(t, ts.env.DB, setsafe.On("red-mesa", storagetest.Operator, setsafe.EscalateConcern{ID: id}))
	signedInClient(t, ts, "unit_production_manager").want("GET", prod+"/notifications", nil, http.StatusOK,
		"Concern climbed the ladder", "Nobody answered in time: it climbed to your rung, Unit production manager.", link)
	must("safety_coordinator", "POST", "/api/v1"+prod+"/concerns/"+id+"/answers", `{"text":"A harness is on its way"}`, http.StatusCreated)
	crew.want("GET", prod+"/notifications", nil, http.StatusOK, "Concern answered", "Answer:</strong> A harness is on its way", link)
}
