package gate

import (
	"strings"
	"testing"
	"time"
)

func TestSameCalibre(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{".45 Colt", "45 LC", true},
		{".45 Colt", ".45 Long Colt", true},
		{".45 Colt", "45 colt", true},
		{".45 Colt", " .45  COLT ", true},
		{".44-40", "44 WCF", true},
		{"9mm", "9x19mm", true},
		{"9mm", "9 x 19", true},
		{".38 Special", ".38 Spl", true},
		{".45 Colt", ".45 ACP", false},
		{".45 Colt", ".44-40", false},
		{"9mm", "9mm PAK", false},
		{"7.5 Swiss", "7.5 swiss", true},
		{"7.5 Swiss", "7.62x39", false},
	}
	for _, tc := range tests {
		if got := SameCalibre(tc.a, tc.b); got != tc.same {
			t.Errorf("SameCalibre(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestAM4Calibre(t *testing.T) {
	load := func(firearm, rounds string) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			s.Firearms["colt"].Calibre = firearm
			s.Lots["dummies"].Calibre = rounds
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}
	}
	runRule(t, []ruleCase{
		{"the same calibre", load(".45 Colt", ".45 Colt"), ""},
		{"the same calibre spelled another way", load(".45 Colt", "45 LC"), ""},
		{"another calibre (a .44-40 round in a .45 Colt revolver)", load(".45 Colt", ".44-40"), AM4},
		{"a .45 ACP round in a .45 Colt revolver", load(".45 Colt", ".45 ACP"), AM4},
		{"a .357 Magnum revolver takes .38 Special", load(".357 Magnum", ".38 Spl"), ""},
		{"a .38 Special revolver does not take .357 Magnum", load(".38 Special", ".357 Magnum"), AM4},
		{"blanks for a blank-firing pistol are not its real calibre", load("9mm PAK", "9mm"), AM4},
		{"a calibre the gate does not know, the same on both", load("7.5 Swiss", "7.5 swiss"), ""},
		{"a pair the profile adds", func(s *Situation, a *Action) {
			load(".45 Colt", ".45 Schofield")(s, a)
			s.Rules.Params.CalibrePairs = [][2]string{{".45 Colt", ".45 Schofield"}}
		}, ""},
		{"the profile's pair goes one way", func(s *Situation, a *Action) {
			load(".45 Schofield", ".45 Colt")(s, a)
			s.Rules.Params.CalibrePairs = [][2]string{{".45 Colt", ".45 Schofield"}}
		}, AM4},
	})
}

func TestAM4CalibresNamed(t *testing.T) {
	s, _ := ready(t)
	s.Firearms["colt"].Calibre = "45 LC"
	s.Lots["dummies"].Calibre = "44 WCF"
	v := Check(s, Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"})
	if v.Go || !strings.Contains(v.String(), "Lot D-1 holds .44-40 rounds and the Colt revolver is chambered for .45 Colt") {
		t.Fatalf("want both calibres named, got %s", v)
	}
}

func TestProfileCalibrePairs(t *testing.T) {
	p, _ := FindProfile("us")
	p.Params.CalibrePairs = [][2]string{{".45 Colt", ".45 Schofield"}}
	rules, problems := p.With(Settings{Params: Params{ShowClearWindow: 5 * time.Minute}})
	if problems != nil {
		t.Fatal(problems)
	}
	if !Takes(".45 Colt", "45 Schofield", rules.Params.CalibrePairs) || Takes(".45 Colt", "45 Schofield", nil) {
		t.Fatalf("the profile's pairs in force: %v", rules.Params.CalibrePairs)
	}
}
