package pages

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// safetyRulesForm is the part of the production's safety settings the
// escalation page shows and sets: whether any critical concern stops all
// work, and the hazards whose set-ups need a medic.
type safetyRulesForm struct {
	ConcernsStopAll bool
	// Hazards are every hazard, each checked when it needs a medic.
	Hazards []medicChoice
	CanSet  bool
	// After the form came back: why, and its problems by field.
	Error  string
	Fields map[string]string
}

// medicChoice is one hazard of the medic list.
type medicChoice struct {
	hazardView
	Checked bool
}

// safetyRulesOf reads the settings in force; typed, when the form came
// back, replaces what was chosen.
func safetyRulesOf(a setsafe.Access, st *setsafe.State, typed url.Values) safetyRulesForm {
	f := safetyRulesForm{CanSet: setsafe.SetSafetyProfile{}.Authorize(a, st) == nil}
	medic := gate.DefaultParams.MedicFor
	if rules, err := st.SafetyRules(); err == nil {
		f.ConcernsStopAll, medic = rules.Params.ConcernsStopAll, rules.Params.MedicFor
	}
	if typed != nil {
		f.ConcernsStopAll, medic = typed.Get("concerns_stop_all") != "", typed["medic_for"]
	}
	for _, h := range hazardsOf(gate.HazardIDs()) {
		f.Hazards = append(f.Hazards, medicChoice{hazardView: h, Checked: slices.Contains(medic, h.ID)})
	}
	return f
}

// setSafetyRulesSubmit sets whether any critical concern stops all work
// and which hazards need a medic, keeping the production's other safety
// settings as they are.
func (s *handlers) setSafetyRulesSubmit() func(http.ResponseWriter, *http.Request) error {
	return s.submit(submission{
		command: func(r *http.Request, f url.Values) (setsafe.Command, error) {
			_, st, err := s.Authorized(r, nil)
			if err != nil {
				return nil, err
			}
			c := setsafe.SetSafetyProfile{Profile: setsafe.DefaultProfile, ConcernsStopAll: f.Get("concerns_stop_all") != "", MedicFor: f["medic_for"]}
			if cur := st.SafetySettings(); cur != nil {
				if cur.Profile != "" {
					c.Profile = cur.Profile
				}
				c.RulesOff, c.ShowClearMinutes, c.FirearmsPerArmorer = strings.Fields(cur.RulesOff), cur.ShowClearMinutes, cur.PerArmorer
				c.MisfireThreshold, c.MisfireWindowDays, c.TrainingDays, c.OutLimitMinutes = cur.MisfireThreshold, cur.MisfireWindowDays, cur.TrainingDays, cur.OutLimitMinutes
				c.PatternThreshold, c.PatternWindowDays = cur.PatternThreshold, cur.PatternWindowDays
			}
			return c, nil
		},
		done: func(r *http.Request, _ setsafe.Command, recorded []setsafe.Event) string {
			return "/productions/" + r.PathValue("production") + "/escalation?done=safety" + entryQuery(recorded) + "#safety-rules"
		},
		again: func(w http.ResponseWriter, r *http.Request, err error, f url.Values) error {
			return s.renderEscalation(w, r, formStatus(err), func(d *escalationScreen) {
				d.Failed = "safety"
				d.Safety.Error, d.Safety.Fields = problemText(err), formFields(err)
				d.Safety.ConcernsStopAll = f.Get("concerns_stop_all") != ""
				for i := range d.Safety.Hazards {
					d.Safety.Hazards[i].Checked = slices.Contains(f["medic_for"], d.Safety.Hazards[i].ID)
				}
			})
		},
	})
}
