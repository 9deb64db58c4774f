package demo

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// seedHazardDays plays the stunt day three days ago and the vehicle day
// two days ago: the locations and their permissions, who checked in, the
// preparations the stunt coordinator and the precision driver recorded,
// the meeting on each bulletin, and each set-up refused until its last
// piece was in place, then shot.
func seedHazardDays(w *writer, clock *Clock, ids map[string]string, day func(ago, hour, minute int) time.Time) (church string) {
	as := func(name string) setsafe.Actor { return setsafe.PersonActor(ids[name]) }
	on := func(actor string, c setsafe.Command) setsafe.Request { return setsafe.On(ProductionID, as(actor), c) }
	marcus, kate, nora, ray, hank, jack, elena := "Marcus Hale", "Kate Lindqvist", "Nora Blake", "Ray Tillman", "Hank Moreno", "Jack Brennan", "Elena Vasquez"
	checkIn := func(who string) {
		w.do(on(marcus, setsafe.CheckInPerson{PersonID: ids[who], ConfirmedBy: setsafe.CheckInByPIN}))
	}
	checkOut := func(who string) {
		w.do(on(marcus, setsafe.CheckOutPerson{PersonID: ids[who], ConfirmedBy: setsafe.CheckInByPIN}))
	}
	briefing := func(hazard, topic string, people ...string) {
		m := setsafe.NewID()
		w.do(on(marcus, setsafe.HoldMeeting{ID: m, Covered: gate.TopicIDs(hazard, nil), Topics: []string{topic}, Hazards: []string{hazard}, WalkThrough: true}))
		for _, p := range append([]string{marcus}, people...) {
			w.do(on(marcus, setsafe.ConfirmAttendance{MeetingID: m, PersonID: ids[p], ConfirmedBy: "pin"}))
		}
	}

	// The location manager records where the production shoots.
	saloon, road := setsafe.NewID(), setsafe.NewID()
	church = setsafe.NewID()
	clock.set(day(4, 16, 0))
	w.do(on(hank, setsafe.AddLocation{ID: saloon, Name: "Saloon set, Galisteo ranch", Address: "Galisteo ranch, Santa Fe County"}))
	w.do(on(hank, setsafe.AddLocation{ID: road, Name: "County Road 42, mile 3 to 5", Address: "County Road 42, Galisteo"}))
	w.do(on(hank, setsafe.AddLocation{ID: church, Name: "Mission church and bell tower", Address: "Galisteo ranch, Santa Fe County"}))

	// The stunt day: Jack's fall from the saloon balcony.
	fall := setsafe.NewID()
	clock.set(day(3, 6, 45))
	w.do(on(marcus, setsafe.PlanSetUp{ID: fall, Day: day(3, 0, 0).Format(time.DateOnly), Scene: "9", Name: "Scene 9: fall from the saloon balcony",
		Hazards: []string{gate.HazardStunts}, LocationID: saloon}))
	clock.set(day(3, 7, 0))
	checkIn(kate)
	checkIn(jack)
	briefing(gate.HazardStunts, "Safety Bulletin #4: the balcony fall onto the air bag", kate, jack)
	clock.set(day(3, 7, 30))
	plan := document("Scene 9: fall from the saloon balcony", "Stunt coordinator: Kate Lindqvist. Performer: Jack Brennan (double: none).",
		"Fall 4.2 m from the balcony rail onto a 3 m x 4 m air bag, rail replaced by a breakaway.",
		"Abort: Kate's call or a raised hand. Only the camera team and the bag crew inside the tape.")
	w.do(on(kate, setsafe.RecordPreparation{ID: setsafe.NewID(), Kind: "stunt_plan", SetUpID: fall, Ready: true, Document: &plan,
		Notes: "Plan read out at the meeting"}))
	clock.set(day(3, 7, 50))
	w.do(on(kate, setsafe.RecordPreparation{ID: setsafe.NewID(), Kind: "stunt_rehearsal", SetUpID: fall, Ready: true,
		Notes: "Two walk-throughs at half speed, one with a sandbag on the bag"}))
	// The 1st AD calls it before the medic has arrived: refused, and
	// recorded (MD-1).
	clock.set(day(3, 8, 0))
	w.refused(on(marcus, setsafe.CallSetUpState{SetUpID: fall, State: gate.TakeStandingBy}))
	clock.set(day(3, 8, 12))
	checkIn(nora)
	clock.set(day(3, 8, 15))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: fall, State: gate.TakeStandingBy}))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: fall, State: gate.TakeRolling}))
	clock.set(day(3, 8, 17))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: fall, State: gate.TakeCut}))
	clock.set(day(3, 9, 30))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: fall, State: gate.TakeWrapped}))
	clock.set(day(3, 18, 0))
	for _, p := range []string{kate, jack, nora} {
		checkOut(p)
	}

	// The vehicle day: the stagecoach chase on the county road. The county
	// refused the morning (the school bus runs until 8:30) and granted a
	// window from nine.
	chase := setsafe.NewID()
	clock.set(day(2, 6, 30))
	w.do(on(hank, setsafe.RefusePermission{ID: setsafe.NewID(), Kind: "road_closure", Issuer: "Santa Fe County Public Works", Reference: "SFC-RC-2026-118",
		Reason: "County Road 42 is the school bus route until 8:30", LocationID: road}))
	w.do(on(marcus, setsafe.PlanSetUp{ID: chase, Day: day(2, 0, 0).Format(time.DateOnly), Scene: "21", Name: "Scene 21: stagecoach chase on County Road 42",
		Hazards: []string{gate.HazardVehicles}, LocationID: road}))
	clock.set(day(2, 7, 0))
	for _, p := range []string{ray, nora, kate, jack, elena} {
		checkIn(p)
	}
	briefing(gate.HazardVehicles, "Safety Bulletins #8 and #20: the chase, the camera car and the road closure", ray, nora, kate, jack, elena)
	clock.set(day(2, 7, 40))
	w.do(on(ray, setsafe.RecordPreparation{ID: setsafe.NewID(), Kind: "vehicle_walkthrough", SetUpID: chase, Ready: true,
		Notes: "Route driven twice at half speed with the camera car; cones at the turn-out by mile 4"}))
	// Called while the county's refusal stands: refused (VE-2).
	clock.set(day(2, 8, 0))
	w.refused(on(marcus, setsafe.CallSetUpState{SetUpID: chase, State: gate.TakeStandingBy}))
	clock.set(day(2, 8, 40))
	closure := document("Road closure permit SFC-RC-2026-118", "Santa Fe County Public Works",
		"County Road 42, mile 3 to 5, closed to traffic from 09:00 to 16:00 for filming.",
		"Flaggers at both ends; emergency vehicles pass at once.")
	w.do(on(hank, setsafe.GrantPermission{ID: setsafe.NewID(), Kind: "road_closure", Issuer: "Santa Fe County Public Works", IssuerContact: "Road closures desk",
		Reference: "SFC-RC-2026-118", ValidFrom: day(2, 9, 0).Format(time.RFC3339), ValidUntil: day(2, 16, 0).Format(time.RFC3339),
		LocationID: road, Area: "Mile 3 to 5, both lanes", Document: &closure}))
	clock.set(day(2, 9, 5))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: chase, State: gate.TakeStandingBy}))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: chase, State: gate.TakeRolling}))
	clock.set(day(2, 9, 9))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: chase, State: gate.TakeCut}))
	clock.set(day(2, 15, 30))
	w.do(on(marcus, setsafe.CallSetUpState{SetUpID: chase, State: gate.TakeWrapped}))
	clock.set(day(2, 18, 0))
	for _, p := range []string{ray, nora, kate, jack, elena} {
		checkOut(p)
	}
	return church
}

// document returns a one-page PDF with a title and lines of text: the
// demo's stand-in for a scanned permit or a written plan.
func document(title string, lines ...string) setsafe.File {
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	var text strings.Builder
	fmt.Fprintf(&text, "BT /F1 16 Tf 50 780 Td (%s) Tj ET\n", esc.Replace(title))
	for i, l := range lines {
		fmt.Fprintf(&text, "BT /F1 11 Tf 50 %d Td (%s) Tj ET\n", 750-18*i, esc.Replace(l))
	}
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", text.Len(), text.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return setsafe.NewFile("application/pdf", b.Bytes())
}
