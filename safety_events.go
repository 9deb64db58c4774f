package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[SafetyProfileSet](3, "Safety rules set")
	registerOlder[SafetyProfileSetV1]()
	registerOlder[SafetyProfileSetV2]()
	register[ComplianceContactNamed](1, "Safety contact named")
}

// SafetyProfileSet records the production's jurisdiction profile and its
// choices on top of it: rules switched off and parameters (0 keeps the
// profile's). This is body version 3, which may tighten what makes a
// pattern of incidents; version 2 ([SafetyProfileSetV2]) could list the
// hazards that need a medic, version 1 ([SafetyProfileSetV1]) could not.
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
	// MedicFor are the hazards whose set-ups need a medic on site; none
	// keeps the profile's.
	MedicFor []string `json:"medic_for,omitempty"`
	// PatternThreshold incidents within PatternWindowDays make a pattern
	// (WS-6); 0 keeps the profile's.
	PatternThreshold  int64 `json:"pattern_threshold"`
	PatternWindowDays int64 `json:"pattern_window_days"`
}

// EventType implements Body.
func (*SafetyProfileSet) EventType() string { return "safety.profile_set" }

func (b *SafetyProfileSet) apply(s *State, e Event) error {
	st := s.safetySettings(e)
	st.Profile, st.RulesOff = b.Profile, strings.Join(b.RulesOff, " ")
	st.ShowClearMinutes, st.PerArmorer, st.MisfireThreshold = b.ShowClearMinutes, b.FirearmsPerArmorer, b.MisfireThreshold
	st.MisfireWindowDays, st.TrainingDays, st.OutLimitMinutes = b.MisfireWindowDays, b.TrainingDays, b.OutLimitMinutes
	st.ConcernsStopAll, st.MedicFor = b.ConcernsStopAll, strings.Join(b.MedicFor, " ")
	st.PatternThreshold, st.PatternWindowDays = b.PatternThreshold, b.PatternWindowDays
	s.put(st)
	return nil
}

func (*SafetyProfileSet) refers() References { return References{} }

// SafetyProfileSetV2 is body version 2 of safety.profile_set, written
// before a production could tighten what makes a pattern of incidents.
// Old ledgers hold it; nothing writes it any more.
type SafetyProfileSetV2 struct {
	Profile            string   `json:"profile"`
	RulesOff           []string `json:"rules_off"`
	ShowClearMinutes   int64    `json:"show_clear_minutes"`
	FirearmsPerArmorer int64    `json:"firearms_per_armorer"`
	MisfireThreshold   int64    `json:"misfire_threshold"`
	MisfireWindowDays  int64    `json:"misfire_window_days"`
	TrainingDays       int64    `json:"training_validity_days"`
	OutLimitMinutes    int64    `json:"out_limit_minutes"`
	ConcernsStopAll    bool     `json:"concerns_stop_all,omitempty"`
	MedicFor           []string `json:"medic_for,omitempty"`
}

// EventType implements Body.
func (*SafetyProfileSetV2) EventType() string { return "safety.profile_set" }

func (*SafetyProfileSetV2) bodyVersion() int { return 2 }

func (b *SafetyProfileSetV2) apply(s *State, e Event) error {
	return (&SafetyProfileSet{Profile: b.Profile, RulesOff: b.RulesOff, ShowClearMinutes: b.ShowClearMinutes, FirearmsPerArmorer: b.FirearmsPerArmorer,
		MisfireThreshold: b.MisfireThreshold, MisfireWindowDays: b.MisfireWindowDays, TrainingDays: b.TrainingDays, OutLimitMinutes: b.OutLimitMinutes,
		ConcernsStopAll: b.ConcernsStopAll, MedicFor: b.MedicFor}).apply(s, e)
}

func (*SafetyProfileSetV2) refers() References { return References{} }

// SafetyProfileSetV1 is body version 1 of safety.profile_set, written
// before a production could list the hazards that need a medic. Old
// ledgers hold it; nothing writes it any more.
type SafetyProfileSetV1 struct {
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
func (*SafetyProfileSetV1) EventType() string { return "safety.profile_set" }

func (*SafetyProfileSetV1) bodyVersion() int { return 1 }

func (b *SafetyProfileSetV1) apply(s *State, e Event) error {
	return (&SafetyProfileSet{Profile: b.Profile, RulesOff: b.RulesOff, ShowClearMinutes: b.ShowClearMinutes, FirearmsPerArmorer: b.FirearmsPerArmorer,
		MisfireThreshold: b.MisfireThreshold, MisfireWindowDays: b.MisfireWindowDays, TrainingDays: b.TrainingDays, OutLimitMinutes: b.OutLimitMinutes,
		ConcernsStopAll: b.ConcernsStopAll}).apply(s, e)
}

func (*SafetyProfileSetV1) refers() References { return References{} }

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
