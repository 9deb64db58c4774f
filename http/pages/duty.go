package pages

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// The armorer's duty on the armory page: coming on it, going off it, and
// handing it over to another armorer on a PIN pad both type on.

// dutySubmit sends a change of the signed-in armorer's own duty, and comes
// back to the armory page with the refusal when there is one.
func (s *handlers) dutySubmit(done string, command func(*http.Request, url.Values) (setsafe.Command, error)) func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: command,
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/armory?done=" + done
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderArmoryAt(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], problem, nil, true)
		},
	})
}

// dutyHandoverScreen is the PIN pad of a duty handover.
type dutyHandoverScreen struct {
	Production string
	// To is the armorer who takes the duty over.
	To *setsafe.Person
	// Out are the firearms out or loaded, which they take over with it.
	Out []dutyOut
	// Error and Reasons are why it came back; Locked is set once a PIN is
	// locked, LockedName whose.
	Error      string
	Reasons    []gate.Reason
	Locked     bool
	LockedName string
	Pad        pinPad
}

// dutyOut is a firearm the duty is handed over with.
type dutyOut struct {
	Name, Holder, Store string
	Rounds              int64
}

func (s *handlers) renderDutyHandover(w http.ResponseWriter, r *http.Request, status int, to string, problem error) error {
	acc, err := s.signedInAccount(w, r)
	if acc == nil {
		return err
	}
	a, st, _, err := s.Situation(r, setsafe.PermViewArmory)
	if err != nil {
		return err
	}
	p := st.Person(to)
	if p == nil || !p.Active || !st.HoldsArmorerRole(to) {
		return sshttp.FieldError("to", "must be an armorer of this production", "Choose the armorer who takes over the duty.")
	}
	data := dutyHandoverScreen{Production: r.PathValue("production"), To: p}
	for _, f := range st.FirearmsOutOrLoaded() {
		o := dutyOut{Name: f.Name(), Store: f.Store, Rounds: f.LoadedRounds}
		if h := st.Person(f.Custodian); h != nil {
			o.Holder = h.Name
		}
		data.Out = append(data.Out, o)
	}
	me := acc.Name
	if m := st.Person(a.PersonID); m != nil {
		me = m.Name
	}
	data.Pad = pinPad{Action: "/productions/" + data.Production + "/armory/duty/handover", Field: "to", Value: p.ID,
		Turns: []pinTurn{{Field: "giver_pin", Who: me}, {Field: "receiver_pin", Who: p.Name}}}
	if problem != nil {
		data.Error, data.Reasons = setsafe.ErrorMessage(problem), refusalReasons(problem)
		if data.Locked = setsafe.ErrorCode(problem) == setsafe.ERateLimited; data.Locked {
			data.LockedName = p.Name
			if e, ok := errors.AsType[*setsafe.Error](problem); ok && e.Fields["giver_pin"] != "" {
				data.LockedName = me
			}
		}
	}
	s.pages.render(w, r, status, "duty_handover", page{Title: "Hand over duty", Account: acc, Data: &data})
	return nil
}

// dutyHandoverSubmit hands the signed-in armorer's duty over, with both
// PINs checked as the API checks them.
func (s *handlers) dutyHandoverSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, form url.Values) (setsafe.Command, error) {
			var req sshttp.DutyHandOverRequest
			if err := decodeForm(form, &req); err != nil {
				return nil, err
			}
			return s.HandOverDuty(r, req)
		},
		done: func(r *http.Request, _ setsafe.Command, _ []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/armory?done=duty-handed-over"
		},
		again: func(w http.ResponseWriter, r *http.Request, problem error, typed url.Values) error {
			return s.renderDutyHandover(w, r, sshttp.StatusOf[setsafe.ErrorCode(problem)], typed.Get("to"), problem)
		},
	})
}
