package setsafe

import (
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// SetSafetyProfile chooses the production's jurisdiction profile, the rules
// it switches off and its parameters (0 keeps the profile's). Mandatory
// rules can be tightened, never loosened.
type SetSafetyProfile struct {
	Profile            string
	RulesOff           []string
	ShowClearMinutes   int64
	FirearmsPerArmorer int64
	MisfireThreshold   int64
	MisfireWindowDays  int64
	TrainingDays       int64
	OutLimitMinutes    int64
	// ConcernsStopAll makes any open critical concern stop all work until
	// it is decided, not only the set-up, hazard or location it names
	// (WS-3).
	ConcernsStopAll bool
	// MedicFor are the hazards whose set-ups need a medic on site (MD-1),
	// among gate.HazardIDs: the whole list, which may add to the
	// profile's but not leave any out; none keeps the profile's.
	MedicFor []string
	// PatternThreshold incidents of one kind, hazard, department, firearm
	// or person within PatternWindowDays make a pattern (WS-6).
	PatternThreshold  int64
	PatternWindowDays int64
}

// Authorize implements Command.
func (c SetSafetyProfile) Authorize(a Access, _ *State) error { return a.Require(PermManageSafety) }

// Decide implements Command.
func (c SetSafetyProfile) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	profile, ok := gate.FindProfile(c.Profile)
	if !ok {
		var ids []string
		for _, p := range gate.Profiles {
			ids = append(ids, p.ID)
		}
		return Outcome{}, &Error{Code: EInvalid, Message: "Unknown profile.", Fields: map[string]string{"profile": "must be one of " + strings.Join(ids, ", ")}}
	}
	b := &SafetyProfileSet{Profile: profile.ID, RulesOff: []string{}, ShowClearMinutes: c.ShowClearMinutes, FirearmsPerArmorer: c.FirearmsPerArmorer,
		MisfireThreshold: c.MisfireThreshold, MisfireWindowDays: c.MisfireWindowDays, TrainingDays: c.TrainingDays, OutLimitMinutes: c.OutLimitMinutes,
		ConcernsStopAll: c.ConcernsStopAll, PatternThreshold: c.PatternThreshold, PatternWindowDays: c.PatternWindowDays}
	for _, h := range c.MedicFor {
		if !slices.Contains(b.MedicFor, h) {
			b.MedicFor = append(b.MedicFor, h)
		}
	}
	slices.Sort(b.MedicFor)
	for _, id := range c.RulesOff {
		if !slices.Contains(b.RulesOff, id) {
			b.RulesOff = append(b.RulesOff, id)
		}
	}
	slices.Sort(b.RulesOff)
	row := &SafetySettings{RulesOff: strings.Join(b.RulesOff, " "), ShowClearMinutes: b.ShowClearMinutes, PerArmorer: b.FirearmsPerArmorer,
		MisfireThreshold: b.MisfireThreshold, MisfireWindowDays: b.MisfireWindowDays, TrainingDays: b.TrainingDays,
		OutLimitMinutes: b.OutLimitMinutes, ConcernsStopAll: b.ConcernsStopAll, MedicFor: strings.Join(b.MedicFor, " "),
		PatternThreshold: b.PatternThreshold, PatternWindowDays: b.PatternWindowDays}
	_, problems := profile.With(row.gate())
	if problems != nil {
		p := Problems{}
		for _, pr := range problems {
			p.Add(settingField(pr.Field), "%s", pr.Message)
		}
		return Outcome{}, p.Err()
	}
	return one(b), nil
}

// settingField names a settings field as the request spells it.
func settingField(f string) string {
	switch f {
	case "off":
		return "rules_off"
	case "params.show_clear_window":
		return "show_clear_minutes"
	case "params.misfire_window":
		return "misfire_window_days"
	case "params.pattern_window":
		return "pattern_window_days"
	case "params.training_validity":
		return "training_validity_days"
	case "params.out_limit":
		return "out_limit_minutes"
	}
	return strings.TrimPrefix(f, "params.")
}

// NameComplianceContact names the production's safety compliance contact
// (PR-5).
type NameComplianceContact struct{ PersonID string }

// Authorize implements Command.
func (c NameComplianceContact) Authorize(a Access, _ *State) error {
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c NameComplianceContact) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := ActivePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	if st := s.SafetySettings(); st != nil && st.ComplianceContact == c.PersonID {
		return Outcome{}, nil
	}
	return one(&ComplianceContactNamed{PersonID: c.PersonID}), nil
}
