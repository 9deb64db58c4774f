package setsafe

// The projection table of a production's safety settings.
const tableSafetySettings = "safety_settings"

func init() {
	rowTypes[tableSafetySettings] = func() Row { return new(SafetySettings) }
}

// SafetySettings are the production's jurisdiction profile, its choices on
// top of it, and its safety compliance contact. It is the only row of its
// table in a production's ledger.
type SafetySettings struct {
	ID                string `db:"id,key" json:"-"`
	Profile           string `db:"profile" json:"profile"`
	RulesOff          string `db:"rules_off" json:"-"`
	ShowClearMinutes  int64  `db:"show_clear_minutes" json:"show_clear_minutes,omitempty"`
	PerArmorer        int64  `db:"firearms_per_armorer" json:"firearms_per_armorer,omitempty"`
	MisfireThreshold  int64  `db:"misfire_threshold" json:"misfire_threshold,omitempty"`
	MisfireWindowDays int64  `db:"misfire_window_days" json:"misfire_window_days,omitempty"`
	TrainingDays      int64  `db:"training_validity_days" json:"training_validity_days,omitempty"`
	OutLimitMinutes   int64  `db:"out_limit_minutes" json:"out_limit_minutes,omitempty"`
	ConcernsStopAll   bool   `db:"concerns_stop_all" json:"concerns_stop_all,omitempty"`
	// PatternThreshold incidents within PatternWindowDays make a pattern
	// (WS-6); 0 keeps the profile's.
	PatternThreshold  int64 `db:"pattern_threshold" json:"pattern_threshold,omitempty"`
	PatternWindowDays int64 `db:"pattern_window_days" json:"pattern_window_days,omitempty"`
	// MedicFor are the hazards whose set-ups need a medic, separated by
	// spaces; empty keeps the profile's.
	MedicFor          string `db:"medic_for" json:"-"`
	ComplianceContact string `db:"compliance_contact" json:"compliance_contact,omitempty"`
	LastSeq           int64  `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*SafetySettings) Table() string { return tableSafetySettings }

// Key implements Row.
func (s *SafetySettings) Key() string { return s.ID }

// SafetySettings returns the production's safety settings, or nil if it
// has chosen none.
func (s *State) SafetySettings() *SafetySettings {
	return lookup[*SafetySettings](s, tableSafetySettings, s.Ledger)
}
