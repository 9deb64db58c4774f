package dailyreport

import (
	"github.com/setsafe/setsafe"
)

// read goes through the day's entries once, in order, and gathers what
// only they say: refusals, hand-offs and loads, counts, and the steps of
// concerns, stop-works and alerts. Entries of older body versions are read
// as their current version says the same.
func (b *builder) read(entries []setsafe.Event) {
	b.lastCustody = map[string]string{}
	c := &b.r.Custody
	c.Moves, c.Lots, c.Counts, c.OutAtEnd = []DayMove{}, []DayRounds{}, []DayCount{}, []DayOutAtEnd{}
	b.r.Concerns = DayConcerns{Raised: []DayConcern{}, Escalated: []DayConcernStep{}, Closed: []DayConcernStep{}}
	stopWorks, alerts := &keyed[DayStopWork]{}, &keyed[DayAlert]{}
	for _, e := range entries {
		switch body := e.Body.(type) {
		case *setsafe.ActionRefused:
			b.refused(e, body)
		case *setsafe.ActionRefusedV1:
			b.refused(e, body.Current())
		case *setsafe.FirearmHandedOver:
			b.handedOver(e, body.FirearmID, body.From, body.To, body.SetUp)
		case *setsafe.FirearmHandedOverOnePIN:
			b.handedOver(e, body.FirearmID, body.From, body.To, body.SetUp)
		case *setsafe.FirearmUnsecured:
			b.firearmWork = true
			b.lastCustody[body.FirearmID] = body.PersonID
			c.Moves = append(c.Moves, DayMove{At: e.Time, Seq: e.Seq, Kind: MoveUnsecured, Firearm: b.firearmName(body.FirearmID), To: b.whoPtr(body.PersonID)})
		case *setsafe.FirearmSecured:
			b.lastCustody[body.FirearmID] = ""
			c.Moves = append(c.Moves, DayMove{At: e.Time, Seq: e.Seq, Kind: MoveSecured, Firearm: b.firearmName(body.FirearmID), Store: body.Store})
		case *setsafe.FirearmLoaded:
			b.firearmWork = true
			b.rounds(body.LotID).Loaded += body.Rounds
		case *setsafe.FirearmLoadedV1:
			b.firearmWork = true
			b.rounds(body.LotID).Loaded += body.Rounds
		case *setsafe.FirearmUnloaded:
			r := b.rounds(body.LotID)
			r.Fired += body.Fired
			r.BackInBox += body.Rounds - body.Fired
		case *setsafe.DayReconciled:
			b.counted(e, body)
		case *setsafe.ConcernRaised:
			b.concernRaised(body.ID)
		case *setsafe.ConcernRaisedV2:
			b.concernRaised(body.ID)
		case *setsafe.ConcernRaisedV1:
			b.concernRaised(body.ID)
		case *setsafe.ConcernEscalated:
			b.concernEscalated(e, body)
		case *setsafe.ConcernMoved:
			b.concernMoved(e, body)
		case *setsafe.StopWorkCalled:
			stopWorks.get(body.ID) // the state says the rest
		case *setsafe.StopWorkCalledV1:
			stopWorks.get(body.ID)
		case *setsafe.StopWorkLifted:
			w := stopWorks.get(body.ID)
			w.LiftedAt, w.LiftedBy, w.Resolution = e.Time, b.whoPtr(body.LiftedBy), body.Resolution
		case *setsafe.AlertRaised:
			alerts.get(body.ID).RaisedToday = true
		case *setsafe.AlertEscalated:
			a := alerts.get(body.ID)
			if body.Rung >= 0 && body.Rung < int64(len(setsafe.Rungs)) {
				a.Escalations = append(a.Escalations, DayRung{At: e.Time, Rung: spoken(setsafe.Rungs[body.Rung])})
			}
		case *setsafe.AlertAcknowledged:
			a := alerts.get(body.ID)
			a.AcknowledgedAt, a.AcknowledgedBy, a.Acknowledgment = e.Time, b.whoPtr(body.By), body.Reason
		case *setsafe.AlertResolved:
			a := alerts.get(body.ID)
			a.ResolvedAt, a.Resolution = e.Time, body.Resolution
		case *setsafe.DischargeReported:
			b.discharge(body.ID)
		case *setsafe.DischargeReportedV1:
			b.discharge(body.ID)
		case *setsafe.LiveRoundReported:
			b.liveRound(body.ID)
		case *setsafe.LiveRoundReportedV1:
			b.liveRound(body.ID)
		}
	}
	for _, id := range stopWorks.order {
		b.r.StopWorks = append(b.r.StopWorks, b.stopWork(id, stopWorks.byID[id]))
	}
	for _, id := range alerts.order {
		b.r.Alerts = append(b.r.Alerts, b.alert(id, alerts.byID[id]))
	}
	b.sortConcerns()
}

// keyed holds what the day's entries say of things by ID, in the order
// they first came up.
type keyed[T any] struct {
	order []string
	byID  map[string]*T
}

// get returns what is gathered of the thing with the ID, starting it if
// none is.
func (k *keyed[T]) get(id string) *T {
	if k.byID == nil {
		k.byID = map[string]*T{}
	}
	if v, ok := k.byID[id]; ok {
		return v
	}
	v := new(T)
	k.byID[id] = v
	k.order = append(k.order, id)
	return v
}
