package incident

import (
	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

func init() {
	setsafe.AddToSituation(addInvestigations)
}

// addInvestigations tells the gate of the discharges whose incident's
// investigation recorded its root cause: investigated, as one recorded
// with the discharge report is (WS-1).
func addInvestigations(s *setsafe.State, sit *gate.Situation) {
	for i, d := range sit.Discharges {
		if d.Investigated {
			continue
		}
		if x := Find(s, d.ID); x != nil && (x.State == StateConcluded || x.State == StateClosed) {
			sit.Discharges[i].Investigated = true
		}
	}
}
