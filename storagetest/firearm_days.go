package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// FirearmDay is one shooting day of [WriteFirearmDays]: how many firearm
// issues the gate lets through (each a hand-off to the performer and one
// back), how many hand-offs it refuses, and how many stop-works are
// called.
type FirearmDay struct {
	// Date is the day on the set's clock, YYYY-MM-DD.
	Date      string
	Issues    int
	Refusals  int
	StopWorks int
}

// FirearmRecord is what [WriteFirearmDays] recorded: the entries of each
// kind, by day.
type FirearmRecord struct {
	HandedOver map[string][]int64
	Refused    map[string][]int64
	Loaded     map[string][]int64
	StopWorks  map[string][]int64
	// RefusedOther are refusals of other actions than hand-offs.
	RefusedOther map[string][]int64
}

// The people [WriteFirearmDays] adds to a production.
const (
	FirearmDaysArmorer   = "attarmorer"
	FirearmDaysFirstAD   = "attfirstad"
	FirearmDaysPerformer = "attperformer"
	// FirearmDaysStranger takes part in nothing, and every hand-off to
	// them is refused.
	FirearmDaysStranger = "attstranger"
)

// WriteFirearmDays writes firearm work into an existing production: its
// armory and safety profile first, on the day before the first day, then
// each day's meeting, set-up and issues, the hand-offs the gate refuses,
// and stop-works, at the set's hours. It moves the clock.
func WriteFirearmDays(t testing.TB, db interface {
	Append(context.Context, setsafe.Request) ([]setsafe.Event, error)
}, clock *setsafe.ManualClock, prod string, zone *time.Location, profile string, days []FirearmDay) FirearmRecord {
	t.Helper()
	ctx := context.Background()
	rec := FirearmRecord{HandedOver: map[string][]int64{}, Refused: map[string][]int64{}, Loaded: map[string][]int64{}, StopWorks: map[string][]int64{}, RefusedOther: map[string][]int64{}}
	var day string
	do := func(c setsafe.Command) []setsafe.Event {
		t.Helper()
		evs, err := db.Append(ctx, setsafe.On(prod, Operator, c))
		if h, ok := c.(setsafe.HandOver); err != nil && (setsafe.ErrorCode(err) != setsafe.ERefused || !ok || h.To != FirearmDaysStranger) {
			t.Fatalf("%T on %s: %v", c, day, err)
		}
		for _, e := range evs {
			switch b := e.Body.(type) {
			case *setsafe.FirearmHandedOver:
				rec.HandedOver[day] = append(rec.HandedOver[day], e.Seq)
			case *setsafe.FirearmLoaded:
				rec.Loaded[day] = append(rec.Loaded[day], e.Seq)
			case *setsafe.StopWorkCalled:
				rec.StopWorks[day] = append(rec.StopWorks[day], e.Seq)
			case *setsafe.ActionRefused:
				if b.Action == string(gate.Handover) {
					rec.Refused[day] = append(rec.Refused[day], e.Seq)
				} else {
					rec.RefusedOther[day] = append(rec.RefusedOther[day], e.Seq)
				}
			}
		}
		return evs
	}
	at := func(date string, hour, minute int) {
		d, err := time.ParseInLocation(time.DateOnly, date, zone)
		if err != nil {
			t.Fatal(err)
		}
		clock.Set(d.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute))
	}
	first, err := time.ParseInLocation(time.DateOnly, days[0].Date, zone)
	if err != nil {
		t.Fatal(err)
	}
	day = first.AddDate(0, 0, -1).Format(time.DateOnly)
	at(day, 8, 0)
	for _, p := range []struct {
		id   string
		role setsafe.Role
	}{{FirearmDaysArmorer, setsafe.RoleArmorer}, {FirearmDaysFirstAD, setsafe.RoleFirstAD}, {FirearmDaysPerformer, setsafe.RoleCast}, {FirearmDaysStranger, setsafe.RoleCrew}} {
		do(setsafe.AddPerson{ID: p.id, Roles: []setsafe.Role{p.role}, PersonDetails: setsafe.PersonDetails{Name: "Person " + p.id}})
	}
	do(setsafe.NameComplianceContact{PersonID: FirearmDaysFirstAD})
	if profile != "" {
		do(setsafe.SetSafetyProfile{Profile: profile})
	}
	do(setsafe.RecordTraining{ID: "atttraining", PersonID: FirearmDaysPerformer, Course: "Firearm safety on set", Provider: "CSATF", Firearms: true, Hours: 4,
		Completed: first.AddDate(0, 0, -30).Format(time.DateOnly)})
	do(setsafe.RecordPermit{ID: "attpermit", PersonID: FirearmDaysArmorer, Kind: "armorer", Number: "NM-ARM-1", Issuer: "New Mexico Film Office",
		Expires: first.AddDate(2, 0, 0).Format(time.DateOnly)})
	do(setsafe.ReceiveFirearm{ID: "attcolt", Make: "Colt", Model: "Single Action Army", Serial: "SA-ATT-1", Kind: "blank_firing",
		Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "Armory truck safe", By: FirearmDaysArmorer})
	for i, d := range days {
		day = d.Date
		at(day, 7, 0)
		meeting := fmt.Sprintf("attm%d", i)
		do(setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Safety Bulletin #1: firearms and blanks"},
			Hazards: []string{"firearms"}, By: FirearmDaysFirstAD})
		for _, p := range []string{FirearmDaysFirstAD, FirearmDaysArmorer, FirearmDaysPerformer} {
			do(setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: p, ConfirmedBy: "pin"})
		}
		setUp := fmt.Sprintf("atts%d", i)
		do(setsafe.PlanSetUp{ID: setUp, Scene: fmt.Sprint(i + 1), Name: fmt.Sprintf("Scene %d", i+1), Hazards: []string{"firearms"}})
		at(day, 9, 0)
		for range d.Issues {
			do(setsafe.UnsecureFirearm{FirearmID: "attcolt", By: FirearmDaysArmorer})
			do(setsafe.ShowClear{FirearmID: "attcolt", AllChambers: true, Witnesses: []string{FirearmDaysPerformer, FirearmDaysFirstAD}, By: FirearmDaysArmorer})
			do(setsafe.HandOver{FirearmID: "attcolt", To: FirearmDaysPerformer, ConfirmedWithPIN: []string{FirearmDaysArmorer, FirearmDaysPerformer},
				Device: "tablet-1", SetUpID: setUp, By: FirearmDaysArmorer})
			do(setsafe.HandOver{FirearmID: "attcolt", From: FirearmDaysPerformer, ConfirmedWithPIN: []string{FirearmDaysPerformer, FirearmDaysArmorer},
				Device: "tablet-1", By: FirearmDaysArmorer})
			do(setsafe.SecureFirearm{FirearmID: "attcolt", Store: "Armory truck safe", By: FirearmDaysArmorer})
		}
		if d.Refusals > 0 {
			do(setsafe.UnsecureFirearm{FirearmID: "attcolt", By: FirearmDaysArmorer})
			for range d.Refusals {
				do(setsafe.HandOver{FirearmID: "attcolt", To: FirearmDaysStranger, ConfirmedWithPIN: []string{FirearmDaysArmorer, FirearmDaysStranger},
					Device: "tablet-1", SetUpID: setUp, By: FirearmDaysArmorer})
			}
			do(setsafe.SecureFirearm{FirearmID: "attcolt", Store: "Armory truck safe", By: FirearmDaysArmorer})
		}
		at(day, 11, 0)
		for k := range d.StopWorks {
			do(setsafe.CallStopWork{ID: fmt.Sprintf("attw%dx%d", i, k), Scope: "hazard", Hazard: "stunts", Reason: "The fall pad is torn", By: FirearmDaysFirstAD})
		}
	}
	for _, d := range days {
		if got := len(rec.HandedOver[d.Date]); got != 2*d.Issues {
			t.Fatalf("%s: the gate let %d hand-offs through, want %d", d.Date, got, 2*d.Issues)
		}
		if got := len(rec.Refused[d.Date]); got != d.Refusals {
			t.Fatalf("%s: the gate refused %d hand-offs, want %d", d.Date, got, d.Refusals)
		}
	}
	return rec
}
