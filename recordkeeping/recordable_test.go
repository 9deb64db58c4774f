package recordkeeping

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestRecordable(t *testing.T) {
	tests := []struct {
		name     string
		o        Outcomes
		want     bool
		criteria []Criterion
		why      string // a section the reason must cite
	}{
		{"death 1904.7(b)(2)", recorded(Outcomes{Death: true}), true, []Criterion{CriterionDeath}, "1904.7(b)(2)"},
		{"one day away 1904.7(b)(3)", recorded(Outcomes{DaysAway: 1}), true, []Criterion{CriterionDaysAway}, "1904.7(b)(3)"},
		{"one day restricted 1904.7(b)(4)", recorded(Outcomes{DaysRestricted: 1}), true, []Criterion{CriterionRestricted}, "1904.7(b)(4)"},
		{"medical treatment 1904.7(b)(5)", recorded(Outcomes{MedicalTreatment: true}), true, []Criterion{CriterionMedicalTreatment}, "1904.7(b)(5)"},
		{"loss of consciousness 1904.7(b)(6)", recorded(Outcomes{LossOfConsciousness: true}), true, []Criterion{CriterionLossOfConsciousness}, "1904.7(b)(6)"},
		{"significant diagnosis 1904.7(b)(7)", recorded(Outcomes{SignificantDiagnosis: true}), true, []Criterion{CriterionSignificantDiagnosis}, "1904.7(b)(7)"},
		{"several criteria in 1904.7(b) order", recorded(Outcomes{SignificantDiagnosis: true, DaysAway: 2, MedicalTreatment: true}), true,
			[]Criterion{CriterionDaysAway, CriterionMedicalTreatment, CriterionSignificantDiagnosis}, "1904.7(b)(3)"},
		{"first aid only", recorded(Outcomes{}), false, nil, "1904.7(b)(5)(ii)"},
		{"not work-related", Outcomes{NewCase: true, Death: true}, false, nil, "1904.5"},
		{"not a new case", Outcomes{WorkRelated: true, DaysAway: 5}, false, nil, "1904.6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Recordable(tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if d.Recordable != tt.want || !slices.Equal(d.Criteria, tt.criteria) {
				t.Errorf("Recordable = %v %v, want %v %v", d.Recordable, d.Criteria, tt.want, tt.criteria)
			}
			if !strings.Contains(d.Why, tt.why) {
				t.Errorf("why %q does not cite %s", d.Why, tt.why)
			}
		})
	}
}

func TestRecordableRefusesNegativeDays(t *testing.T) {
	for _, o := range []Outcomes{recorded(Outcomes{DaysAway: -1}), recorded(Outcomes{DaysRestricted: -3})} {
		if _, err := Recordable(o); err == nil {
			t.Errorf("Recordable(%+v) took a negative count", o)
		}
	}
}

func TestClassifyTakesTheMostSeriousOutcome(t *testing.T) {
	tests := []struct {
		name string
		o    Outcomes
		want Classification
		col  string
	}{
		{"death over everything", recorded(Outcomes{Death: true, DaysAway: 30, DaysRestricted: 10, MedicalTreatment: true}), ClassDeath, "G"},
		{"days away over restriction", recorded(Outcomes{DaysAway: 1, DaysRestricted: 90}), ClassDaysAway, "H"},
		{"restriction over treatment", recorded(Outcomes{DaysRestricted: 2, MedicalTreatment: true, LossOfConsciousness: true}), ClassRestricted, "I"},
		{"treatment only", recorded(Outcomes{MedicalTreatment: true}), ClassOtherRecordable, "J"},
		{"loss of consciousness only", recorded(Outcomes{LossOfConsciousness: true}), ClassOtherRecordable, "J"},
		{"diagnosis only", recorded(Outcomes{SignificantDiagnosis: true}), ClassOtherRecordable, "J"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Classify(tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || got.Column() != tt.col {
				t.Errorf("Classify = %v (%s), want %v (%s)", got, got.Column(), tt.want, tt.col)
			}
		})
	}
}

func TestClassifyRefusesWhatIsNotRecorded(t *testing.T) {
	_, err := Classify(recorded(Outcomes{}))
	if !errors.Is(err, ErrNotRecordable) {
		t.Fatalf("Classify(first aid) = %v, want ErrNotRecordable", err)
	}
}

func TestCapDays(t *testing.T) {
	tests := []struct {
		away, restricted         int
		wantAway, wantRestricted int
	}{
		{150, 60, 150, 30},
		{200, 10, 180, 0},
		{0, 250, 0, 180},
		{90, 90, 90, 90},
		{179, 5, 179, 1},
		{12, 5, 12, 5},
		{0, 0, 0, 0},
		{-4, 7, 0, 7},
	}
	for _, tt := range tests {
		a, r := CapDays(tt.away, tt.restricted)
		if a != tt.wantAway || r != tt.wantRestricted {
			t.Errorf("CapDays(%d, %d) = %d, %d; want %d, %d", tt.away, tt.restricted, a, r, tt.wantAway, tt.wantRestricted)
		}
	}
}

func TestCappedDaysReachTheLog(t *testing.T) {
	c := complete(benCole())
	c.Outcomes = recorded(Outcomes{DaysAway: 150, DaysRestricted: 60})
	log, err := Log300(stage(), 2025, []Case{c})
	if err != nil {
		t.Fatal(err)
	}
	if r := log.Rows[0]; r.DaysAway != 150 || r.DaysRestricted != 30 {
		t.Errorf("row K, L = %d, %d; want 150, 30", r.DaysAway, r.DaysRestricted)
	}
}
