package gate

import (
	"strings"
	"testing"
	"time"
)

func TestProfileWith(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		s       Settings
		problem string // part of the expected problem, or "" for none
	}{
		{"defaults", "california", Settings{}, ""},
		{"tighter show-clear window", "california", Settings{Params: Params{ShowClearWindow: 5 * time.Minute}}, ""},
		{"looser show-clear window where FA-6 is mandatory", "manitoba", Settings{Params: Params{ShowClearWindow: 30 * time.Minute}}, "stricter, not looser"},
		{"looser window where FA-6 is baseline", "us", Settings{Params: Params{ShowClearWindow: 30 * time.Minute}}, "stricter, not looser"},
		{"lower misfire threshold", "us", Settings{Params: Params{MisfireThreshold: 1}}, ""},
		{"higher misfire threshold", "us", Settings{Params: Params{MisfireThreshold: 3}}, "stricter, not looser"},
		{"longer misfire window is stricter", "us", Settings{Params: Params{MisfireWindow: 14 * 24 * time.Hour}}, ""},
		{"shorter misfire window is looser", "us", Settings{Params: Params{MisfireWindow: 24 * time.Hour}}, "stricter, not looser"},
		{"more firearms per armorer where FA-5 is optional", "uk", Settings{Params: Params{FirearmsPerArmorer: 20}}, ""},
		{"more firearms per armorer in California", "california", Settings{Params: Params{FirearmsPerArmorer: 20}}, "stricter, not looser"},
		{"training switched off where optional", "us", Settings{Off: []RuleID{PR2}}, ""},
		{"training switched off in California", "california", Settings{Off: []RuleID{PR2}}, "mandatory under the california profile"},
		{"the baseline cannot be switched off anywhere", "uk", Settings{Off: []RuleID{FA3}}, "mandatory under the uk profile"},
		{"an unknown rule", "us", Settings{Off: []RuleID{"XX-9"}}, "not a rule setsafe knows"},
		{"a nonsense value", "us", Settings{Params: Params{ShowClearWindow: time.Second}}, "between 1 minute and 2 hours"},
		{"a negative count", "uk", Settings{Params: Params{FirearmsPerArmorer: -1}}, "between 1 and 100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := FindProfile(tc.profile)
			if !ok {
				t.Fatalf("no profile %s", tc.profile)
			}
			rules, problems := p.With(tc.s)
			if tc.problem == "" {
				if problems != nil {
					t.Fatalf("unexpected problems: %v", problems)
				}
				if rules.Profile != tc.profile || !rules.Applies(FA6) {
					t.Fatalf("rules: %+v", rules)
				}
				return
			}
			if len(problems) == 0 || !strings.Contains(problems[0].Message, tc.problem) {
				t.Fatalf("want a problem with %q, got %v", tc.problem, problems)
			}
		})
	}
}

func TestProfilesCoverTheCatalogue(t *testing.T) {
	for _, p := range Profiles {
		for _, id := range Baseline {
			if !p.Mandatory(id) {
				t.Errorf("%s: baseline rule %s is not mandatory", p.ID, id)
			}
		}
	}
	ca, _ := FindProfile("california")
	for _, id := range []RuleID{PR2, PR5, FA4, FA5} {
		if !ca.Mandatory(id) {
			t.Errorf("California's Labor Code demands %s", id)
		}
	}
	us, _ := FindProfile("us")
	if us.Mandatory(PR2) {
		t.Error("the US bulletins alone do not make training mandatory")
	}
	for _, r := range Catalogue {
		if _, ok := Lookup(r.ID); !ok || r.Title == "" {
			t.Errorf("catalogue entry %s incomplete", r.ID)
		}
	}
}
