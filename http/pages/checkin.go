package pages

import (
	"net/http"
	"net/url"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// Check-in on set: the shared device of the day, on which each person
// picks their name and types their PIN to check in or out, and the button
// a signed-in person presses on their own phone (on the Today screen,
// which also lists who is on site). Those who run the day check out, from
// that list, someone who left without doing so.

func (s *handlers) registerCheckInPages() {
	const base = "/productions/{production}/check-in"
	s.Handle("GET "+base, s.page(s.checkInPage))
	s.Handle("POST "+base, s.page(s.checkInSubmit))
}

// checkInCard is one person on the shared device's list.
type checkInCard struct {
	Person *setsafe.Person
	OnSite bool
}

// checkInScreen is the shared device of the day: everyone's name, and
// once one is picked, the PIN pad with Check in and Check out.
type checkInScreen struct {
	Production string
	People     []checkInCard
	// Person is the person picked, whose pad is shown; OnSite says
	// whether they are checked in now.
	Person *setsafe.Person
	OnSite bool
	Pad    pinPad
	Done   string
	// DoneWho names the person the last check-in or check-out was for.
	DoneWho string
	Error   string
	// Locked is set once the PIN is locked: no pad then.
	Locked bool
}

// checkInDone say what a check-in or check-out did, by the flag it
// redirects with.
var checkInDone = map[string]string{
	"in":  "%s is checked in.",
	"out": "%s is checked out.",
}

func (s *handlers) checkInPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.renderCheckIn(w, r, http.StatusOK, q.Get("person"), nil)
}

func (s *handlers) renderCheckIn(w http.ResponseWriter, r *http.Request, status int, personID string, problem error) error {
	acc, a, st, sit, err := s.dayOf(w, r)
	if acc == nil {
		return err
	}
	// The shared device of the day is signed in by someone who runs it.
	if err := a.Require(setsafe.PermRunMeetings); err != nil {
		return err
	}
	pid := r.PathValue("production")
	data := checkInScreen{Production: pid, Locked: setsafe.ErrorCode(problem) == setsafe.ERateLimited}
	q := r.URL.Query()
	if done, ok := checkInDone[q.Get("done")]; ok && problem == nil {
		data.Done, data.DoneWho = done, personName(st, q.Get("who"))
	}
	if problem != nil {
		data.Error = setsafe.ErrorMessage(problem)
	}
	if p := st.Person(personID); p != nil && p.Active {
		data.Person, data.OnSite = p, st.OnSite(p.ID, sit.Now)
		data.Pad = pinPad{Action: "/productions/" + pid + "/check-in", Field: "person", Value: p.ID, Who: p.Name}
	} else {
		for _, p := range activePeople(st) {
			data.People = append(data.People, checkInCard{Person: p, OnSite: st.OnSite(p.ID, sit.Now)})
		}
	}
	title := "Check in"
	if data.Person != nil {
		title = data.Person.Name
	}
	s.pages.render(w, r, status, "checkin", page{Title: title, Account: acc, Data: &data})
	return nil
}

// checkInSubmit checks a person in or out ("move": "in" or "out"): on the
// shared device with their PIN ("device": "shared"), on their own phone
// without one, or, for a check-out, by someone who runs the day for a
// person on site ("person" set without "device").
func (s *handlers) checkInSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := sshttp.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	shared := f.Get("device") == "shared"
	out := f.Get("move") == "out"
	req := sshttp.CheckInRequest{PersonID: f.Get("person"), PIN: f.Get("pin")}
	var c setsafe.Command
	var err error
	switch {
	case f.Get("move") != "in" && !out:
		err = sshttp.FieldError("move", "must be in or out", "Press Check in or Check out.")
	case shared && req.PIN == "":
		// On the shared device everyone types their PIN.
		err = sshttp.FieldError("pin", "is required", "Type your PIN.")
	default:
		c, err = s.CheckInMove(r, req, out)
	}
	if err == nil {
		_, _, err = s.Act(r, c)
	}
	pid := r.PathValue("production")
	if err != nil {
		if !formProblem(err) {
			return err
		}
		status := formStatus(err)
		if code := setsafe.ErrorCode(err); code == setsafe.EUnauthorized || code == setsafe.ERateLimited {
			status = sshttp.StatusOf[code]
		}
		if shared {
			return s.renderCheckIn(w, r, status, req.PersonID, err)
		}
		return s.renderToday(w, r, status, "checkin", err, f)
	}
	move := "in"
	if out {
		move = "out"
	}
	if shared {
		http.Redirect(w, r, "/productions/"+pid+"/check-in?done="+move+"&who="+url.QueryEscape(req.PersonID), http.StatusSeeOther)
		return nil
	}
	done := "checked-" + move
	if req.PersonID != "" {
		done = "checked-out-other"
	}
	http.Redirect(w, r, "/productions/"+pid+"/today?done="+done+"#on-site", http.StatusSeeOther)
	return nil
}

// onSiteLine is one person on site on the Today screen, with their
// roles a hazard needs on site shown beside their name.
type onSiteLine struct {
	ID, Name string
	Since    time.Time
	Medic    bool
	Duties   []setsafe.Role
}

// onSiteLines lists who is on site at now, and how many are medics.
func onSiteLines(st *setsafe.State, now time.Time) ([]onSiteLine, int) {
	v := sshttp.OnSiteNow(st, now)
	out := make([]onSiteLine, 0, len(v.People))
	for _, it := range v.People {
		l := onSiteLine{ID: it.PersonID, Name: it.Name, Since: it.Since, Medic: it.Medic}
		for _, d := range it.HazardDuties {
			if r := setsafe.Role(d); r != setsafe.RoleMedic {
				l.Duties = append(l.Duties, r)
			}
		}
		out = append(out, l)
	}
	return out, v.Medics
}
