package pages

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// The 1st AD's screens for the day on set: the day's set-ups each with the
// gate's GO or NO-GO, kept live; the safety meeting with its topics and
// attendance by PIN; and stop-work, which anyone may call. Every action is
// a plain form that posts and redirects; a refused one comes back with its
// reasons and what was typed.

func (s *handlers) registerDayPages() {
	const day = "/productions/{production}/today"
	s.Handle("GET "+day, s.page(s.todayPage))
	s.Handle("GET "+day+"/board", s.page(s.boardPart))
	s.Handle("POST "+day+"/setups", s.page(s.planSetUpSubmit()))
	s.Handle("POST "+day+"/setups/{setup}/start", s.page(s.startSetUpSubmit))
	s.Handle("POST "+day+"/setups/{setup}/state", s.page(s.callSetUpStateSubmit()))
	s.Handle("POST "+day+"/setups/{setup}/preparations", s.page(s.recordPreparationSubmit))
	s.Handle("POST "+day+"/alerts/{alert}/acknowledge", s.page(s.acknowledgeAlertSubmit()))
	s.Handle("GET "+day+"/meeting", s.page(s.meetingPage))
	s.Handle("POST "+day+"/meeting", s.page(s.holdMeetingSubmit()))
	s.Handle("GET "+day+"/meeting/{meeting}/attend", s.page(s.attendPage))
	s.Handle("POST "+day+"/meeting/{meeting}/attend", s.page(s.attendSubmit))
	s.Handle("GET "+day+"/stop-work", s.page(s.stopWorkPage))
	s.Handle("POST "+day+"/stop-work", s.page(s.callStopWorkSubmit()))
	s.Handle("POST "+day+"/stop-works/{stopwork}/lift", s.page(s.liftStopWorkSubmit()))
}

// dayDoneTexts say what a successful action of the day did, by the flag it
// redirects with.
var dayDoneTexts = map[string]string{
	"planned":           "Done: set-up planned.",
	"started":           "Done: set-up started.",
	"called":            "Done: the set-up's state is called.",
	"acknowledged":      "Done: the alert is acknowledged; it stays shown until it is resolved.",
	"held":              "Done: the meeting is recorded. Now each person confirms they attended, with their PIN.",
	"attended":          "Done: attendance confirmed.",
	"stopped":           "Work is stopped. Everyone on the production sees it now.",
	"lifted":            "Done: the stop-work is lifted.",
	"checked-in":        "Done: you are checked in.",
	"checked-out":       "Done: you are checked out.",
	"checked-out-other": "Done: they are checked out; the record says you did it.",
	"prepared":          "Done: the preparation is recorded.",
}

// meetingTopics are the topics every safety meeting may cover, whatever
// the day's hazards; each hazard adds its bulletin (PR-1).
var meetingTopics = []string{
	"Anyone may stop work for safety, at any time (WS-4)",
	"Emergency exits, first aid and the nearest hospital",
	"Who is in charge of each set-up today",
}

// stopWorkScopes name what a stop-work covers, in the order offered.
var stopWorkScopes = []struct{ Key, Title string }{
	{gate.ScopeProduction, "All work on the production"},
	{gate.ScopeSetUp, "One set-up"},
	{gate.ScopeHazard, "One hazard, on every set-up"},
	{gate.ScopeLocation, "One location, every set-up there"},
}

// bulletinTopic is how a hazard's topic is written in the meeting's record.
func bulletinTopic(h gate.Hazard) string {
	return fmt.Sprintf("Safety bulletin %s: %s", h.Bulletin, h.Name)
}

// formStatus is the status a form comes back with: 422 for what was typed
// wrong, else as the API answers the same error.
func formStatus(err error) int {
	if setsafe.ErrorCode(err) == setsafe.EInvalid {
		return http.StatusUnprocessableEntity
	}
	return sshttp.StatusOf[setsafe.ErrorCode(err)]
}

// formFields are the fields an error names, to show beside them.
func formFields(err error) map[string]string {
	if e, ok := err.(*setsafe.Error); ok {
		return e.Fields
	}
	return nil
}

// dayOf reads the production as the gate sees it now, for a signed-in
// caller who may view it. acc is nil when the browser was sent to sign in.
func (s *handlers) dayOf(w http.ResponseWriter, r *http.Request) (*setsafe.Account, setsafe.Access, *setsafe.State, *gate.Situation, error) {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return nil, setsafe.Access{}, nil, nil, err
	}
	a, st, sit, err := s.Situation(r, setsafe.PermViewProduction)
	if err != nil {
		return nil, a, nil, nil, err
	}
	return acc, a, st, sit, nil
}

// personName names a person of the production, or says nobody known.
func personName(st *setsafe.State, id string) string {
	if p := st.Person(id); p != nil {
		return p.Name
	}
	return "someone not named"
}

// hazardView is a hazard as the pages show it.
type hazardView struct {
	ID, Name, Bulletin string
}

func hazardsOf(ids []string) []hazardView {
	var out []hazardView
	for _, id := range ids {
		if h, ok := gate.FindHazard(id); ok {
			out = append(out, hazardView{h.ID, h.Name, h.Bulletin})
		}
	}
	return out
}

// setUpCard is one set-up of the day on the board.
type setUpCard struct {
	SetUp   *setsafe.SetUp
	Hazards []hazardView
	Verdict verdictBox
	// Calls are the states the 1st AD may call next, one button each.
	Calls []string
	// Preparations are those its hazards need, where each stands.
	Preparations []preparationLine
	// Location names where it is shot, or is "".
	Location string
}

// nextCalls are the states a set-up may be called into from where it
// stands: any but its own and planned, and none once wrapped.
func nextCalls(u *setsafe.SetUp) []string {
	if u.TakeState() == gate.TakeWrapped {
		return nil
	}
	var out []string
	for _, st := range gate.TakeStates {
		if st != gate.TakePlanned && st != u.TakeState() {
			out = append(out, st)
		}
	}
	return out
}

// stopWorkNotice is a stop-work in force, said in words.
type stopWorkNotice struct {
	StopWork *setsafe.StopWork
	By       string
	// Scope says what it stops; Of is the set-up's, the hazard's or the
	// location's name.
	Scope, Of string
}

// boardView is the live part of the Today screen: the stop-works in force
// and each set-up's verdict.
type boardView struct {
	Production string
	Day        string
	CheckedAt  time.Time
	StopWorks  []stopWorkNotice
	SetUps     []setUpCard
	CanStart   bool
	CanLift    bool
	// Alerts are the alerts not yet resolved, shown in red.
	Alerts         []*setsafe.Alert
	CanAcknowledge bool
}

func stopWorksInForce(st *setsafe.State) []stopWorkNotice {
	var out []stopWorkNotice
	for _, sw := range st.StopWorksInForce() {
		out = append(out, stopWorkNoticeOf(st, sw))
	}
	return out
}

// stopWorkNoticeOf says a stop-work in words.
func stopWorkNoticeOf(st *setsafe.State, sw *setsafe.StopWork) stopWorkNotice {
	n := stopWorkNotice{StopWork: sw, By: personName(st, sw.CalledBy), Scope: sw.Scope}
	switch sw.Scope {
	case gate.ScopeSetUp:
		if u := st.SetUp(sw.SetUpID); u != nil {
			n.Of = u.Name
		}
	case gate.ScopeHazard:
		if h, ok := gate.FindHazard(sw.Hazard); ok {
			n.Of = h.Name
		}
	case gate.ScopeLocation:
		n.Of = st.LocationName(sw.LocationID)
	}
	return n
}

// todaysSetUps are the set-ups planned for the day.
func todaysSetUps(st *setsafe.State, day string) []*setsafe.SetUp { return st.SetUpsOn(day) }

func (s *handlers) board(a setsafe.Access, st *setsafe.State, sit *gate.Situation, pid string) boardView {
	b := boardView{Production: pid, Day: sit.Day, CheckedAt: sit.Now, StopWorks: stopWorksInForce(st),
		CanStart: setsafe.StartSetUp{}.Authorize(a, st) == nil, CanLift: setsafe.LiftStopWork{}.Authorize(a, st) == nil,
		CanAcknowledge: setsafe.AcknowledgeAlert{}.Authorize(a, st) == nil}
	if a.Can(setsafe.PermViewArmory) {
		b.Alerts = st.UnresolvedAlerts()
	}
	for _, u := range todaysSetUps(st, sit.Day) {
		v := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: a.PersonID, SetUp: st.GateSetUp(u.ID)})
		b.SetUps = append(b.SetUps, setUpCard{SetUp: u, Hazards: hazardsOf(u.HazardList()), Verdict: verdictBox{Go: v.Go, Reasons: v.Reasons}, Calls: nextCalls(u),
			Preparations: preparationLines(a, st, u, sit.Now), Location: st.LocationName(u.LocationID)})
	}
	return b
}

// dayScreen is the Today screen.
type dayScreen struct {
	Production string
	Board      boardView
	// CanStop is false for those whose roles only read.
	CanStop bool
	CanPlan bool
	Hazards []hazardView
	// Locations are where a set-up may be planned.
	Locations []*setsafe.Location
	// OnSite is who is checked in now; Me the signed-in person, and
	// MeOnSite whether they are. CanCheckIn says they may check
	// themselves in; CanRunDevice that they run the day: the shared
	// device, and checking out others who left.
	OnSite       []onSiteLine
	Medics       int
	Me           string
	MeOnSite     bool
	CanCheckIn   bool
	CanRunDevice bool
	// Reports are the daily safety reports, for those who read the ledger.
	Reports []reportLink
	// Meeting is today's latest safety meeting, if one was held.
	Meeting  *setsafe.SafetyMeeting
	Attended int
	Done     string
	// After a refused or mistyped form: which one ("plan", or the set-up
	// refused), why, and what was typed.
	Failed  string
	Error   string
	Reasons []gate.Reason
	Fields  map[string]string
	Form    url.Values
}

// Picked says whether the hazard was ticked in the form sent back.
func (d *dayScreen) Picked(id string) bool { return slices.Contains(d.Form["hazards"], id) }

func (s *handlers) todayPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderToday(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderToday(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, a, st, sit, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	pid := r.PathValue("production")
	data := dayScreen{Production: pid, Board: s.board(a, st, sit, pid), CanStop: setsafe.CallStopWork{}.Authorize(a, st) == nil,
		CanPlan: setsafe.PlanSetUp{}.Authorize(a, st) == nil,
		Hazards: hazardsOf(gate.HazardIDs()), Locations: st.Locations(), Done: dayDoneTexts[r.URL.Query().Get("done")], Failed: failed, Form: form,
		Me: a.PersonID, MeOnSite: st.OnSite(a.PersonID, sit.Now),
		CanCheckIn:   a.PersonID != "" && setsafe.CheckInPerson{PersonID: a.PersonID, ConfirmedBy: setsafe.CheckInBySession}.Authorize(a, st) == nil,
		CanRunDevice: setsafe.CheckInPerson{ConfirmedBy: setsafe.CheckInByPIN}.Authorize(a, st) == nil, Reports: safetyReportLinks(a, st, sit.Now)}
	if m := todaysMeeting(st, sit.Day); m != nil {
		data.Meeting = m
		data.Attended = len(attendeesOf(st, m.ID))
	}
	data.OnSite, data.Medics = onSiteLines(st, sit.Now)
	if problem != nil {
		data.Error, data.Reasons, data.Fields = setsafe.ErrorMessage(problem), refusalReasons(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "today", page{Title: "Today", Account: acc, Data: &data})
	return nil
}

// boardPart answers htmx's refresh of the board with the board alone; a
// browser that asks for it by itself is sent to the whole screen.
func (s *handlers) boardPart(w http.ResponseWriter, r *http.Request) error {
	pid := r.PathValue("production")
	if r.Header.Get("HX-Request") != "true" {
		http.Redirect(w, r, "/productions/"+pid+"/today", http.StatusSeeOther)
		return nil
	}
	if sshttp.ActorFrom(r).IsZero() {
		// Signed out meanwhile: htmx takes the whole tab to sign in,
		// rather than draw the sign-in page inside the board.
		w.Header().Set("HX-Redirect", "/login?next="+url.QueryEscape("/productions/"+pid+"/today"))
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	acc, a, st, sit, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	lang := languageOf(r)
	var buf bytes.Buffer
	if err := s.pages.set(lang, s.SetZone(r))["today"].ExecuteTemplate(&buf, "board", s.board(a, st, sit, pid)); err != nil {
		return fmt.Errorf("draw the board: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", lang)
	h.Add("Vary", "Accept-Language, Cookie")
	w.Write(buf.Bytes())
	return nil
}

// planSetUpSubmit plans a set-up of the day with its hazards.
func (s *handlers) planSetUpSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, sshttp.SetUpRequest.Command)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/today?done=planned"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderToday(w, r, formStatus(problem), "plan", problem, typed)
		},
	})
}

func (s *handlers) startSetUpSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("setup")
	if _, _, err := s.Act(r, setsafe.StartSetUp{SetUpID: id}); err != nil {
		if !formProblem(err) {
			return err
		}
		return s.renderToday(w, r, formStatus(err), id, err, nil)
	}
	http.Redirect(w, r, "/productions/"+r.PathValue("production")+"/today?done=started#setup-"+id, http.StatusSeeOther)
	return nil
}

func (s *handlers) callSetUpStateSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			id := r.PathValue("setup")
			return formCommand(form, func(req sshttp.SetUpStateRequest) setsafe.CallSetUpState { return req.Command(id) })
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/today?done=called#setup-" + r.PathValue("setup")
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderToday(w, r, formStatus(problem), r.PathValue("setup"), problem, nil)
		},
	})
}

func (s *handlers) acknowledgeAlertSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			id := r.PathValue("alert")
			return formCommand(form, func(req sshttp.AcknowledgeAlertRequest) setsafe.AcknowledgeAlert { return req.Command(id) })
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/today?done=acknowledged#alerts"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderToday(w, r, formStatus(problem), "alert-"+r.PathValue("alert"), problem, typed)
		},
	})
}

// todaysMeeting is the day's latest safety meeting, or nil.
func todaysMeeting(st *setsafe.State, day string) *setsafe.SafetyMeeting {
	var last *setsafe.SafetyMeeting
	for _, m := range st.MeetingsOn(day) {
		if last == nil || !m.HeldAt.Before(last.HeldAt) {
			last = m
		}
	}
	return last
}

func attendeesOf(st *setsafe.State, meetingID string) []*setsafe.Attendance {
	return st.AttendanceOf(meetingID)
}

// topicChoice is one line of the meeting's checklist.
type topicChoice struct {
	// Hazard is set for a hazard's bulletin; Text for a general topic or a
	// point of a bulletin, whose ID is then set too.
	Hazard  *hazardView
	ID      string
	Text    string
	Covered bool // by an earlier meeting today
	Checked bool
	// Points are a hazard's bulletin's topics, to tick one by one.
	Points []topicChoice
}

// attendee is a person who confirmed attending the meeting.
type attendee struct {
	Name string
	At   time.Time
	By   string
}

// meetingScreen holds today's safety meeting and takes attendance.
type meetingScreen struct {
	Production string
	Day        string
	CanRun     bool
	// Me is the signed-in person, who may confirm their own attendance.
	Me        string
	Hazards   []topicChoice
	Topics    []topicChoice
	Other     string
	Walk      bool
	Meeting   *setsafe.SafetyMeeting
	LedBy     string
	MetTopics []string
	// MetPoints are the texts of the bulletins' topics the meeting
	// covered.
	MetPoints []string
	Attended  []attendee
	NotYet    []*setsafe.Person
	Done      string
	Error     string
	Fields    map[string]string
}

func (s *handlers) meetingPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeeting(w, r, http.StatusOK, nil, nil)
}

func (s *handlers) renderMeeting(w http.ResponseWriter, r *http.Request, status int, problem error, form url.Values) error {
	acc, a, st, sit, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	data := meetingScreen{Production: r.PathValue("production"), Day: sit.Day, CanRun: a.Can(setsafe.PermRunMeetings), Me: a.PersonID,
		Done: dayDoneTexts[r.URL.Query().Get("done")], Other: form.Get("other"), Walk: form.Get("walk_through") != ""}
	covered := map[string]bool{}
	for _, m := range st.MeetingsOn(sit.Day) {
		for _, h := range slices.Concat(strings.Fields(m.Hazards), m.CoveredTopics()) {
			covered[h] = true
		}
	}
	var today []string
	for _, u := range todaysSetUps(st, sit.Day) {
		for _, h := range u.HazardList() {
			if !slices.Contains(today, h) {
				today = append(today, h)
			}
		}
	}
	// A firearm is issued only to someone briefed on every firearm point
	// today (PR-1), whether or not a set-up of the day names firearms.
	if !slices.Contains(today, gate.HazardFirearms) && len(st.Firearms()) > 0 {
		today = append(today, gate.HazardFirearms)
	}
	for _, h := range hazardsOf(today) {
		c := topicChoice{Hazard: &h, Covered: covered[h.ID], Checked: slices.Contains(form["hazard"], h.ID)}
		for _, tp := range gate.TopicsOf(h.ID, sit.Rules.Topics) {
			c.Points = append(c.Points, topicChoice{ID: tp.ID, Text: tp.Text, Covered: covered[tp.ID], Checked: slices.Contains(form["covered_topics"], tp.ID)})
		}
		data.Hazards = append(data.Hazards, c)
	}
	for _, t := range meetingTopics {
		data.Topics = append(data.Topics, topicChoice{Text: t, Checked: slices.Contains(form["topic"], t)})
	}
	if m := todaysMeeting(st, sit.Day); m != nil {
		data.Meeting, data.LedBy, data.MetTopics = m, personName(st, m.LedBy), strings.FieldsFunc(m.Topics, func(r rune) bool { return r == '\n' })
		for _, id := range m.CoveredTopics() {
			if tp, ok := gate.FindTopic(id); ok {
				data.MetPoints = append(data.MetPoints, tp.Text)
			}
		}
		came := map[string]bool{}
		for _, at := range attendeesOf(st, m.ID) {
			came[at.PersonID] = true
			data.Attended = append(data.Attended, attendee{Name: personName(st, at.PersonID), At: at.ConfirmedAt, By: at.ConfirmedBy})
		}
		for _, p := range activePeople(st) {
			if !came[p.ID] {
				data.NotYet = append(data.NotYet, p)
			}
		}
	}
	pg := page{Title: "Safety meeting", Account: acc, Data: &data}
	if problem != nil {
		pg.Error, data.Error, data.Fields = setsafe.ErrorMessage(problem), setsafe.ErrorMessage(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "today_meeting", pg)
	return nil
}

// holdMeetingSubmit records the day's safety meeting: the hazards whose
// bulletins it covered (each said as its bulletin's topic), the points of
// the bulletins ticked one by one (by their topic IDs, which the gate
// reads), the other topics ticked or typed, and whether the set was walked
// through.
func (s *handlers) holdMeetingSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			var req sshttp.MeetingRequest
			for _, id := range f["hazard"] {
				h, ok := gate.FindHazard(id)
				if !ok {
					return nil, sshttp.FieldError("hazards", "must be among "+strings.Join(gate.HazardIDs(), ", "), "Tick the hazards from the list.")
				}
				req.Topics, req.Hazards = append(req.Topics, bulletinTopic(h)), append(req.Hazards, h.ID)
			}
			for _, id := range f["covered_topics"] {
				if _, ok := gate.FindTopic(id); !ok {
					return nil, sshttp.FieldError("covered_topics", "must be topics of the hazards' bulletins", "Tick the points from the list.")
				}
				req.CoveredTopics = append(req.CoveredTopics, id)
			}
			for _, t := range f["topic"] {
				if slices.Contains(meetingTopics, t) {
					req.Topics = append(req.Topics, t)
				}
			}
			if other := strings.TrimSpace(f.Get("other")); other != "" {
				req.Topics = append(req.Topics, other)
			}
			if req.WalkThrough = f.Get("walk_through") != ""; req.WalkThrough {
				req.Topics = append(req.Topics, "Walk-through of the set")
			}
			return req.Command(), nil
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/today/meeting?done=held#attendance"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderMeeting(w, r, formStatus(problem), problem, typed)
		},
	})
}

// attendScreen is the PIN pad on which one person confirms attending.
type attendScreen struct {
	Production string
	Person     *setsafe.Person
	Pad        pinPad
	Error      string
	// Locked is set once the PIN is locked: no pad then.
	Locked bool
}

func (s *handlers) attendPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAttend(w, r, http.StatusOK, r.URL.Query().Get("person"), nil)
}

func (s *handlers) renderAttend(w http.ResponseWriter, r *http.Request, status int, personID string, problem error) error {
	acc, a, st, _, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	if err := a.Require(setsafe.PermRunMeetings); err != nil {
		return err
	}
	pid, mid := r.PathValue("production"), r.PathValue("meeting")
	if st.SafetyMeeting(mid) == nil {
		return setsafe.Errorf(setsafe.ENotFound, "There is no meeting %q in this production.", mid)
	}
	p := st.Person(personID)
	if p == nil || !p.Active {
		return setsafe.Errorf(setsafe.ENotFound, "Choose a person of this production from the meeting's list.")
	}
	data := attendScreen{Production: pid, Person: p, Locked: setsafe.ErrorCode(problem) == setsafe.ERateLimited,
		Pad: pinPad{Action: "/productions/" + pid + "/today/meeting/" + mid + "/attend", Field: "person", Value: p.ID, Who: p.Name}}
	if problem != nil {
		data.Error = setsafe.ErrorMessage(problem)
	}
	s.pages.render(w, r, status, "today_attend", page{Title: p.Name, Account: acc, Data: &data})
	return nil
}

func (s *handlers) attendSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	a, err := s.Require(r, pid, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	req := sshttp.AttendanceRequest{PersonID: r.PostForm.Get("person"), PIN: r.PostForm.Get("pin")}
	person := req.PersonID
	var c setsafe.Command
	if req.PIN == "" && (person == "" || person != a.PersonID) {
		// On the pad, anyone but the signed-in person types their PIN.
		err = sshttp.FieldError("pin", "is required", "Type your PIN.")
	} else {
		c, err = s.Attendance(r, r.PathValue("meeting"), req)
	}
	if err == nil {
		_, _, err = s.Act(r, c)
	}
	if err != nil {
		if !formProblem(err) {
			return err
		}
		status := formStatus(err)
		if setsafe.ErrorCode(err) == setsafe.EUnauthorized || setsafe.ErrorCode(err) == setsafe.ERateLimited {
			status = sshttp.StatusOf[setsafe.ErrorCode(err)]
		}
		return s.renderAttend(w, r, status, person, err)
	}
	http.Redirect(w, r, "/productions/"+r.PathValue("production")+"/today/meeting?done=attended#attendance", http.StatusSeeOther)
	return nil
}

// stopWorkScreen calls a stop-work, and lifts the ones in force.
type stopWorkScreen struct {
	Production string
	Scopes     []struct{ Key, Title string }
	SetUps     []*setsafe.SetUp
	Hazards    []hazardView
	Locations  []*setsafe.Location
	InForce    []stopWorkNotice
	CanLift    bool
	// Pad lists the people who may call it with their PIN on this
	// device, when it is the shared device of the day.
	Pad []*setsafe.Person
	// After a mistyped form: which one ("call", or the stop-work being
	// lifted), why, and what was typed.
	Failed string
	Error  string
	Fields map[string]string
	Form   url.Values
}

func (s *handlers) stopWorkPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderStopWork(w, r, http.StatusOK, "", nil, nil)
}

func (s *handlers) renderStopWork(w http.ResponseWriter, r *http.Request, status int, failed string, problem error, form url.Values) error {
	acc, a, st, sit, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	data := stopWorkScreen{Production: r.PathValue("production"), Scopes: stopWorkScopes, SetUps: todaysSetUps(st, sit.Day),
		Hazards: hazardsOf(gate.HazardIDs()), Locations: st.Locations(), InForce: stopWorksInForce(st), CanLift: setsafe.LiftStopWork{}.Authorize(a, st) == nil,
		Failed: failed, Form: form}
	if a.Can(setsafe.PermRunMeetings) {
		data.Pad = activePeople(st)
	}
	if problem != nil {
		data.Error, data.Fields = setsafe.ErrorMessage(problem), formFields(problem)
	}
	s.pages.render(w, r, status, "today_stopwork", page{Title: "Stop work", Account: acc, Data: &data})
	return nil
}

// callStopWorkSubmit calls a stop-work, by the signed-in person or, on
// the shared device of the day, by another with their PIN.
func (s *handlers) callStopWorkSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			var req sshttp.StopWorkRequest
			if err := decodeForm(form, &req); err != nil {
				return nil, err
			}
			return s.StopWorkCall(r, req)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/today?done=stopped"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			status := formStatus(problem)
			if code := setsafe.ErrorCode(problem); code == setsafe.EUnauthorized || code == setsafe.ERateLimited {
				status = sshttp.StatusOf[code]
			}
			return s.renderStopWork(w, r, status, "call", problem, typed)
		},
	})
}

// liftStopWorkSubmit lifts a stop-work with its resolution.
func (s *handlers) liftStopWorkSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			return formCommand(form, func(req sshttp.LiftRequest) setsafe.LiftStopWork { return req.Command(r.PathValue("stopwork")) })
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/today?done=lifted"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderStopWork(w, r, formStatus(problem), r.PathValue("stopwork"), problem, typed)
		},
	})
}

// activePeople returns the people on the production now, by name.
func activePeople(st *setsafe.State) []*setsafe.Person {
	var out []*setsafe.Person
	for _, p := range st.People() {
		if p.Active {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(x, y *setsafe.Person) int { return cmp.Compare(x.Name, y.Name) })
	return out
}

// dayTexts are the English texts this file passes to the templates, for
// the catalogue check.
func dayTexts() []string {
	var out []string
	for _, t := range dayDoneTexts {
		out = append(out, t)
	}
	for _, t := range checkInDone {
		out = append(out, t)
	}
	out = append(out, meetingTopics...)
	out = append(out, "Check in")
	for _, sc := range stopWorkScopes {
		out = append(out, sc.Title)
	}
	out = append(out, preparationTexts()...)
	return append(out, "someone not named")
}
