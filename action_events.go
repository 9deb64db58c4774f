package setsafe

func init() {
	register[ActionRefused](1, "Refused by the gate")
}

// ActionRefused records an action the safety gate refused, and why. The
// action itself changed nothing.
type ActionRefused struct {
	Action    string        `json:"action"`
	FirearmID string        `json:"firearm_id,omitempty"`
	LotID     string        `json:"lot_id,omitempty"`
	From      string        `json:"from,omitempty"`
	To        string        `json:"to,omitempty"`
	Rules     []RuleFinding `json:"rules"`
}

// EventType implements Body.
func (*ActionRefused) EventType() string { return "action.refused" }

func (b *ActionRefused) apply(s *State, e Event) error {
	// A refusal changes nothing but the record.
	return nil
}

func (b *ActionRefused) refers() References {
	r := References{People: named(b.From, b.To)}
	if b.FirearmID != "" {
		r.Firearms = []string{b.FirearmID}
	}
	if b.LotID != "" {
		r.Lots = []string{b.LotID}
	}
	return r
}
