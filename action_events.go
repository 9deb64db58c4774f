package setsafe

func init() {
	register[ActionRefused](2, "Refused by the gate")
	registerOlder[ActionRefusedV1]()
}

// ActionRefused records an action the safety gate refused, and why. The
// action itself changed nothing. This is body version 2, which names the
// set-up the action was for; version 1 is [ActionRefusedV1].
type ActionRefused struct {
	Action    string `json:"action"`
	FirearmID string `json:"firearm_id,omitempty"`
	LotID     string `json:"lot_id,omitempty"`
	From      string `json:"from,omitempty"`
	To        string `json:"to,omitempty"`
	// SetUpID is the set-up the action was for: the one a start named,
	// or a hand-off or load was for; "" for none.
	SetUpID string        `json:"setup_id,omitempty"`
	Rules   []RuleFinding `json:"rules"`
}

// EventType implements Body.
func (*ActionRefused) EventType() string { return "action.refused" }

func (b *ActionRefused) apply(s *State, e Event) error {
	// A refusal changes nothing but the record.
	return nil
}

func (b *ActionRefused) refers() References {
	r := References{People: named(b.From, b.To), SetUp: b.SetUpID}
	if b.FirearmID != "" {
		r.Firearms = []string{b.FirearmID}
	}
	if b.LotID != "" {
		r.Lots = []string{b.LotID}
	}
	return r
}

// ActionRefusedV1 is body version 1 of action.refused, written before a
// refusal named the set-up its action was for: a refused start of a
// set-up did not say which. Old ledgers hold it; nothing writes it any
// more.
type ActionRefusedV1 struct {
	Action    string        `json:"action"`
	FirearmID string        `json:"firearm_id,omitempty"`
	LotID     string        `json:"lot_id,omitempty"`
	From      string        `json:"from,omitempty"`
	To        string        `json:"to,omitempty"`
	Rules     []RuleFinding `json:"rules"`
}

// EventType implements Body.
func (*ActionRefusedV1) EventType() string { return "action.refused" }

func (*ActionRefusedV1) bodyVersion() int { return 1 }

// Current returns the refusal as body version 2 reads it, naming no
// set-up.
func (b *ActionRefusedV1) Current() *ActionRefused {
	return &ActionRefused{Action: b.Action, FirearmID: b.FirearmID, LotID: b.LotID, From: b.From, To: b.To, Rules: b.Rules}
}

func (b *ActionRefusedV1) apply(s *State, e Event) error { return nil }

func (b *ActionRefusedV1) refers() References { return b.Current().refers() }
