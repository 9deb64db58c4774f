package gate

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// withSecondArmorer adds Jo, a second armorer, qualified and on duty
// unless changed.
func withSecondArmorer(s *Situation) *Person {
	jo := &Person{ID: "jo", Name: "Jo", Duties: []string{DutyArmorer}, Permits: []Permit{{Kind: PermitArmorer, Expires: now.AddDate(0, 6, 0)}}}
	s.People["jo"] = jo
	return jo
}

// allStored secures every firearm, unloaded.
func allStored(s *Situation) {
	for _, f := range s.Firearms {
		f.Custodian, f.Store, f.LoadedLot, f.LoadedRounds = "", "armory truck", "", 0
	}
}

func TestFA2LastArmorerKeepsTheDuty(t *testing.T) {
	offDuty := func(s *Situation, a *Action) { *a = Action{Kind: EndDuty, From: "rosa"} }
	runRule(t, []ruleCase{
		{"the last armorer leaves the duty with a revolver out", offDuty, FA2},
		{"the last armorer leaves the duty with only a loaded firearm in its store", func(s *Situation, a *Action) {
			allStored(s)
			s.Firearms["rifle"].LoadedLot, s.Firearms["rifle"].LoadedRounds = "blanks", 5
			offDuty(s, a)
		}, FA2},
		{"the last armorer leaves the duty with everything secured and unloaded", func(s *Situation, a *Action) {
			allStored(s)
			offDuty(s, a)
		}, ""},
		{"another qualified armorer stays on duty", func(s *Situation, a *Action) {
			withSecondArmorer(s)
			offDuty(s, a)
		}, ""},
		{"another armorer on duty without a permit does not count", func(s *Situation, a *Action) {
			withSecondArmorer(s).Permits = nil
			offDuty(s, a)
		}, FA2},
		{"another armorer who went off duty does not count", func(s *Situation, a *Action) {
			withSecondArmorer(s).OffDuty = true
			offDuty(s, a)
		}, FA2},
		{"an assistant armorer with a permit counts", func(s *Situation, a *Action) {
			withSecondArmorer(s).Duties = []string{DutyAssistantArmorer}
			offDuty(s, a)
		}, ""},
		{"an armorer without a permit leaving changes nothing", func(s *Situation, a *Action) {
			s.People["rosa"].Permits = nil
			offDuty(s, a)
		}, ""},
		{"the duty is handed over to a qualified armorer off duty, both confirming", func(s *Situation, a *Action) {
			withSecondArmorer(s).OffDuty = true
			*a = Action{Kind: EndDuty, From: "rosa", To: "jo", ConfirmedWithPIN: []string{"rosa", "jo"}}
		}, ""},
		{"where PR-3 is off, an armorer without a permit counts", func(s *Situation, a *Action) {
			s.Rules.On[PR3] = false
			withSecondArmorer(s).Permits = nil
			offDuty(s, a)
		}, ""},
	})
}

func TestPR3DutyTakenOnlyByTheQualified(t *testing.T) {
	handOver := func(change func(jo *Person)) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			change(withSecondArmorer(s))
			*a = Action{Kind: EndDuty, From: "rosa", To: "jo", ConfirmedWithPIN: []string{"rosa", "jo"}}
		}
	}
	runRule(t, []ruleCase{
		{"taken over by an armorer without a permit", handOver(func(jo *Person) { jo.Permits = nil }), PR3},
		{"taken over by an armorer whose permit ran out", handOver(func(jo *Person) { jo.Permits[0].Expires = now.Add(-time.Hour) }), PR3},
		{"taken over by someone not an armorer", handOver(func(jo *Person) { jo.Duties = []string{DutyCrew} }), PR3},
		{"taken over by a qualified armorer", handOver(func(*Person) {}), ""},
		{"an armorer with a permit comes on duty", func(s *Situation, a *Action) {
			withSecondArmorer(s).OffDuty = true
			*a = Action{Kind: StartDuty, From: "jo"}
		}, ""},
		{"an armorer without a permit does not come on duty", func(s *Situation, a *Action) {
			withSecondArmorer(s).Permits = nil
			*a = Action{Kind: StartDuty, From: "jo"}
		}, PR3},
	})
}

func TestFA3DutyHandoverBothPINs(t *testing.T) {
	handOver := func(pins ...string) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			withSecondArmorer(s).OffDuty = true
			*a = Action{Kind: EndDuty, From: "rosa", To: "jo", ConfirmedWithPIN: pins}
		}
	}
	runRule(t, []ruleCase{
		{"only the one handing over typed a PIN", handOver("rosa"), FA3},
		{"only the one taking over typed a PIN", handOver("jo"), FA3},
		{"nobody typed a PIN", handOver(), FA3},
		{"both typed theirs", handOver("rosa", "jo"), ""},
	})
}

// gap makes Rosa go off duty in an emergency, leaving the revolver and
// the pistol out with nobody qualified on duty.
func gap(s *Situation) { s.People["rosa"].OffDuty = true }

func TestFA2DutyGapStopsFirearmWork(t *testing.T) {
	runRule(t, []ruleCase{
		{"an issue during a gap", func(s *Situation, a *Action) {
			gap(s)
			s.People["rosa"].OffDuty = false
			s.People["rosa"].Permits = nil // a permit that ran out leaves a gap too
		}, FA2},
		{"a return during a gap", func(s *Situation, a *Action) {
			gap(s)
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal", "rosa"}}
		}, FA2},
		{"a hand-off between two people during a gap", func(s *Situation, a *Action) {
			gap(s)
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "alec", ConfirmedWithPIN: []string{"hal", "alec"}}
		}, FA2},
		{"a firearm taken out of its store during a gap", func(s *Situation, a *Action) {
			gap(s)
			*a = Action{Kind: Unsecure, Firearm: "rifle", From: "rosa"}
		}, FA2},
		{"a set-up with firearms started during a gap", func(s *Situation, a *Action) {
			gap(s)
			*a = Action{Kind: StartSetUp, From: "dave", SetUp: &SetUp{ID: "42A", Name: "Scene 42A", Hazards: []string{HazardFirearms}}}
		}, FA2},
		{"a set-up without firearms goes ahead during a gap", func(s *Situation, a *Action) {
			gap(s)
			*a = Action{Kind: StartSetUp, From: "dave", SetUp: &SetUp{ID: "7", Name: "Scene 7"}}
		}, ""},
		{"a set-up with firearms waits for an armorer on duty, even with every firearm locked away", func(s *Situation, a *Action) {
			gap(s)
			allStored(s)
			*a = Action{Kind: StartSetUp, From: "dave", SetUp: &SetUp{ID: "42A", Name: "Scene 42A", Hazards: []string{HazardFirearms}}}
		}, HZ1},
		{"a qualified armorer comes on duty during a gap", func(s *Situation, a *Action) {
			gap(s)
			withSecondArmorer(s).OffDuty = true
			*a = Action{Kind: StartDuty, From: "jo"}
		}, ""},
		{"with a qualified armorer on duty again the pistol goes back", func(s *Situation, a *Action) {
			gap(s)
			withSecondArmorer(s)
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "jo", ConfirmedWithPIN: []string{"hal", "jo"}}
		}, ""},
	})
}

func TestDutyGap(t *testing.T) {
	cases := []struct {
		name   string
		change func(s *Situation)
		want   []string
	}{
		{"a qualified armorer on duty", func(*Situation) {}, nil},
		{"the armorer went off duty with two firearms out", gap, []string{"colt", "pistol"}},
		{"a loaded firearm in its store counts", func(s *Situation) {
			gap(s)
			allStored(s)
			s.Firearms["rifle"].LoadedLot, s.Firearms["rifle"].LoadedRounds = "blanks", 5
		}, []string{"rifle"}},
		{"nothing out, no gap", func(s *Situation) { gap(s); allStored(s) }, nil},
		{"the armorer's permit ran out", func(s *Situation) { s.People["rosa"].Permits[0].Expires = now.Add(-time.Minute) }, []string{"colt", "pistol"}},
		{"an assistant armorer with a permit on duty", func(s *Situation) {
			gap(s)
			withSecondArmorer(s).Duties = []string{DutyAssistantArmorer}
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := ready(t)
			tc.change(s)
			if got := DutyGap(s); !slices.Equal(got, tc.want) {
				t.Fatalf("DutyGap = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLastArmorerReasonListsWhatIsOut(t *testing.T) {
	s, _ := ready(t)
	s.Firearms["colt"].LoadedLot, s.Firearms["colt"].LoadedRounds = "blanks", 6
	v := Check(s, Action{Kind: EndDuty, From: "rosa"})
	if v.Go || len(v.Reasons) != 1 {
		t.Fatalf("want one reason, got %s", v)
	}
	for _, want := range []string{"Rosa is the last qualified armorer", "the Colt revolver is with Rosa, loaded with 6 rounds", "the pistol is with Hal"} {
		if !strings.Contains(v.Reasons[0].Message, want) {
			t.Errorf("the reason %q does not say %q", v.Reasons[0].Message, want)
		}
	}
}
