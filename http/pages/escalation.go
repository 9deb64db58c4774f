package pages

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// The pages of escalation and notifications: each person's inbox, the
// log of e-mails and webhooks sent, and the production's escalation ladder
// with the form that sets it. They go through the same code as the API.

func (s *handlers) registerEscalationPages() {
	const prod = "/productions/{production}"
	s.Handle("GET "+prod+"/notifications", s.page(s.notificationsPage))
	s.Handle("GET "+prod+"/notifications/deliveries", s.page(s.deliveriesPage))
	s.Handle("GET "+prod+"/escalation", s.page(s.escalationPage))
	s.Handle("POST "+prod+"/escalation/rungs/{rung}", s.page(s.setRungSubmit()))
	s.Handle("POST "+prod+"/escalation/clocks", s.page(s.setClocksSubmit()))
	s.Handle("POST "+prod+"/escalation/safety", s.page(s.setSafetyRulesSubmit()))
	s.Handle("POST "+prod+"/escalation/webhook-secret", s.page(s.webhookSecretSubmit))
}

// pageListLimit is how many notifications or deliveries a page lists.
const pageListLimit = 100

// rungTitles name the rungs of the ladder in words.
var rungTitles = map[string]string{
	setsafe.RungDepartmentHead: setsafe.RoleDepartmentHead.Title(),
	setsafe.RungUPM:            setsafe.RoleUPM.Title(),
	setsafe.RungProducer:       setsafe.RoleProducer.Title(),
	setsafe.RungStudioSafety:   "Studio safety",
	setsafe.RungUnion:          "Union representative",
}

// severityTitles name the severities in one word.
var severityTitles = map[string]string{setsafe.SeverityCritical: "Critical", setsafe.SeverityHigh: "High", setsafe.SeverityNormal: "Normal"}

// deliveryStates say how the sending of an e-mail or webhook went.
var deliveryStates = map[string]string{
	setsafe.DeliveryPending: "Waiting to be sent", setsafe.DeliveryDelivered: "Sent", setsafe.DeliveryFailed: "Failed: no more attempts",
}

// channelTitles name the ways a notification is sent.
var channelTitles = map[string]string{setsafe.ChannelInbox: "In setsafe", setsafe.ChannelEmail: "E-mail", setsafe.ChannelWebhook: "Webhook"}

// escalationDoneTexts say what a successful form did, by the flag it
// redirects with.
var escalationDoneTexts = map[string]string{
	"rung":   "Done: the rung is set.",
	"clocks": "Done: the clocks are set.",
	"safety": "Done: the rules for critical concerns and medics are set.",
}

// notificationLine is one notification in the inbox, in words.
type notificationLine struct {
	Event string
	At    time.Time
	// Concern is the concern it is about, or StopWork the stop-work.
	Concern  *concernLine
	StopWork *stopWorkNotice
	// Rung is the rung a concern climbed to.
	Rung string
	// Text is the words of the entry, and Said what they are: the answer,
	// why the concern moved, the resolution of a stop-work.
	Text, Said string
	// Link opens the concern or stop-work, when the person may; Open says
	// which.
	Link, Open string
}

// notificationsScreen is a person's inbox.
type notificationsScreen struct {
	Production string
	Lines      []notificationLine
	// NoPerson is set for an account with no place on the crew list.
	NoPerson       bool
	SeesDeliveries bool
}

// recentNotifications counts the caller's notifications of the last 24
// hours, up to a page's worth; none when the server keeps no outbox.
func (s *handlers) recentNotifications(r *http.Request, a setsafe.Access, st *setsafe.State) (int, error) {
	if s.Config.Notifications == nil {
		return 0, nil
	}
	list, err := s.InboxOf(r, a, st, pageListLimit)
	since := s.Config.Clock.Now().Add(-24 * time.Hour)
	n := 0
	for _, x := range list {
		if x.At.After(since) {
			n++
		}
	}
	return n, err
}

func (s *handlers) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, err := s.Authorized(r, nil)
	if err != nil {
		return err
	}
	list, err := s.InboxOf(r, a, st, pageListLimit)
	if err != nil {
		return err
	}
	data := notificationsScreen{Production: st.Ledger, NoPerson: a.PersonID == "", SeesDeliveries: a.Can(setsafe.PermViewConcerns)}
	now := s.Config.Clock.Now()
	for _, n := range list {
		data.Lines = append(data.Lines, s.notificationLineOf(a, st, n, now))
	}
	s.pages.render(w, r, http.StatusOK, "notifications", page{Title: "Notifications", Account: acc, Data: &data})
	return nil
}

// notificationLineOf says a notification in words, from what the
// production's state holds about what it is about.
func (s *handlers) notificationLineOf(a setsafe.Access, st *setsafe.State, n setsafe.Notification, now time.Time) notificationLine {
	l := notificationLine{Event: eventName(n.Event), At: n.At}
	base := "/productions/" + st.Ledger
	if c := st.Concern(n.About); c != nil {
		line := concernLineOf(st, s.ConcernView(a, st, c, now))
		l.Concern = &line
		if st.MayReadConcern(a, s.ReporterKey, c) {
			l.Link, l.Open = base+"/concerns/"+c.ID, "Open the concern"
		}
		switch n.Event {
		case "concern.moved", "concern.triaged", "concern.decided":
			l.Text, l.Said = n.Text, "Why"
		case "concern.answered":
			l.Text, l.Said = n.Text, "Answer"
		case "concern.escalated":
			l.Rung = rungTitles[n.Rung]
		}
		return l
	}
	if sw := st.StopWork(n.About); sw != nil {
		notice := stopWorkNoticeOf(st, sw)
		l.StopWork = &notice
		l.Link, l.Open = base+"/today", "Open Today"
		if !sw.Lifted {
			l.Link, l.Open = base+"/today/stop-work#lift-"+sw.ID, "Open the stop-work"
		}
		if n.Event == "stop_work.lifted" {
			l.Text, l.Said = sw.Resolution, "Resolution"
		}
	}
	return l
}

// deliveryLine is one e-mail or webhook and how its sending went.
type deliveryLine struct {
	setsafe.Delivery
	Event, Channel, State, Rung string
}

func (s *handlers) deliveriesPage(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	pid, n, err := s.DeliveryLog(r)
	if err != nil {
		return err
	}
	list, err := n.Deliveries(r.Context(), pid, pageListLimit)
	if err != nil {
		return err
	}
	data := struct {
		Production string
		Lines      []deliveryLine
	}{Production: pid}
	for _, d := range list {
		data.Lines = append(data.Lines, deliveryLine{Delivery: d, Event: eventName(d.Event), Channel: channelTitles[d.Channel],
			State: deliveryStates[d.State], Rung: rungTitles[d.Rung]})
	}
	s.pages.render(w, r, http.StatusOK, "deliveries", page{Title: "E-mails and webhooks sent", Account: acc, Data: &data})
	return nil
}

// rungForm is one rung of the ladder as the escalation page shows and
// sets it.
type rungForm struct {
	sshttp.RungView
	Title string
	// Step numbers the rung from 1, the lowest; SetIn is the ledger entry
	// that last set it, 0 while it holds the people of its role.
	Step, SetIn int64
	// Values are what the form holds: the rung's, or what was typed.
	Contact, Email, Webhook string
	// Others are the people of the production who could be added.
	Others []*setsafe.Person
	Fields map[string]string
}

// clockForm is the clock of one severity on the escalation page.
type clockForm struct {
	setsafe.ConcernClock
	Title string
	// Default says the production kept setsafe's clock.
	Default bool
	// The minutes the form holds: the clock's, or what was typed.
	Acknowledge, Resolve string
}

// span is a length of time in words: a format with %d and its number.
type span struct {
	Format string
	N      int64
}

// spanUnits are the units of a span, largest first.
var spanUnits = []struct {
	minutes   int64
	one, many string
}{{24 * 60, "%d day", "%d days"}, {60, "%d hour", "%d hours"}, {1, "%d minute", "%d minutes"}}

// spanOf says minutes in the largest whole unit.
func spanOf(minutes int64) span {
	for _, u := range spanUnits {
		if minutes%u.minutes == 0 {
			if n := minutes / u.minutes; n != 1 {
				return span{u.many, n}
			}
			return span{u.one, 1}
		}
	}
	return span{"%d minutes", minutes} // not reached: every number is whole minutes
}

// AcknowledgeSpan says how long acknowledging may take.
func (c clockForm) AcknowledgeSpan() span { return spanOf(c.AcknowledgeMinutes) }

// ResolveSpan says how long resolving may take.
func (c clockForm) ResolveSpan() span { return spanOf(c.ResolveMinutes) }

// escalationScreen is the production's ladder and clocks, with their forms
// for those who set them.
type escalationScreen struct {
	Production       string
	Rungs            []rungForm
	Clocks           []clockForm
	ProductionSecret bool
	CanSet           bool
	// CanSeeLedger says whether the caller may open the entries that set
	// the ladder.
	CanSeeLedger bool
	Done         string
	// Recorded are the entries the form just recorded.
	Recorded []sshttp.RecordedView
	// After a form came back: which one ("clocks", a rung, or "page" for
	// what no form on the page holds), and why.
	Failed      string
	Error       string
	ClockFields map[string]string
	// Safety is what a critical concern stops and who needs a medic.
	Safety safetyRulesForm
	// Secret is a webhook secret just made, shown this once; SecretRung
	// the rung it signs for, empty for the production's.
	Secret, SecretRung string
}

func (s *handlers) escalationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderEscalation(w, r, http.StatusOK, func(*escalationScreen) {})
}

// renderEscalation draws the escalation page; then fills in what a form
// left to show (an error and what was typed, or a secret).
func (s *handlers) renderEscalation(w http.ResponseWriter, r *http.Request, status int, then func(*escalationScreen)) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, view, err := s.ReadLadder(r)
	if err != nil {
		return err
	}
	pid := st.Ledger
	data := escalationScreen{Production: pid, ProductionSecret: view.ProductionSecret, CanSet: setsafe.SetLadder{}.Authorize(a, st) == nil,
		CanSeeLedger: a.Can(setsafe.PermViewLedger), Done: escalationDoneTexts[r.URL.Query().Get("done")]}
	if seq, err := strconv.ParseInt(r.URL.Query().Get("entry"), 10, 64); err == nil && data.Done != "" {
		data.Recorded = []sshttp.RecordedView{{Ledger: pid, Seq: seq}}
	}
	ladder := st.Ladder()
	for i, rv := range view.Rungs {
		f := rungForm{RungView: rv, Title: rungTitles[rv.Rung], Step: rv.Position + 1, SetIn: ladder[i].LastSeq,
			Contact: rv.Contact, Email: rv.Email, Webhook: rv.Webhook}
		for _, p := range st.People() {
			if p.Active && !slices.ContainsFunc(rv.People, func(ref sshttp.PersonRef) bool { return ref.ID == p.ID }) {
				f.Others = append(f.Others, p)
			}
		}
		data.Rungs = append(data.Rungs, f)
	}
	for _, c := range view.Clocks {
		data.Clocks = append(data.Clocks, clockForm{ConcernClock: c, Title: severityTitles[c.Severity], Default: c.LastSeq == 0,
			Acknowledge: strconv.FormatInt(c.AcknowledgeMinutes, 10), Resolve: strconv.FormatInt(c.ResolveMinutes, 10)})
	}
	data.Safety = safetyRulesOf(a, st, nil)
	then(&data)
	s.pages.render(w, r, status, "escalation", page{Title: "Escalation ladder", Account: acc, Data: &data})
	return nil
}

// entryQuery names the entry a form recorded in the address it goes on
// to; nothing when it changed nothing.
func entryQuery(evs []setsafe.Event) string {
	if len(evs) == 0 {
		return ""
	}
	return "&entry=" + strconv.FormatInt(evs[len(evs)-1].Seq, 10)
}

// ladderField finds the rung's or clock's field in the domain's name for
// it, such as rungs[0].email or clocks[2].resolve_minutes.
var ladderField = regexp.MustCompile(`^(rungs|clocks)\[(\d+)\]\.(\w+)$`)

// problemText is what the page says when a form comes back: what the
// domain said when it is not about the fields, which are marked instead.
func problemText(err error) string {
	if setsafe.ErrorCode(err) == setsafe.EInvalid {
		return "Nothing was changed. Fix what is marked and send it again."
	}
	return setsafe.ErrorMessage(err)
}

// setRungSubmit sets who stands on one rung of the ladder.
func (s *handlers) setRungSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			people := slices.Clone(f["person"])
			if add := f.Get("add_person"); add != "" && !slices.Contains(people, add) {
				people = append(people, add)
			}
			req := sshttp.LadderRequest{Rungs: []setsafe.LadderRungSetting{{Rung: r.PathValue("rung"), People: people,
				Contact: f.Get("contact"), Email: f.Get("email"), Webhook: f.Get("webhook")}}}
			return req.Command(), nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/escalation?done=rung" + entryQuery(recorded) + "#rung-" + r.PathValue("rung")
		},
		again: func(w http.ResponseWriter, r *http.Request, err error, f url.Values) error {
			rung := r.PathValue("rung")
			return s.renderEscalation(w, r, formStatus(err), func(d *escalationScreen) {
				d.Failed, d.Error = rung, problemText(err)
				if !slices.Contains(setsafe.Rungs, rung) {
					d.Failed, d.Error = "page", setsafe.ErrorMessage(err)
				}
				for i := range d.Rungs {
					if f2 := &d.Rungs[i]; f2.Rung == rung {
						f2.Contact, f2.Email, f2.Webhook, f2.Fields = f.Get("contact"), f.Get("email"), f.Get("webhook"), map[string]string{}
						for k, v := range formFields(err) {
							if m := ladderField.FindStringSubmatch(k); m != nil {
								f2.Fields[m[3]] = v
							}
						}
					}
				}
			})
		},
	})
}

// setClocksSubmit sets how long each severity of concern may wait before
// it climbs.
func (s *handlers) setClocksSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			// Minutes that are no number go to the domain as 0, which it
			// refuses with the clock's own words.
			var req sshttp.LadderRequest
			for _, sev := range setsafe.Severities {
				ack, _ := strconv.ParseInt(f.Get(sev+"_acknowledge"), 10, 64)
				res, _ := strconv.ParseInt(f.Get(sev+"_resolve"), 10, 64)
				req.Clocks = append(req.Clocks, setsafe.ClockSetting{Severity: sev, AcknowledgeMinutes: ack, ResolveMinutes: res})
			}
			return req.Command(), nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/escalation?done=clocks" + entryQuery(recorded) + "#clocks"
		},
		again: func(w http.ResponseWriter, r *http.Request, err error, f url.Values) error {
			return s.renderEscalation(w, r, formStatus(err), func(d *escalationScreen) {
				d.Failed, d.Error, d.ClockFields = "clocks", problemText(err), map[string]string{}
				for i := range d.Clocks {
					c := &d.Clocks[i]
					c.Acknowledge, c.Resolve = f.Get(c.Severity+"_acknowledge"), f.Get(c.Severity+"_resolve")
				}
				for k, v := range formFields(err) {
					if m := ladderField.FindStringSubmatch(k); m != nil {
						if i, _ := strconv.Atoi(m[2]); i < len(setsafe.Severities) {
							d.ClockFields[fmt.Sprintf("%s_%s", setsafe.Severities[i], m[3])] = v
						}
					}
				}
			})
		},
	})
}

// webhookSecretSubmit makes a webhook secret and shows it on the page,
// this once; it is never put in an address.
func (s *handlers) webhookSecretSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	res, err := s.KeepWebhookSecret(r, sshttp.WebhookSecretRequest{Rung: r.PostForm.Get("rung")})
	if err != nil {
		if !formProblem(err) {
			return err
		}
		return s.renderEscalation(w, r, formStatus(err), func(d *escalationScreen) { d.Failed, d.Error = "page", setsafe.ErrorMessage(err) })
	}
	return s.renderEscalation(w, r, http.StatusOK, func(d *escalationScreen) {
		d.Secret, d.SecretRung, d.Recorded = res.Secret, rungTitles[res.Rung], res.Recorded
		if res.Rung == "" {
			d.ProductionSecret = true
		}
		for i := range d.Rungs {
			if d.Rungs[i].Rung == res.Rung {
				d.Rungs[i].OwnSecret = true
			}
		}
	})
}

// escalationTexts are the English texts this file passes to the
// templates, for the catalogue check.
func escalationTexts() []string {
	out := []string{"Notifications", "E-mails and webhooks sent", "Escalation ladder", "Nothing was changed. Fix what is marked and send it again.",
		notificationsHint, "Why", "Answer", "Resolution", "Open the concern", "Open Today", "Open the stop-work"}
	for _, u := range spanUnits {
		out = append(out, u.one, u.many)
	}
	for _, m := range []map[string]string{rungTitles, severityTitles, deliveryStates, channelTitles, escalationDoneTexts} {
		for _, t := range m {
			out = append(out, t)
		}
	}
	return out
}
