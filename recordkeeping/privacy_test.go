package recordkeeping

import (
	"slices"
	"testing"
)

func TestPrivacyReasonsAreTheClosedListOf1904_29b7(t *testing.T) {
	want := []string{"1904.29(b)(7)(i)", "1904.29(b)(7)(ii)", "1904.29(b)(7)(iii)", "1904.29(b)(7)(iv)", "1904.29(b)(7)(v)", "1904.29(b)(7)(vi)"}
	var got []string
	for _, r := range PrivacyReasons {
		got = append(got, r.Section())
	}
	if !slices.Equal(got, want) {
		t.Errorf("sections %q, want %q", got, want)
	}
	if NotPrivate.Section() != "" || PrivacyReason(7).Section() != "" {
		t.Error("a reason outside the list has a section")
	}
}

func TestPrivacyCaseHidesTheNameOnTheLog(t *testing.T) {
	for _, r := range PrivacyReasons {
		c := complete(benCole())
		c.Type = OtherIllness // every reason fits an illness
		c.Privacy = r
		log, err := Log300(stage(), 2025, []Case{c})
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		if got := log.Rows[0].Name; got != "Privacy case" {
			t.Errorf("%v: column B %q, want Privacy case", r, got)
		}
		if !log.Rows[0].PrivacyCase {
			t.Errorf("%v: row not marked a privacy case", r)
		}
	}
}

func TestPrivacyCaseWithoutADiscreetDescriptionKeepsItsDescription(t *testing.T) {
	c := complete(benCole())
	c.Privacy = IntimateBodyPart
	log, err := Log300(stage(), 2025, []Case{c})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := log.Rows[0].Description, "Fracture to left wrist from A-frame ladder"; got != want {
		t.Errorf("F = %q, want %q", got, want)
	}
}

func TestPrivacyReasonMustFitTheCase(t *testing.T) {
	tests := []struct {
		name   string
		reason PrivacyReason
		typ    CaseType
		ok     bool
	}{
		{"request for an illness", IllnessOnRequest, RespiratoryCondition, true},
		{"request for an injury", IllnessOnRequest, Injury, false},
		{"mental illness typed an injury", MentalIllness, Injury, false},
		{"sharps injury", ContaminatedSharps, Injury, true},
		{"reason off the list", PrivacyReason(9), Injury, false},
		{"negative reason", PrivacyReason(-1), Injury, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := complete(benCole())
			c.Privacy, c.Type = tt.reason, tt.typ
			err := c.Validate()
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok {
				wantProblem(t, err, "privacy case")
			}
		})
	}
}

func TestConfidentialList(t *testing.T) {
	got := ConfidentialList(2025, fixture())
	want := []Confidential{
		{CaseNumber: "2025-04", EmployeeName: "Dan Evans", Reason: ContaminatedSharps},
		{CaseNumber: "2025-9", EmployeeName: "Mia Noor", Reason: MentalIllness},
	}
	if !slices.Equal(got, want) {
		t.Errorf("confidential list %+v, want %+v", got, want)
	}
}
