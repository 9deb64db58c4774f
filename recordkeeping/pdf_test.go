package recordkeeping

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestWrite300PDF(t *testing.T) {
	var b bytes.Buffer
	if err := Write300PDF(&b, stage(), 2025, fixture()); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	for _, want := range []string{
		"OSHA's Form 300 Log of Work-Related Injuries and Illnesses", "Year 2025",
		"Establishment name: Stage 4 Unit", "City: Los Angeles State: CA",
		"Ana Ruiz", "Ben Cole", "Eve Fox", "Lou Moss", "Privacy case", "Puncture wound to finger",
		"2025-9", "2025-10", "Page totals",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the 300 PDF does not show %q", want)
		}
	}
	for _, hidden := range []string{"Dan Evans", "Mia Noor", "Needlestick", "Acute stress", "Kai Lee", "Oli Park"} {
		if strings.Contains(text, hidden) {
			t.Errorf("the 300 PDF shows %q", hidden)
		}
	}
	// The page totals, in the order G H I J K L M1..M6, follow "Page
	// totals" (all nine cases fit on one page).
	totals := pageTotals(text)
	if len(totals) != 1 {
		t.Fatalf("%d lines of page totals in\n%s", len(totals), text)
	}
	if got, want := totals[0], []string{"1", "4", "1", "3", "355", "39", "4", "1", "1", "1", "1", "1"}; !slices.Equal(got, want) {
		t.Errorf("page totals %q, want %q", got, want)
	}
}

func TestWrite300PDFGoesOnToMorePagesWithTheirOwnTotals(t *testing.T) {
	var cases []Case
	for i := 1; i <= 60; i++ {
		c := complete(benCole())
		c.Number = fmt.Sprint(i)
		c.EmployeeName = fmt.Sprintf("Crew member %d", i)
		c.Outcomes = recorded(Outcomes{DaysAway: 1})
		cases = append(cases, c)
	}
	var b bytes.Buffer
	if err := Write300PDF(&b, stage(), 2025, cases); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	var away, pages int
	for _, totals := range pageTotals(text) {
		pages++
		var n int
		fmt.Sscan(totals[1], &n) // H
		away += n
	}
	if pages < 2 || away != 60 {
		t.Errorf("%d pages of totals adding to %d days-away cases, want 2 or more adding to 60", pages, away)
	}
	for _, want := range []string{"Crew member 1", "Crew member 60"} {
		if !regexp.MustCompile(`\b` + want + `\b`).MatchString(text) {
			t.Errorf("the log lacks %q", want)
		}
	}
}

func TestWrite300PDFOfAYearWithoutCases(t *testing.T) {
	var b bytes.Buffer
	if err := Write300PDF(&b, stage(), 2026, fixture()); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b.Bytes()); !strings.Contains(text, "No recordable work-related injuries or illnesses in 2026.") {
		t.Errorf("the empty log does not say so:\n%s", text)
	}
}

func TestWrite300PDFRefusesWhatTheLogRefuses(t *testing.T) {
	cases := fixture()
	cases[0].Where = ""
	var b bytes.Buffer
	wantProblem(t, Write300PDF(&b, stage(), 2025, cases), "where the event occurred")
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes", b.Len())
	}
}

func TestWrite300APDF(t *testing.T) {
	s, err := Summary300A(stage(), 2025, fixture())
	if err != nil {
		t.Fatal(err)
	}
	s.Certification = Certification{Executive: "Rita Chen", Title: "Head of production", Phone: "323-555-0199", Date: date(2026, 1, 28)}
	var b bytes.Buffer
	if err := Write300APDF(&b, s); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	for _, want := range []string{
		"OSHA's Form 300A", "Summary of Work-Related Injuries and Illnesses", "Year 2025",
		"Post this Summary page from February 1 to April 30 of the year following the year covered by the form.",
		"Stage 4 Unit", "5800 Sunset Blvd", "Los Angeles, CA 90028", "Motion picture and video production", "512110",
		"Rita Chen", "Head of production", "323-555-0199", "01/28/2026", "Company executive",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the 300A PDF does not show %q", want)
		}
	}
	// Each total is shown above its column letter.
	sh := shown(text)
	for _, row := range []struct{ letters, totals []string }{
		{[]string{"(G)", "(H)", "(I)", "(J)"}, []string{"1", "4", "1", "3"}},
		{[]string{"(K)", "(L)"}, []string{"355", "39"}},
	} {
		i := slices.IndexFunc(sh, func(l string) bool { return slices.Equal(strings.Fields(l), row.letters) })
		if i < 1 || !slices.Equal(strings.Fields(sh[i-1]), row.totals) {
			t.Errorf("the totals above %q are not %q in\n%s", row.letters, row.totals, text)
		}
	}
	for label, want := range map[string]string{"(1) Injuries": "4", "(2) Skin disorders": "1", "(6) All other illnesses": "1",
		"Annual average number of employees": "60", "Total hours worked by all employees last year": "120000"} {
		if got := answersOf(sh, label); !slices.Contains(got, want) {
			t.Errorf("%s is followed by %q, want %q", label, got, want)
		}
	}
	if strings.Contains(text, "Dan Evans") || strings.Contains(text, "Ben Cole") {
		t.Error("the 300A names an employee")
	}
}

func TestWrite300APDFLeavesTheSignatureBlankUntilCertified(t *testing.T) {
	s, _ := Summary300A(stage(), 2025, nil)
	var b bytes.Buffer
	if err := Write300APDF(&b, s); err != nil {
		t.Fatal(err)
	}
	sh := shown(pdfText(t, b.Bytes()))
	// A blank answer shows nothing: each label is followed by the next.
	i := slices.Index(sh, "Company executive")
	if i < 0 || i+4 > len(sh) || !slices.Equal(sh[i:i+4], []string{"Company executive", "Title", "Phone", "Date"}) {
		t.Errorf("the signature block is not four blank lines: %q", sh[max(i, 0):])
	}
}

func TestWrite300APDFRefuses(t *testing.T) {
	s, _ := Summary300A(stage(), 2025, nil)
	s.Year = 0
	wantProblem(t, Write300APDF(&bytes.Buffer{}, s), "year")
	s.Year, s.DaysAway = 2025, -1
	wantProblem(t, Write300APDF(&bytes.Buffer{}, s), "total days away (K)")
}

func TestWrite301PDF(t *testing.T) {
	c := benCole()
	sharps := complete(fixture()[4]) // 2025-04, a privacy case
	var b bytes.Buffer
	if err := Write301PDF(&b, stage(), c, sharps); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	sh := shown(text)
	answers := map[string]string{
		"1) Full name": "Ben Cole", "2) Street": "12 Elm St", "3) Date of birth": "07/04/1990", "4) Date hired": "03/01/2021",
		"5) Sex": "Male", "6) Name of physician or other health care professional": "Dr. Rosa Park",
		"8) Was employee treated in an emergency room?": "Yes", "9) Was employee hospitalized overnight as an in-patient?": "No",
		"10) Case number from the Log": "2025-02", "11) Date of injury or illness": "02/03/2025",
		"12) Time employee began work": "6:30 AM", "13) Time of event": "2:05 PM",
		"Completed by": "Sam Ortiz", "Title": "Production safety", "Phone": "818-555-0100",
	}
	for label, want := range answers {
		if got := answersOf(sh, label); !slices.Contains(got, want) {
			t.Errorf("%q is followed by %q, want %q", label, got, want)
		}
	}
	text = flat(text)
	for _, want := range []string{"OSHA's Form 301 Injury and Illness Incident Report", "Establishment: Stage 4 Unit, Los Angeles, CA.", "The ladder's foot slid on a cable cover and he fell about 6 feet",
		"Fractured left wrist", "Concrete stage floor", "St. Joseph Hospital", "Burbank, CA 91505",
		"Dan Evans", "Privacy concern case", "1904.29(b)(7)(v)", "time cannot be determined"} {
		if !strings.Contains(text, want) {
			t.Errorf("the 301 PDF does not show %q", want)
		}
	}
}

func TestWrite301PDFRefuses(t *testing.T) {
	c := benCole()
	c.EventTime, c.TimeUnknown = &ClockTime{14, 5}, true
	wantProblem(t, Write301PDF(&bytes.Buffer{}, stage(), c), "time of event")
	if err := Write301PDF(&bytes.Buffer{}, stage()); err == nil {
		t.Error("wrote a 301 of no case")
	}
}

func TestPDFsTakeTextOutsideTheirEncoding(t *testing.T) {
	c := benCole()
	c.EmployeeName = "Zoë Łukasz 李"
	c.WhatHappened = strings.Repeat("A long account of what happened on the set. ", 200)
	var b bytes.Buffer
	if err := Write301PDF(&b, stage(), c); err != nil {
		t.Fatal(err)
	}
	if text := flat(pdfText(t, b.Bytes())); !strings.Contains(text, "1) Full name Zoë Łukasz") {
		t.Errorf("the 301 does not name Zoë Łukasz:\n%s", text)
	}
	b.Reset()
	c.EmployeeName = "Nguyễn Thị Hương"
	if err := Write300PDF(&b, stage(), 2025, []Case{c}); err != nil {
		t.Fatal(err)
	}
	if text := flat(pdfText(t, b.Bytes())); !strings.Contains(text, "Nguyễn Thị Hương") {
		t.Errorf("the 300 does not name Nguyễn Thị Hương:\n%s", text)
	}
}
