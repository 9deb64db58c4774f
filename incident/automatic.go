package incident

import (
	"fmt"

	"github.com/setsafe/setsafe"
)

// The entries that are incidents already open one by themselves: the
// register folds them as they are written, under the ID of what they
// record, so that nothing the ledger holds is written twice and a ledger
// folded again opens the same incidents. Whoever investigates corrects
// the kind or severity with an amendment, as for any incident.
func init() {
	setsafe.Observe("firearm.discharge_reported", openForDischarge)
	setsafe.Observe("live_round.reported", openForLiveRound)
	setsafe.Observe("ammo_lot.check_failed", openForFailedCheck)
	setsafe.Observe("day.reconciled", openForDiscrepancies)
	setsafe.Observe("stop_work.called", openForInjury)
}

// dischargeKinds are the incident kinds of a discharge report's kinds: a
// round that left the barrel when nobody meant it to, or a firearm that
// did not work as it should.
var dischargeKinds = map[string]string{
	setsafe.DischargeUnintended:  KindDischarge,
	setsafe.DischargeNegligent:   KindDischarge,
	setsafe.DischargeMisfire:     KindMalfunction,
	setsafe.DischargeHangFire:    KindMalfunction,
	setsafe.DischargeSquib:       KindMalfunction,
	setsafe.DischargeRecoil:      KindMalfunction,
	setsafe.DischargeMalfunction: KindMalfunction,
}

func openForDischarge(f *setsafe.Folding, e setsafe.Event) error {
	s := f.State()
	var id, lot string
	switch b := e.Body.(type) {
	case *setsafe.DischargeReported:
		id, lot = b.ID, b.LotID
	case *setsafe.DischargeReportedV1:
		id = b.ID
	default:
		return fmt.Errorf("incident register: %T is not a discharge report", e.Body)
	}
	d := s.Discharge(id)
	if d == nil {
		return fmt.Errorf("incident register: discharge %s was not recorded", id)
	}
	kind, ok := dischargeKinds[d.Kind]
	if !ok {
		kind = KindDischarge // "discharge", as reports said before the list was closed
	}
	x := &Incident{ID: id, Kind: kind, Severity: SeverityNone, Description: d.Description, OccurredAt: d.Occurred(), RecordedAt: e.Time,
		Firearms: d.FirearmID, Lots: lot, ReportedBy: d.ReportedBy, Source: e.Type(), SourceSeq: e.Seq, State: StateOpen, RecordSeq: e.Seq, LastSeq: e.Seq}
	// A round fired when it should not have, or a lot that was meant to be
	// dummies: either could have killed someone.
	x.CouldHaveBeenFatal = kind == KindDischarge || lot != ""
	if fa := s.Firearm(d.FirearmID); fa != nil {
		x.SetUpID = fa.SetUpID
		x.People = joined([]string{fa.Custodian})
	}
	return open(f, x)
}

func openForLiveRound(f *setsafe.Folding, e setsafe.Event) error {
	var id string
	switch b := e.Body.(type) {
	case *setsafe.LiveRoundReported:
		id = b.ID
	case *setsafe.LiveRoundReportedV1:
		id = b.ID
	default:
		return fmt.Errorf("incident register: %T is not a live round report", e.Body)
	}
	r := f.State().LiveRoundReport(id)
	if r == nil {
		return fmt.Errorf("incident register: live round report %s was not recorded", id)
	}
	return open(f, &Incident{ID: id, Kind: KindLiveRound, Severity: SeverityNone, CouldHaveBeenFatal: true, Description: r.Description,
		OccurredAt: r.OccurredAt, RecordedAt: e.Time, ReportedBy: r.ReportedBy, Source: e.Type(), SourceSeq: e.Seq, State: StateOpen, RecordSeq: e.Seq, LastSeq: e.Seq})
}

// openForFailedCheck adds the lot of dummies that failed their inert check
// to the incident of the live round report recorded with it (or opens it,
// under the report's ID).
func openForFailedCheck(f *setsafe.Folding, e setsafe.Event) error {
	b, ok := e.Body.(*setsafe.AmmoLotCheckFailed)
	if !ok {
		return fmt.Errorf("incident register: %T is not a failed inert check", e.Body)
	}
	if b.Report == "" {
		return nil
	}
	if x := Find(f.State(), b.Report); x != nil {
		// The live round report written with it opened the incident: the
		// lot and the people who checked it are part of it.
		c := x.edit(e.Seq)
		c.Lots = joined(append(x.LotIDs(), b.LotID))
		c.People = joined(append(x.PeopleIDs(), b.By, b.Witness))
		f.Put(c)
		return nil
	}
	desc := fmt.Sprintf("%d of %d rounds checked failed the inert check: %v.", b.Failed, b.Checked, b.Failures)
	if b.Note != "" {
		desc += " " + b.Note
	}
	return open(f, &Incident{ID: b.Report, Kind: KindLiveRound, Severity: SeverityNone, CouldHaveBeenFatal: true, Description: desc,
		OccurredAt: e.Time, RecordedAt: e.Time, Lots: b.LotID, People: joined([]string{b.By, b.Witness}), ReportedBy: b.By,
		Source: e.Type(), SourceSeq: e.Seq, State: StateOpen, RecordSeq: e.Seq, LastSeq: e.Seq})
}

func openForDiscrepancies(f *setsafe.Folding, e setsafe.Event) error {
	b, ok := e.Body.(*setsafe.DayReconciled)
	if !ok {
		return fmt.Errorf("incident register: %T is not an end-of-day count", e.Body)
	}
	for _, d := range b.Discrepancies {
		if err := open(f, &Incident{ID: d.ID, Kind: KindDiscrepancy, Severity: SeverityNone, Description: d.What, OccurredAt: e.Time,
			RecordedAt: e.Time, Source: e.Type(), SourceSeq: e.Seq, State: StateOpen, RecordSeq: e.Seq, LastSeq: e.Seq}); err != nil {
			return err
		}
	}
	return nil
}

// openForInjury opens the incident of a stop-work called because someone
// was hurt, under the stop-work's ID; its severity waits for someone to
// assess it.
func openForInjury(f *setsafe.Folding, e setsafe.Event) error {
	b, ok := e.Body.(*setsafe.StopWorkCalled)
	if !ok || !b.Injury {
		return nil // an older stop-work, or one without an injury
	}
	return open(f, &Incident{ID: b.ID, Kind: KindInjury, Description: b.Reason, OccurredAt: e.Time, RecordedAt: e.Time, SetUpID: b.SetUpID,
		LocationID: b.LocationID, ReportedBy: b.CalledBy, Source: e.Type(), SourceSeq: e.Seq, State: StateOpen, RecordSeq: e.Seq, LastSeq: e.Seq})
}

// open puts an incident an entry opened by itself.
func open(f *setsafe.Folding, x *Incident) error {
	if Find(f.State(), x.ID) != nil {
		return fmt.Errorf("incident %s exists already", x.ID)
	}
	f.Put(x)
	return nil
}
