package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[SafetyProfileSet](1, "Safety rules set")
	register[ComplianceContactNamed](1, "Safety contact named")
}

// SafetyProfileSet records the production's jurisdiction profile and its
// choices on top of it: rules switched off and parameters (0 keeps the
// profile's).
type SafetyProfileSet struct {
	Profile            string   `json:"profile"`
	RulesOff           []string `json:"rules_off"`
	ShowClearMinutes   int64    `json:"show_clear_minutes"`
	FirearmsPerArmorer int64    `json:"firearms_per_armorer"`
	MisfireThreshold   int64    `json:"misfire_threshold"`
	MisfireWindowDays  int64    `json:"misfire_window_days"`
	TrainingDays       int64    `json:"training_validity_days"`
	OutLimitMinutes    int64    `json:"out_limit_minutes"`
	ConcernsStopAll    bool     `json:"concerns_stop_all,omitempty"`
}

// EventType implements Body.
func (*SafetyProfileSet) EventType() string { return "safety.profile_set" }

func (b *SafetyProfileSet) apply(s *State, e Event) error {
	st := s.safetySettings(e)
	st.Profile, st.RulesOff = b.Profile, strings.Join(b.RulesOff, " ")
	st.ShowClearMinutes, st.PerArmorer, st.MisfireThreshold = b.ShowClearMinutes, b.FirearmsPerArmorer, b.MisfireThreshold
	st.MisfireWindowDays, st.TrainingDays, st.OutLimitMinutes = b.MisfireWindowDays, b.TrainingDays, b.OutLimitMinutes
	st.ConcernsStopAll = b.ConcernsStopAll
	s.put(st)
	return nil
}

func (*SafetyProfileSet) refers() References { return References{} }

// ComplianceContactNamed records who the production's safety compliance
// contact is.
type ComplianceContactNamed struct {
	PersonID string `json:"person_id"`
}

// EventType implements Body.
func (*ComplianceContactNamed) EventType() string { return "safety.compliance_contact_named" }

func (b *ComplianceContactNamed) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	st := s.safetySettings(e)
	st.ComplianceContact = b.PersonID
	s.put(st)
	return nil
}

func (b *ComplianceContactNamed) refers() References {
	return References{People: named(b.PersonID)}
}

func (s *State) safetySettings(e Event) *SafetySettings {
	st := edit(s.SafetySettings())
	if st == nil {
		st = &SafetySettings{ID: s.Ledger}
	}
	st.LastSeq = e.Seq
	return st
}
