package demo

import (
	"errors"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dailyreport"
	"github.com/setsafe/setsafe/gate"
)

// refused appends a request the gate must refuse; the refusal is recorded
// and the demo goes on. Anything else stops the demo.
func (w *writer) refused(req setsafe.Request) {
	if w.err != nil {
		return
	}
	evs, err := w.db.Append(w.ctx, req)
	w.log = append(w.log, evs...)
	if setsafe.ErrorCode(err) != setsafe.ERefused {
		w.err = err
		if err == nil {
			w.err = errNotRefused
		}
	}
}

var errNotRefused = errors.New("demo: an action the gate should refuse went ahead")

// seedArmory stocks the armory a week before, records the preparation the
// rules ask for, and plays yesterday's shooting (one issue the gate
// allowed, one it refused) and this morning (a meeting and three
// set-ups). day(ago, hour, minute) is a time on set; today(minutes) is a
// time this morning, minutes after the first call. betweenDays plays the
// days between the armory's arrival and yesterday.
func seedArmory(w *writer, clock *Clock, ids map[string]string, day func(ago, hour, minute int) time.Time, today func(minutes int) time.Time,
	betweenDays func() (bellTower string)) {
	as := func(name string) setsafe.Actor { return setsafe.PersonActor(ids[name]) }
	on := func(actor string, c setsafe.Command) setsafe.Request { return setsafe.On(ProductionID, as(actor), c) }
	rosa, tom, marcus, priya, dana := "Rosa Delgado", "Tom Becker", "Marcus Hale", "Priya Natarajan", "Dana Whitfield"
	jack, elena := "Jack Brennan", "Elena Vasquez"

	// A week before: the safety paperwork.
	clock.set(day(6, 9, 0))
	w.do(on(priya, setsafe.SetSafetyProfile{Profile: "us", ShowClearMinutes: 10}))
	w.do(on(dana, setsafe.NameComplianceContact{PersonID: ids[priya]}))
	// The producer and the studio's safety department get each day's
	// safety report when the day is wrapped.
	w.do(on(priya, dailyreport.SetRecipients{Rungs: []string{"producer", "studio_safety"}}))
	w.do(on(priya, setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: ids[rosa], Kind: "armorer", Number: "NM-ARM-0042",
		Issuer: "New Mexico Film Office", Expires: day(-300, 0, 0).Format(time.DateOnly)}))
	w.do(on(priya, setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: ids[tom], Kind: "armorer", Number: "NM-ARM-0117",
		Issuer: "New Mexico Film Office", Expires: day(-120, 0, 0).Format(time.DateOnly)}))
	for _, p := range []string{jack, elena, marcus} {
		w.do(on(priya, setsafe.RecordTraining{ID: setsafe.NewID(), PersonID: ids[p], Course: "Firearm safety on set", Provider: "Contract Services (CSATF)",
			Firearms: true, Hours: 4, Completed: day(6, 0, 0).Format(time.DateOnly), Expires: day(-365, 0, 0).Format(time.DateOnly)}))
	}

	// The armory arrives from the rental house.
	clock.set(day(5, 10, 0))
	colt1, colt2, rifle, rubber := setsafe.NewID(), setsafe.NewID(), setsafe.NewID(), setsafe.NewID()
	for _, f := range []setsafe.ReceiveFirearm{
		{ID: colt1, Make: "Colt", Model: "Single Action Army", Serial: "SA4417", Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Condition: "Good; hammer spring replaced this year"},
		{ID: colt2, Make: "Colt", Model: "Single Action Army", Serial: "SA5120", Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Condition: "Good"},
		{ID: rifle, Make: "Winchester", Model: "1873", Serial: "88213B", Kind: "blank_firing", Calibre: ".44-40", Chambers: 10, Condition: "Good; adapted for blanks"},
		{ID: rubber, Make: "Denix", Model: "Peacemaker replica", Serial: "DX-1", Kind: "rubber", Calibre: "none", Chambers: 6, Condition: "For stunts and background"},
	} {
		f.Owner, f.OwnerLicence, f.Store = "PDQ Arm & Prop, Albuquerque", "FFL 5-85-001-07-XX-12345", "Armory truck safe"
		w.do(on(rosa, f))
	}
	// Each is inspected at the bench before it goes on the truck's rack;
	// the second revolver's cylinder drags and it stays out of service.
	clock.set(day(5, 10, 20))
	for _, id := range []string{colt1, rifle, rubber} {
		w.do(on(rosa, setsafe.InspectFirearm{FirearmID: id, BoreClear: true, Functions: true, Condition: "Good"}))
	}
	w.do(on(rosa, setsafe.InspectFirearm{FirearmID: colt2, BoreClear: true, Functions: false, Condition: "Fair",
		Note: "Cylinder drags and does not always lock; back to PDQ for repair"}))
	blanks, dummies, rifleBlanks := setsafe.NewID(), setsafe.NewID(), setsafe.NewID()
	w.do(on(rosa, setsafe.ReceiveAmmoLot{ID: blanks, Label: "B-45Q", Kind: "blank", LoadStrength: "quarter", Calibre: ".45 Colt",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 1/4", Count: 200,
		Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-B45Q-0412"}}))
	w.do(on(rosa, setsafe.ReceiveAmmoLot{ID: dummies, Label: "D-45", Kind: "dummy", Calibre: ".45 Colt",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 DUMMY", Count: 48,
		Origin: setsafe.LotOrigin{Kind: "made_up", MadeFrom: "new_components"}}))
	w.do(on(rosa, setsafe.ReceiveAmmoLot{ID: rifleBlanks, Label: "B-4440H", Kind: "blank", LoadStrength: "half", Calibre: ".44-40",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 44-40 1/2", Count: 100,
		Origin: setsafe.LotOrigin{Kind: "factory", Maker: "Blank Industries", Product: ".44-40 half-load blank"}}))
	w.do(on(rosa, setsafe.VerifyInert{LotID: dummies, Methods: []string{"drilled_case", "rattle", "weight"}, Checked: 48, Witness: ids[tom]}))
	// A second box of dummies fails its check: one round has a live
	// primer. The lot is quarantined and sent back off the set; it stays
	// quarantined until a second armorer checks it again.
	clock.set(day(5, 10, 30))
	spare, report := setsafe.NewID(), setsafe.NewID()
	w.do(on(rosa, setsafe.ReceiveAmmoLot{ID: spare, Label: "D-45B", Kind: "dummy", Calibre: ".45 Colt",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 DUMMY", Count: 24,
		Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45-0388"}}))
	w.do(on(rosa, setsafe.VerifyInert{LotID: spare, Methods: []string{"rattle", "no_primer"}, Checked: 24, Failed: 1,
		Failures: []string{"no_primer"}, Witness: ids[tom], Report: report, Note: "One round with a live primer; the box is bagged and tagged"}))
	clock.set(day(5, 10, 35))
	w.do(on(rosa, setsafe.ClearLiveRound{ID: report, VerifiedBy: ids[tom]}))
	// A box of live rounds from a gun shop is turned away at the door.
	clock.set(day(5, 10, 40))
	w.refused(on(rosa, setsafe.ReceiveAmmoLot{ID: setsafe.NewID(), Label: "Gun shop box", Kind: "live", Calibre: ".45 Colt",
		Source: "Santa Fe gun shop", Headstamp: "STARLINE 45 COLT", Count: 50}))

	// The days of stunts and vehicles, and where today's fall is shot.
	bellTower := betweenDays()

	// Yesterday: the street standoff, issued after every check.
	meeting := setsafe.NewID()
	clock.set(day(1, 7, 0))
	w.do(on(marcus, setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Walk-through of the street set"},
		Hazards: []string{"firearms"}, WalkThrough: true}))
	for _, p := range []string{marcus, rosa, tom, jack, elena} {
		w.do(on(marcus, setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: ids[p], ConfirmedBy: "pin"}))
	}
	street := setsafe.NewID()
	w.do(on(marcus, setsafe.PlanSetUp{ID: street, Day: day(1, 0, 0).Format(time.DateOnly), Scene: "12", Name: "Scene 12: street standoff", Hazards: []string{"firearms"}}))
	clock.set(day(1, 9, 30))
	w.do(on(rosa, setsafe.UnsecureFirearm{FirearmID: colt1}))
	// The revolver is loaded only once the 1st AD calls the set-up
	// standing by (FA-8).
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: street, State: gate.TakeStandingBy}))
	w.do(on(rosa, setsafe.LoadFirearm{FirearmID: colt1, LotID: blanks, Rounds: 5, SetUpID: street}))
	clock.set(day(1, 9, 36))
	w.do(on(rosa, setsafe.ShowClear{FirearmID: colt1, AllChambers: true, Witnesses: []string{ids[jack], ids[marcus]}}))
	clock.set(day(1, 9, 38))
	w.do(on(rosa, setsafe.HandOver{FirearmID: colt1, To: ids[jack], ConfirmedWithPIN: []string{ids[rosa], ids[jack]}, Device: "demo-armory-tablet", SetUpID: street}))
	clock.set(day(1, 9, 45))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: street, State: gate.TakeRolling}))
	clock.set(day(1, 9, 51))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: street, State: gate.TakeCut}))
	// Jack keeps the loaded revolver past the cut: setsafe's clock raises
	// an alert to the armorer and the 1st AD, who takes charge of it; it is
	// resolved the moment the revolver is back.
	clock.set(day(1, 9, 54))
	w.do(setsafe.On(ProductionID, setsafe.SystemActor("escalation"), setsafe.WatchFirearm{FirearmID: colt1}))
	clock.set(day(1, 9, 56))
	if a := w.openAlert(); a != "" {
		w.do(on(marcus, setsafe.AcknowledgeAlert{ID: a, Reason: "Walking over to Jack; the revolver goes back before the reset"}))
	}
	clock.set(day(1, 9, 58))
	w.do(on(jack, setsafe.HandOver{FirearmID: colt1, To: ids[rosa], ConfirmedWithPIN: []string{ids[jack], ids[rosa]}, Device: "demo-armory-tablet"}))
	w.do(setsafe.On(ProductionID, setsafe.SystemActor("escalation"), setsafe.WatchFirearm{FirearmID: colt1}))
	clock.set(day(1, 10, 5))
	w.do(on(rosa, setsafe.UnloadFirearm{FirearmID: colt1, Fired: 3}))
	w.do(on(rosa, setsafe.SecureFirearm{FirearmID: colt1, Store: "Armory truck safe"}))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: street, State: gate.TakeWrapped}))
	// After lunch the 1st AD tries to fetch the rifle himself for a quick
	// rehearsal: refused, and recorded.
	clock.set(day(1, 13, 10))
	w.refused(on(marcus, setsafe.UnsecureFirearm{FirearmID: rifle}))

	// This morning: the meeting and three set-ups.
	meeting = setsafe.NewID()
	clock.set(today(0))
	w.do(on(marcus, setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Safety Bulletin #4: stunts",
		"Shot toward camera in the church: shields and remote head"}, Hazards: []string{"firearms", "stunts"}, WalkThrough: true}))
	for _, p := range []string{marcus, rosa, tom, jack} {
		w.do(on(marcus, setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: ids[p], ConfirmedBy: "pin"}))
	}
	church, saloon, fall := setsafe.NewID(), setsafe.NewID(), setsafe.NewID()
	clock.set(today(5))
	w.do(on(marcus, setsafe.PlanSetUp{ID: church, Scene: "14", Name: "Scene 14: the church, toward camera", Hazards: []string{"firearms"}, TowardPeople: true}))
	w.do(on(marcus, setsafe.PlanSetUp{ID: saloon, Scene: "16", Name: "Scene 16: saloon shoot-out", Hazards: []string{"firearms"}}))
	w.do(on(marcus, setsafe.PlanSetUp{ID: fall, Scene: "17", Name: "Scene 17: fall from the bell tower", Hazards: []string{"stunts", "heights"},
		LocationID: bellTower}))
	clock.set(today(12))
	w.do(on(rosa, setsafe.RecordShotPlan{SetUpID: church, Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true,
		Notes: "Lexan shield in front of the camera on a remote head; operator and director at the monitor behind the wall"}))
}
