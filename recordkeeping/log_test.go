package recordkeeping

import (
	"slices"
	"testing"
	"time"
)

func TestLog300RowsOfTheYearInCaseNumberOrder(t *testing.T) {
	log, err := Log300(stage(), 2025, fixture())
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, r := range log.Rows {
		numbers = append(numbers, r.CaseNumber)
	}
	// 2025-08 is first aid only and 2024-12 is of 2024: neither is on
	// the log. 2025-9 comes before 2025-10.
	want := []string{"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-9", "2025-10"}
	if !slices.Equal(numbers, want) {
		t.Fatalf("case numbers %q, want %q", numbers, want)
	}
}

func TestLog300MarksColumns(t *testing.T) {
	log, err := Log300(stage(), 2025, fixture())
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]Row{}
	for _, r := range log.Rows {
		rows[r.CaseNumber] = r
	}
	tests := []struct {
		number  string
		marked  []string
		k, l    int
		name    string
		descrip string
	}{
		{"2025-01", []string{"J", "M1"}, 0, 0, "Ana Ruiz", "Laceration to left hand from C-stand"},
		{"2025-02", []string{"H", "M1"}, 12, 5, "Ben Cole", "Fracture to left wrist from A-frame ladder"},
		{"2025-03", []string{"I", "M2"}, 0, 4, "Cara Diaz", "Dermatitis to both forearms from solvent"},
		{"2025-04", []string{"J", "M1"}, 0, 0, "Privacy case", "Puncture wound to finger"},
		{"2025-05", []string{"G", "M1"}, 3, 0, "Eve Fox", "Head injury from car door"},
		{"2025-06", []string{"J", "M5"}, 0, 0, "Gus Hill", "Hearing loss to both ears from generator noise"},
		{"2025-07", []string{"H", "M3"}, 150, 30, "Ivy Jones", "Smoke inhalation to lungs from smoke machine"},
		{"2025-9", []string{"H", "M6"}, 10, 0, "Privacy case", "Illness"},
		{"2025-10", []string{"H", "M4"}, 180, 0, "Lou Moss", "Carbon monoxide poisoning from idling generator"},
	}
	all := []string{"G", "H", "I", "J", "M1", "M2", "M3", "M4", "M5", "M6"}
	for _, tt := range tests {
		r, ok := rows[tt.number]
		if !ok {
			t.Errorf("case %s not on the log", tt.number)
			continue
		}
		for _, col := range all {
			if got, want := r.Marked(col), slices.Contains(tt.marked, col); got != want {
				t.Errorf("case %s column %s marked %v, want %v", tt.number, col, got, want)
			}
		}
		if r.DaysAway != tt.k || r.DaysRestricted != tt.l {
			t.Errorf("case %s K, L = %d, %d; want %d, %d", tt.number, r.DaysAway, r.DaysRestricted, tt.k, tt.l)
		}
		if r.Name != tt.name || r.Description != tt.descrip {
			t.Errorf("case %s B, F = %q, %q; want %q, %q", tt.number, r.Name, r.Description, tt.name, tt.descrip)
		}
	}
}

func TestLog300Refuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(cs []Case) []Case
		year  int
		field string
	}{
		{"case without a job title", func(cs []Case) []Case { cs[1].JobTitle = " "; return cs }, 2025, "case 2025-01: job title (C)"},
		{"case number twice", func(cs []Case) []Case { cs[1].Number = "2025-02"; return cs }, 2025, "case 2025-02: case number (A)"},
		{"negative days", func(cs []Case) []Case { cs[1].Outcomes.DaysAway = -2; return cs }, 2025, "case 2025-01: outcomes"},
		{"unknown type", func(cs []Case) []Case { cs[1].Type = 7; return cs }, 2025, "case 2025-01: type (M)"},
		{"year of two digits", func(cs []Case) []Case { return cs }, 25, "year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Log300(stage(), tt.year, tt.edit(fixture()))
			wantProblem(t, err, tt.field)
		})
	}
}

// A case's outcome changes after it is first logged: first treated
// (other recordable), later the employee stays home. The log and the
// totals follow the latest facts.
func TestLogFollowsTheLatestFacts(t *testing.T) {
	c := complete(benCole())
	c.Outcomes = recorded(Outcomes{MedicalTreatment: true})
	first, err := Summary300A(stage(), 2025, []Case{c})
	if err != nil {
		t.Fatal(err)
	}
	if first.OtherCases != 1 || first.DaysAwayCases != 0 || first.DaysAway != 0 {
		t.Fatalf("first summary J=%d H=%d K=%d, want 1 0 0", first.OtherCases, first.DaysAwayCases, first.DaysAway)
	}

	c.Outcomes.DaysAway = 9 // the doctor kept him home nine days
	log, err := Log300(stage(), 2025, []Case{c})
	if err != nil {
		t.Fatal(err)
	}
	if r := log.Rows[0]; !r.Marked("H") || r.Marked("J") || r.DaysAway != 9 {
		t.Errorf("row after the change: H %v, J %v, K %d; want H checked, J not, K 9", r.Marked("H"), r.Marked("J"), r.DaysAway)
	}
	later, err := Summary300A(stage(), 2025, []Case{c})
	if err != nil {
		t.Fatal(err)
	}
	if later.OtherCases != 0 || later.DaysAwayCases != 1 || later.DaysAway != 9 {
		t.Errorf("later summary J=%d H=%d K=%d, want 0 1 9", later.OtherCases, later.DaysAwayCases, later.DaysAway)
	}
}

func TestSummary300AOfTheFixtureYear(t *testing.T) {
	s, err := Summary300A(stage(), 2025, fixture())
	if err != nil {
		t.Fatal(err)
	}
	// By hand, from the nine recordable 2025 cases:
	// G: 2025-05. H: 2025-02, -07, -9, -10. I: 2025-03. J: 2025-01, -04, -06.
	// K: 12 + 3 + 150 + 10 + 180 (200 capped) = 355.
	// L: 5 + 4 + 30 (60 capped by 150 away) + 0 + 0 (10 capped by 180 away) = 39.
	// M: injuries 01, 02, 04, 05; one each of skin 03, respiratory 07,
	// poisoning 10, hearing loss 06, other illness 9.
	got := []int{s.Deaths, s.DaysAwayCases, s.RestrictedCases, s.OtherCases, s.DaysAway, s.DaysRestricted,
		s.Types[Injury], s.Types[SkinDisorder], s.Types[RespiratoryCondition], s.Types[Poisoning], s.Types[HearingLoss], s.Types[OtherIllness],
		s.AnnualAverageEmployees, s.TotalHoursWorked, s.Cases()}
	want := []int{1, 4, 1, 3, 355, 39, 4, 1, 1, 1, 1, 1, 60, 120000, 9}
	if !slices.Equal(got, want) {
		t.Errorf("300A G H I J K L M1-M6 employees hours cases =\n %v, want\n %v", got, want)
	}
}

func TestSummaryOfAYearWithoutCases(t *testing.T) {
	s, err := Summary300A(stage(), 2026, fixture())
	if err != nil {
		t.Fatal(err)
	}
	if s.Cases() != 0 || s.DaysAway != 0 || s.Types[Injury] != 0 || s.Year != 2026 {
		t.Errorf("2026 summary %+v, want all zero", s)
	}
}

func TestCaseNumberOrder(t *testing.T) {
	in := []string{"10", "2", "A-3", "2025-010", "2025-9", "A-12", "1", "2025-9b"}
	want := []string{"1", "2", "10", "2025-9", "2025-9b", "2025-010", "A-3", "A-12"}
	slices.SortFunc(in, compareCaseNumbers)
	if !slices.Equal(in, want) {
		t.Errorf("sorted %q, want %q", in, want)
	}
}

func TestDatesAreReadByCalendarDate(t *testing.T) {
	// 11 pm on New Year's Eve in Los Angeles is 2025 there, though 2026 in UTC.
	la := time.FixedZone("PST", -8*3600)
	c := complete(benCole())
	c.Date = time.Date(2025, time.December, 31, 23, 0, 0, 0, la)
	log, err := Log300(stage(), 2025, []Case{c})
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Rows) != 1 {
		t.Fatalf("%d rows, want the case in 2025", len(log.Rows))
	}
}
