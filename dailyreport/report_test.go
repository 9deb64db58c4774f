package dailyreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
)

// reportOf builds the report of theDay at 20:00 on set, from every entry
// recorded so far.
func reportOf(t *testing.T, w *world) *Report {
	t.Helper()
	w.at("20:00")
	r, err := Build(w.Prod, Input{Day: theDay, Now: w.Now, Entries: w.Events, VerifierKey: "setsafe+1a2b3c4d+AbCdEf0123456789",
		Checkpoint: &ReportCheckpoint{Size: 21, Root: "9f86d081884c7d65", SignedAt: dawn.Add(-time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSafetyReportOfAShootingDay reads the report of a day built through real
// commands, part by part, against what happened as worked out by hand.
func TestSafetyReportOfAShootingDay(t *testing.T) {
	w := newWorld(t)
	before := w.Prod.Size
	shootingDay(w)
	r := reportOf(t, w)
	byID := func(id string) DaySetUp {
		i := slices.IndexFunc(r.SetUps, func(u DaySetUp) bool { return u.ID == id })
		if i < 0 {
			t.Fatalf("set-up %s is not in the report", id)
		}
		return r.SetUps[i]
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"header", fmt.Sprint(r.Production.Name, " / ", r.Production.Company, " / ", r.Day, " / ", r.TimeZone),
			"Red Mesa / Mesa Pictures LLC / 2021-10-21 / America/Denver"},
		{"made from", fmt.Sprintf("%v %v %v %v %s %d", r.Source.LedgerSize == w.Prod.Size, r.Source.FirstSeq == before+1, r.Source.LastSeq == w.Prod.Size,
			int64(r.Source.DayEntries) == w.Prod.Size-before, r.Source.VerifierKeyID, r.Source.Checkpoint.Size), "true true true true setsafe+1a2b3c4d 21"},
		{"meeting", fmt.Sprint(r.Meetings.Held[0].LedBy.Name, " at ", r.Meetings.Held[0].HeldAt.In(w.Prod.Production().Zone()).Format("15:04"),
			" walk-through ", r.Meetings.Held[0].WalkThrough, ": ", strings.Join(r.Meetings.Held[0].Notes, "; ")),
			"Marcus Halls at 07:00 walk-through true: Walk-through of scene 42"},
		{"topics in the bulletin's words", fmt.Sprint(len(r.Meetings.Held[0].Topics), slices.Contains(r.Meetings.Held[0].Topics, "No live ammunition on set")), "6 true"},
		{"attended", names(r.Meetings.Held[0].Attended), "Hannah Armorer, Jack Actor, Marcus Halls"},
		{"required", required(r.Meetings.Required),
			"Hannah Armorer (armorer); Jack Actor (issued a firearm); Marcus Halls (1st AD); Nina Newcomer (joined the crew that day)"},
		{"absent", required(r.Meetings.Absent), "Nina Newcomer (joined the crew that day)"},
		{"set-ups", fmt.Sprint(len(r.SetUps), " ", byID("s42").Name, " ", byID("s42").State, " ", strings.Join(byID("s42").Hazards, ",")),
			"2 Scene 42: the church wrapped firearms"},
		{"the church started after its refusal", fmt.Sprint(byID("s42").StartedAt.Equal(time.Date(2021, 10, 21, 13, 20, 0, 0, time.UTC)), byID("s42").Verdict == nil), "true true"},
		{"the church's refusal", refusals(byID("s42").Refusals), "start_setup by Marcus Halls at 12:45Z: HZ-1"},
		{"the fall's verdict now", verdict(byID("s43")), "NO-GO: HZ-1 MD-1 ST-1 ST-3"},
		{"no other refusal", fmt.Sprint(len(r.OtherRefusals)), "0"},
		{"hand-offs", moves(r.Custody.Moves),
			"out of store Colt Single Action Army (SN 4417) to Hannah Armorer; issue from Hannah Armorer to Jack Actor for s42; return from Jack Actor to Hannah Armorer; locked away in armory truck"},
		{"issued and returned", fmt.Sprint(r.Custody.Issued, r.Custody.Returned), "1 1"},
		// Six blanks loaded, four fired, two back; no dummy touched.
		{"rounds per lot", fmt.Sprint(r.Custody.Lots), "[{blanks B-1 blank 6 4 2}]"},
		// Twenty blanks received, six loaded, two back: sixteen recorded
		// in the box, fourteen counted.
		{"end-of-day count", counts(r.Custody.Counts), "B-1 14, D-1 50: 2 rounds of lot B-1 missing (counted 14, recorded 16) (open)"},
		{"all secured at the end", fmt.Sprint(len(r.Custody.OutAtEnd)), "0"},
		{"concerns by severity", concerns(r.Concerns.Raised), "cnamed high named Ana Grip; canon high anonymous -; cconf normal confidential -"},
		{"concern resolved", fmt.Sprint(r.Concerns.Closed[0].ID, " ", r.Concerns.Closed[0].What, " by ", name(r.Concerns.Closed[0].By, "?"), ": ", r.Concerns.Closed[0].Why),
			"cnamed resolved by Sofia Safety: Sandbags on every stand"},
		{"stop-work", fmt.Sprint(r.StopWorks[0].What, " by ", name(r.StopWorks[0].CalledBy, "?"), ", lifted by ", name(r.StopWorks[0].LiftedBy, "?"), " in force ", r.StopWorks[0].InForce),
			"work with firearms by Ana Grip, lifted by Dana Producer in force false"},
		{"alert", fmt.Sprint(len(r.Alerts), " ", r.Alerts[0].Rule, " raised today ", r.Alerts[0].RaisedToday, " ", r.Alerts[0].State, ": ", r.Alerts[0].Resolution),
			"1 FA-8 raised today true resolved: the firearm went back to Hannah Armorer"},
		{"discharge", fmt.Sprint(len(r.Discharges), " ", r.Discharges[0].Kind, " of ", r.Discharges[0].Firearm, " by ", name(r.Discharges[0].ReportedBy, "?")),
			"1 misfire of Colt Single Action Army (SN 4417) by Jack Actor"},
		// The misfire opens an incident, and so does the count's
		// discrepancy (incident/automatic.go).
		{"incidents", incidents(r.Incidents), "misfire malfunction open; discrepancy open"},
		{"no overdue action", fmt.Sprint(len(r.OverdueWork)), "0"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestSafetyReportKeepsReportersUnnamed: neither the JSON nor the PDF holds a
// confidential reporter's seal or name, or anything of an anonymous
// reporter's; the named reporter is named.
func TestSafetyReportKeepsReportersUnnamed(t *testing.T) {
	w := newWorld(t)
	shootingDay(w)
	r := reportOf(t, w)
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := Write(&pdf, r); err != nil {
		t.Fatal(err)
	}
	lines := pdfLines(t, pdf.Bytes())
	text := strings.Join(lines, "\n")
	seal := setsafe.ReporterSeal(reporterKey, "red-mesa", "cconf", "jack")
	for _, secret := range []string{seal, "receipt-hash"} {
		if strings.Contains(string(js), secret) || strings.Contains(text, secret) {
			t.Errorf("the report holds %q", secret)
		}
	}
	for _, c := range r.Concerns.Raised {
		if c.Mode != setsafe.ReportNamed && c.Reporter != nil {
			t.Errorf("the %s concern %s names %+v", c.Mode, c.ID, c.Reporter)
		}
	}
	wantLines := map[string]string{
		"Fatigue and hours": "fatigue and hours, raised confidentially, now open",
		"Firearms":          "firearms, raised anonymously, now open",
		"Equipment":         "equipment, raised by Ana Grip, now resolved",
	}
	for what, want := range wantLines {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasSuffix(l, want) }) {
			t.Errorf("%s concern: no line ends %q in\n%s", what, want, text)
		}
	}
}

// TestSafetyReportPDFWords reads the words of the PDF: the people by name, each
// refusal's rule, the day's parts, and the line to sign.
func TestSafetyReportPDFWords(t *testing.T) {
	w := newWorld(t)
	shootingDay(w)
	var pdf bytes.Buffer
	if err := Write(&pdf, reportOf(t, w)); err != nil {
		t.Fatal(err)
	}
	lines := pdfLines(t, pdf.Bytes())
	text := strings.Join(lines, "\n")
	tests := []struct {
		name, want string
	}{
		{"title", "Daily safety report"},
		{"day", "Thursday 21 October 2021, on the set's clock (America/Denver)"},
		{"made from", "ledger red-mesa at size " + fmt.Sprint(w.Prod.Size)},
		{"checkpoint", "size 21, root 9f86d081884c7d65, signed 2021-10-21 06:00"},
		{"verifier key", "setsafe+1a2b3c4d"},
		{"meeting", "07:00, led by Marcus Halls, with a walk-through"},
		{"attendees", "Hannah Armorer, Jack Actor, Marcus Halls"},
		{"absent", "Nina Newcomer (joined the crew that day)"},
		{"refusal", "starting the set-up, tried by Marcus Halls (entry"},
		{"refused rule", "HZ-1: Today's safety meeting has not covered firearms (bulletin SB1) for Scene 42: the church"},
		{"verdict", "NO-GO"},
		{"the fall's rule", "ST-1: Scene 43: the fall has stunts but nobody is checked in on set as stunt coordinator (ST-1)"},
		{"issue", "07:30 issue: Colt Single Action Army (SN 4417) from Hannah Armorer to Jack Actor for set-up s42"},
		{"rounds", "Lot B-1 (blank): 6 loaded, 4 fired, 2 back in the box"},
		{"count", "2 rounds of lot B-1 missing (counted 14, recorded 16) - not resolved"},
		{"stop-work", "Stop-work of work with firearms, called 11:00 by Ana Grip"},
		{"alert", "Alert FA-8, raised 08:20"},
		{"discharge", "09:00 misfire of the Colt Single Action Army (SN 4417), reported by Jack Actor"},
		{"signature", "Producer's signature"},
		{"page footer", "Daily safety report - Red Mesa - 2021-10-21 - page 1 of"},
	}
	// Lines wrap where the type's widths say: read the words run on.
	flat := strings.Join(strings.Fields(text), " ")
	for _, tt := range tests {
		if !strings.Contains(flat, tt.want) {
			t.Errorf("%s: the PDF does not say %q", tt.name, tt.want)
		}
	}
	if t.Failed() {
		t.Logf("the PDF says:\n%s", text)
	}
}

// TestSafetyReportOfDays: what the report says of days other than a full one:
// a day without entries, a past day (no verdicts, custody at its end from
// its entries), and a refusal recorded before refusals named set-ups.
func TestSafetyReportOfDays(t *testing.T) {
	w := newWorld(t)
	shootingDay(w)
	dayAfter := func(hhmm string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04", "2021-10-22 "+hhmm, w.Prod.Production().Zone())
		return t
	}
	tests := []struct {
		name  string
		day   string
		now   time.Time
		setup func()
		check func(r *Report) string
		want  string
	}{
		{"a day before the production", "2021-10-19", dayAfter("09:00"), nil, func(r *Report) string {
			return fmt.Sprint(r.Source.DayEntries, len(r.Meetings.Held), len(r.SetUps), len(r.Custody.Moves), len(r.Incidents))
		}, "0 0 0 0 0"},
		{"the day, read the next morning", theDay, dayAfter("09:00"), nil, func(r *Report) string {
			u := r.SetUps[slices.IndexFunc(r.SetUps, func(u DaySetUp) bool { return u.ID == "s43" })]
			return fmt.Sprint(u.State, " verdict ", u.Verdict != nil)
		}, "planned verdict false"},
		{"a refusal of body version 1", theDay, dayAfter("10:00"), func() {
			old := &setsafe.ActionRefusedV1{Action: "handover", FirearmID: "colt", From: "marcus", To: "jack",
				Rules: []setsafe.RuleFinding{{ID: "FA-3", Message: "Only the armorer issues firearms (FA-3)"}}}
			w.at("19:30")
			e := setsafe.Event{Ledger: "red-mesa", Seq: w.Prod.Size + 1, Time: w.Prod.DecisionTime(w.Now), Actor: op, Body: old}
			if err := w.Prod.Apply(e); err != nil {
				t.Fatal(err)
			}
			w.Events = append(w.Events, e)
		}, func(r *Report) string {
			return refusals(r.OtherRefusals)
		}, "handover by Marcus Halls at 01:30Z: FA-3"},
		{"a firearm left out overnight", theDay, dayAfter("10:00"), func() {
			// The revolver goes out again after the count, and comes back
			// only the next morning.
			w.at("19:00")
			w.Must(op, setsafe.ConfirmAttendance{MeetingID: "meet1", PersonID: "nina", ConfirmedBy: "pin"})
			w.Must(op, setsafe.UnsecureFirearm{FirearmID: "colt", By: "hannah"})
			w.Now = dayAfter("07:00")
			w.Must(op, setsafe.SecureFirearm{FirearmID: "colt", Store: "armory truck", By: "hannah"})
		}, func(r *Report) string {
			return fmt.Sprint(r.Custody.OutAtEnd)
		}, "[{Colt Single Action Army (SN 4417) {hannah Hannah Armorer}}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.T = t
			if tt.setup != nil {
				tt.setup()
			}
			r, err := Build(w.Prod, Input{Day: tt.day, Now: tt.now, Entries: w.Events})
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.check(r); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
			var pdf bytes.Buffer
			if err := Write(&pdf, r); err != nil {
				t.Fatalf("write: %v", err)
			}
		})
	}
}

// TestSafetyReportRefuses: a report of no day, of a day not begun, from entries
// of another ledger, or of a ledger without a production.
func TestSafetyReportRefuses(t *testing.T) {
	w := newWorld(t)
	shootingDay(w)
	w.at("20:00")
	other := setsafe.Event{Ledger: "dust-devil", Seq: 1, Time: w.Now, Actor: op, Body: &setsafe.SetUpStarted{SetUpID: "s1"}}
	tests := []struct {
		name      string
		s         *setsafe.State
		in        Input
		wantCode  string
		wantField string
	}{
		{"no day", w.Prod, Input{Now: w.Now}, setsafe.EInvalid, "day"},
		{"not a date", w.Prod, Input{Day: "21/10/2021", Now: w.Now}, setsafe.EInvalid, "day"},
		{"no such date", w.Prod, Input{Day: "2021-02-30", Now: w.Now}, setsafe.EInvalid, "day"},
		{"a time", w.Prod, Input{Day: "2021-10-21T08:00", Now: w.Now}, setsafe.EInvalid, "day"},
		{"tomorrow", w.Prod, Input{Day: "2021-10-22", Now: w.Now}, setsafe.EInvalid, "day"},
		{"another ledger's entry", w.Prod, Input{Day: theDay, Now: w.Now, Entries: []setsafe.Event{other}}, setsafe.EInvalid, "entries"},
		{"no production", setsafe.NewState("dust-devil"), Input{Day: theDay, Now: w.Now}, setsafe.ENotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(tt.s, tt.in)
			if setsafe.ErrorCode(err) != tt.wantCode {
				t.Fatalf("want %s, got %v", tt.wantCode, err)
			}
			var e *setsafe.Error
			if tt.wantField != "" && (!errorAs(err, &e) || e.Fields[tt.wantField] == "") {
				t.Fatalf("the error does not say what is wrong with %s: %v", tt.wantField, err)
			}
		})
	}
}

// TestSafetyReportOverdueActions: a corrective action past its due day is
// in the report made after that day ends, with its owner.
func TestSafetyReportOverdueActions(t *testing.T) {
	w := newWorld(t)
	shootingDay(w)
	w.Must(op, incident.PlanAction{ID: "fixpin", IncidentID: "misfire1", What: "Replace the firing pin", Owner: "hannah", Due: theDay, By: "sofia"})
	tests := []struct {
		at   string
		want string
	}{
		{"2021-10-21 23:59", "[]"},
		{"2021-10-22 00:01", "[{fixpin misfire1 Replace the firing pin {hannah Hannah Armorer} 2021-10-21 }]"},
	}
	for _, tt := range tests {
		now, _ := time.ParseInLocation("2006-01-02 15:04", tt.at, w.Prod.Production().Zone())
		r, err := Build(w.Prod, Input{Day: theDay, Now: now, Entries: w.Events})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(r.OverdueWork); got != tt.want {
			t.Errorf("at %s: overdue %s, want %s", tt.at, got, tt.want)
		}
	}
}

func FuzzBounds(f *testing.F) {
	for _, seed := range []string{theDay, "2021-03-14", "2021-11-07", "", "2021-02-30", "2021-10-21T00:00", " 2021-10-21", "0000-01-01", "9999-12-31"} {
		f.Add(seed)
	}
	loc, err := time.LoadLocation("America/Denver")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, day string) {
		from, to, err := Bounds(loc, day)
		if err != nil {
			if setsafe.ErrorCode(err) != setsafe.EInvalid {
				t.Fatalf("%q: %v", day, err)
			}
			return
		}
		// A day on set lasts 23 to 25 hours, across a change of clocks.
		if from.Format(time.DateOnly) != day || to.Sub(from) < 23*time.Hour || to.Sub(from) > 25*time.Hour || to.Format("15:04") != "00:00" {
			t.Fatalf("%q: from %v to %v", day, from, to)
		}
	})
}

// required says who was required, with why.
func required(rs []DayRequired) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name + " (" + r.Why + ")"
	}
	return strings.Join(out, "; ")
}

// refusals says each refusal's action, who tried, when (UTC) and its rules.
func refusals(rs []DayRefusal) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		var rules []string
		for _, rule := range r.Rules {
			rules = append(rules, rule.ID)
		}
		out[i] = fmt.Sprintf("%s by %s at %sZ: %s", r.Action, name(r.TriedBy, "?"), r.At.UTC().Format("15:04"), strings.Join(rules, " "))
	}
	return strings.Join(out, "; ")
}

// verdict says a set-up's verdict and its rules, each once, sorted.
func verdict(u DaySetUp) string {
	if u.Verdict == nil {
		return "none"
	}
	if u.Verdict.Go {
		return "GO"
	}
	var rules []string
	for _, r := range u.Verdict.Rules {
		if !slices.Contains(rules, r.ID) {
			rules = append(rules, r.ID)
		}
	}
	slices.Sort(rules)
	return "NO-GO: " + strings.Join(rules, " ")
}

// moves says each move of a firearm in few words.
func moves(ms []DayMove) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		s := m.Kind
		if i == 0 {
			s += " " + m.Firearm
		}
		if m.From != nil {
			s += " from " + m.From.Name
		}
		if m.To != nil {
			s += " to " + m.To.Name
		}
		if m.Store != "" {
			s += " in " + m.Store
		}
		if m.SetUpID != "" {
			s += " for " + m.SetUpID
		}
		out[i] = s
	}
	return strings.Join(out, "; ")
}

// counts says each count's lots and discrepancies.
func counts(cs []DayCount) string {
	var out []string
	for _, c := range cs {
		var lots, found []string
		for _, l := range c.Lots {
			lots = append(lots, fmt.Sprintf("%s %d", l.Label, l.Counted))
		}
		for _, d := range c.Discrepancies {
			state := "open"
			if d.Resolved {
				state = "resolved"
			}
			found = append(found, d.What+" ("+state+")")
		}
		out = append(out, strings.Join(lots, ", ")+": "+strings.Join(found, ", "))
	}
	return strings.Join(out, "; ")
}

// concerns says each concern's ID, severity, mode and named reporter.
func concerns(cs []DayConcern) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s %s %s %s", c.ID, c.Severity, c.Mode, name(c.Reporter, "-"))
	}
	return strings.Join(out, "; ")
}

// incidents says each incident's kind and state.
func incidents(xs []DayIncident) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Kind + " " + x.State
	}
	return strings.Join(out, "; ")
}

// errorAs is errors.As for a setsafe error.
func errorAs(err error, target **setsafe.Error) bool {
	e, ok := err.(*setsafe.Error)
	if ok {
		*target = e
	}
	return ok
}

// TestSafetyReportSaysWhatWasTried: each action the gate refuses, in the
// words the PDF uses.
func TestSafetyReportSaysWhatWasTried(t *testing.T) {
	colt := "Colt Single Action Army (SN 4417)"
	tests := []struct {
		r    DayRefusal
		want string
	}{
		{DayRefusal{Action: "handover", Firearm: colt, Toward: "Jack Actor"}, "handing the Colt Single Action Army (SN 4417) to Jack Actor"},
		{DayRefusal{Action: "load", Firearm: colt, Lot: "D-1"}, "loading the Colt Single Action Army (SN 4417) from lot D-1"},
		{DayRefusal{Action: "unsecure", Firearm: colt}, "taking the Colt Single Action Army (SN 4417) out of its store"},
		{DayRefusal{Action: "start_setup", SetUpID: "s42"}, "starting the set-up"},
		{DayRefusal{Action: "assign_duty", Toward: "Sam Props as armorer"}, "naming Sam Props as armorer"},
		{DayRefusal{Action: "receive_lot", Lot: "L-9"}, "receiving lot L-9"},
		{DayRefusal{Action: "end_duty", Toward: "Rosa Delgado"}, "handing armorer duty to Rosa Delgado"},
		{DayRefusal{Action: "end_duty"}, "leaving armorer duty"},
		{DayRefusal{Action: "polish_boots", Firearm: colt}, "polish boots of the Colt Single Action Army (SN 4417)"},
	}
	for _, tt := range tests {
		if got := attempt(tt.r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.r.Action, got, tt.want)
		}
	}
}

// TestSafetyReportPDFPrintsAnyScript: names in any alphabet come out of
// the PDF as they went in.
func TestSafetyReportPDFPrintsAnyScript(t *testing.T) {
	r := &Report{
		Production: ReportProduction{ID: "lodz", Name: "ŁÓDŹ-Ω-42"},
		Day:        "2021-10-21",
		TimeZone:   "Europe/Warsaw",
		Meetings: DayMeetings{Held: []DayMeeting{{
			HeldAt: time.Date(2021, 10, 21, 5, 0, 0, 0, time.UTC), LedBy: Who{ID: "p1", Name: "Nguyễn Thị Hương"},
			Attended: []Who{{ID: "p2", Name: "Zoë Ødegård"}, {ID: "p3", Name: "Жанна Ψαρά"}},
		}}},
	}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfLines(t, b.Bytes()), "\n")
	for _, want := range []string{"ŁÓDŹ-Ω-42 (lodz)", "led by Nguyễn Thị Hương", "Zoë Ødegård, Жанна Ψαρά"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q; it says:\n%s", want, text)
		}
	}
}
