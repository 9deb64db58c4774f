package http

import "github.com/setsafe/setsafe"

// DutyEndRequest takes an armorer off armorer duty: the caller, or, in an
// emergency, person_id, for a producer or a site administrator.
type DutyEndRequest struct {
	// PersonID is the armorer taken off duty in an emergency; left out,
	// the caller goes off duty.
	PersonID string `json:"person_id,omitempty"`
	// Emergency overrides the refusal of the last qualified armorer on
	// duty going off it while firearms are out (FA-2): for a producer or a
	// site administrator, with a reason; it leaves a duty gap.
	Emergency bool `json:"emergency,omitempty"`
	// Reason says why; required in an emergency.
	Reason string `json:"reason,omitempty"`
}

// DutyHandOverRequest hands the caller's armorer duty over to another
// qualified armorer, each typing their own PIN on this device.
type DutyHandOverRequest struct {
	To string `json:"to"`
	// GiverPIN is the PIN of the caller, who hands the duty over.
	GiverPIN string `json:"giver_pin"`
	// ReceiverPIN is the PIN of the armorer named by to, who takes it.
	ReceiverPIN string `json:"receiver_pin"`
}

// DutyView is who holds an armorer's role and whether they are on duty.
type DutyView struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	OnDuty   bool   `json:"on_duty"`
}

// Command is the caller, or the armorer named in an emergency, going off
// duty.
func (req DutyEndRequest) Command() setsafe.EndDuty {
	return setsafe.EndDuty{PersonID: req.PersonID, Emergency: req.Emergency, Reason: req.Reason}
}

// Duties returns who holds an armorer's role, by name, and whether each
// is on duty.
func Duties(st *setsafe.State) []DutyView {
	out := []DutyView{}
	for _, p := range st.Armorers() {
		out = append(out, DutyView{PersonID: p.ID, Name: p.Name, OnDuty: st.OnArmorerDuty(p.ID)})
	}
	return out
}
