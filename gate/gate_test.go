package gate

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 26, 14, 30, 0, 0, time.UTC)

// ready returns a situation in which the armorer, Rosa, may issue the
// revolver to the actor, Alec, and that issue: every rule holds.
func ready(t *testing.T) (*Situation, Action) {
	t.Helper()
	p, _ := FindProfile("california")
	rules, problems := p.With(Settings{})
	if problems != nil {
		t.Fatal(problems)
	}
	s := &Situation{
		Now: now, Day: "2026-11-26", Rules: rules, ComplianceContact: "sam",
		People: map[string]*Person{
			"rosa": {ID: "rosa", Name: "Rosa", Duties: []string{DutyArmorer}, Permits: []Permit{{Kind: "armorer", Expires: now.AddDate(1, 0, 0)}}},
			"alec": {ID: "alec", Name: "Alec", Duties: []string{DutyCast}, Trainings: []Training{{Course: "Firearm safety", Firearms: true, Completed: now.AddDate(0, -2, 0)}}},
			"dave": {ID: "dave", Name: "Dave", Duties: []string{DutyFirstAD}},
			"sam":  {ID: "sam", Name: "Sam", Duties: []string{"safety_coordinator"}},
			"hal":  {ID: "hal", Name: "Hal", Duties: []string{DutyCrew}},
		},
		Firearms: map[string]*Firearm{
			"colt":   {ID: "colt", Name: "the Colt revolver", Received: true, Custodian: "rosa", CustodySince: now.Add(-20 * time.Minute)},
			"rifle":  {ID: "rifle", Name: "the Winchester rifle", Received: true, Store: "armory truck"},
			"pistol": {ID: "pistol", Name: "the pistol", Received: true, Custodian: "hal", CustodySince: now.Add(-5 * time.Minute)},
		},
		Lots: map[string]*Lot{
			"dummies": {ID: "dummies", Label: "D-1", Kind: LotDummy, Calibre: ".45 Colt", Source: "Prop house", Headstamp: "PH 45", Count: 50, Verified: true, VerifiedRounds: 50},
			"blanks":  {ID: "blanks", Label: "B-1", Kind: LotBlank, Calibre: ".45 Colt", Source: "Prop house", Headstamp: "PH 45B", Count: 100},
		},
		Meetings: []Meeting{{Day: "2026-11-26", Hazards: []string{HazardFirearms}, Topics: TopicIDs(HazardFirearms, nil),
			Attendees: []string{"rosa", "alec", "dave"}}},
		ShowClears: []ShowClear{{Firearm: "colt", At: now.Add(-3 * time.Minute), AllChambers: true, Witnesses: []string{"alec", "dave"}}},
	}
	setup := &SetUp{ID: "42A", Name: "Scene 42A", Hazards: []string{HazardFirearms}}
	return s, Action{Kind: Handover, Firearm: "colt", From: "rosa", To: "alec", ConfirmedWithPIN: []string{"rosa", "alec"}, SetUp: setup}
}

// ruleCase changes a ready situation or its action; want is the rule that
// must then fail (or "" for GO), and why the case matters.
type ruleCase struct {
	name   string
	change func(s *Situation, a *Action)
	want   RuleID
}

func runRule(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, a := ready(t)
			tc.change(s, &a)
			v := Check(s, a)
			if tc.want == "" {
				if !v.Go {
					t.Fatalf("want GO, got %s", v)
				}
				return
			}
			if v.Go || !slices.Contains(v.Rules(), tc.want) {
				t.Fatalf("want NO-GO for %s, got %s", tc.want, v)
			}
			for _, r := range v.Reasons {
				if !strings.HasSuffix(r.Message, "("+string(r.Rule)+")") || len(r.Message) < 20 {
					t.Errorf("reason does not read as a sentence citing its rule: %q", r.Message)
				}
			}
		})
	}
}

func TestReadyIssueIsGo(t *testing.T) {
	s, a := ready(t)
	if v := Check(s, a); !v.Go {
		t.Fatalf("the ready issue: %s", v)
	}
}

func TestAM1LiveAmmunition(t *testing.T) {
	runRule(t, []ruleCase{
		{"a live lot is refused at the door", func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "L", Kind: LotLive, Calibre: ".45", Source: "gun shop", Headstamp: "X", Count: 50}}
		}, AM1},
		{"a blank lot is received", func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "B-2", Kind: LotBlank, Calibre: ".45", Source: "Prop house", Headstamp: "PH", Count: 50, Origin: factory}}
		}, ""},
		{"a reported live round stops issues", func(s *Situation, a *Action) { s.LiveRoundReports = []time.Time{now.Add(-time.Hour)} }, AM1},
		{"a reported live round never stops a return", func(s *Situation, a *Action) {
			s.LiveRoundReports = []time.Time{now.Add(-time.Hour)}
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal", "rosa"}}
		}, ""},
		{"a live lot that got in is never loaded", func(s *Situation, a *Action) {
			s.Lots["live"] = &Lot{ID: "live", Label: "L-1", Kind: LotLive, Calibre: ".45", Source: "?", Headstamp: "?", Count: 6}
			*a = Action{Kind: Load, Firearm: "colt", Lot: "live", Rounds: 6, From: "rosa"}
		}, AM1},
	})
}

// factory is the origin of factory-made rounds.
var factory = Origin{Kind: OriginFactory, Maker: "Prop house", Product: "45 Colt quarter load"}

func TestAM1RoundsMadeFromLiveCartridges(t *testing.T) {
	receive := func(o Origin) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "D-2", Kind: LotDummy, Calibre: ".45", Source: "the shop", Headstamp: "WIN", Count: 50, Origin: o}}
		}
	}
	runRule(t, []ruleCase{
		{"dummies made up from live cartridges keep their primers and are refused", receive(Origin{Kind: OriginMadeUp, MadeFrom: MadeFromLiveCartridges}), AM1},
		{"dummies made up from new cases and inert projectiles are received", receive(Origin{Kind: OriginMadeUp, MadeFrom: MadeFromNewComponents}), ""},
		{"a rental house lot is received", receive(Origin{Kind: OriginRentalHouse, House: "PDQ Arm & Prop", HouseLot: "PDQ-2291"}), ""},
		{"a factory lot is received", receive(factory), ""},
		{"a lot made from live cartridges that got in is never loaded", func(s *Situation, a *Action) {
			s.Lots["dummies"].Origin = Origin{Kind: OriginMadeUp, MadeFrom: MadeFromLiveCartridges}
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, AM1},
		{"a lot received before origins were recorded is loaded as before", func(s *Situation, a *Action) {
			s.Lots["dummies"].Origin = Origin{}
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, ""},
	})
}

func TestAM4LotOrigin(t *testing.T) {
	receive := func(o Origin) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "B-2", Kind: LotBlank, Calibre: ".45", Source: "Prop house", Headstamp: "PH", Count: 50, Origin: o}}
		}
	}
	runRule(t, []ruleCase{
		{"a lot whose origin nobody knows (Rust: boxes from three sources)", receive(Origin{}), AM4},
		{"a factory lot without its maker", receive(Origin{Kind: OriginFactory, Product: "45 Colt quarter load"}), AM4},
		{"a factory lot without its product", receive(Origin{Kind: OriginFactory, Maker: "Prop house"}), AM4},
		{"a rental house lot without the house", receive(Origin{Kind: OriginRentalHouse, HouseLot: "PDQ-2291"}), AM4},
		{"a rental house lot without their lot reference", receive(Origin{Kind: OriginRentalHouse, House: "PDQ Arm & Prop"}), AM4},
		{"rounds made up without saying how", receive(Origin{Kind: OriginMadeUp}), AM4},
	})
}

func TestAM4OriginNamesWhatIsMissing(t *testing.T) {
	s, _ := ready(t)
	v := Check(s, Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "B-2", Kind: LotBlank, Calibre: ".45", Source: "Prop house", Headstamp: "PH", Count: 50,
		Origin: Origin{Kind: OriginRentalHouse, House: "PDQ Arm & Prop"}}})
	if v.Go || !strings.Contains(v.String(), "rental house's lot") {
		t.Fatalf("want the rental house's lot named as missing, got %s", v)
	}
}

func TestAM3InertDummies(t *testing.T) {
	runRule(t, []ruleCase{
		{"verified dummies are loaded", func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, ""},
		{"unverified dummies are not (Rust: rounds in the dummy box that did not rattle)", func(s *Situation, a *Action) {
			s.Lots["dummies"].Verified = false
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, AM3},
		{"blanks need no inert check", func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "blanks", Rounds: 6, From: "rosa"}
		}, ""},
		{"as many rounds as were checked and not loaded yet", func(s *Situation, a *Action) {
			s.Lots["dummies"].VerifiedRounds = 6
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, ""},
		{"more rounds than were checked and not loaded yet", func(s *Situation, a *Action) {
			s.Lots["dummies"].VerifiedRounds = 5
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, AM3},
		{"every checked round loaded already", func(s *Situation, a *Action) {
			s.Lots["dummies"].VerifiedRounds = 0
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 1, From: "rosa"}
		}, AM3},
	})
}

func TestAM3CountsNamed(t *testing.T) {
	s, _ := ready(t)
	s.Lots["dummies"].VerifiedRounds = 4
	v := Check(s, Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"})
	if v.Go || !strings.Contains(v.String(), "Only 4 rounds of lot D-1 were checked inert") || !strings.Contains(v.String(), "6 cannot be loaded") {
		t.Fatalf("want both counts named, got %s", v)
	}
}

func TestAM1QuarantinedLot(t *testing.T) {
	quarantine := func(s *Situation) { s.Lots["dummies"].Quarantined = true }
	runRule(t, []ruleCase{
		{"a lot that failed its inert check is not loaded (Rust: a round that did not rattle)", func(s *Situation, a *Action) {
			quarantine(s)
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, AM1},
		{"a firearm loaded from it is not issued", func(s *Situation, a *Action) {
			quarantine(s)
			s.Firearms["colt"].LoadedLot = "dummies"
		}, AM1},
		{"a firearm loaded from another lot is issued", func(s *Situation, a *Action) {
			quarantine(s)
			s.Firearms["colt"].LoadedLot = "blanks"
		}, ""},
		{"a firearm loaded from it goes back to the armorer", func(s *Situation, a *Action) {
			quarantine(s)
			s.Firearms["pistol"].LoadedLot = "dummies"
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal", "rosa"}}
		}, ""},
	})
}

func TestAM4RecordedLots(t *testing.T) {
	runRule(t, []ruleCase{
		{"rounds from a lot nobody recorded (Rust: a mixed box from three sources)", func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "mystery box", Rounds: 6, From: "rosa"}
		}, AM4},
		{"more rounds than the lot holds", func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 51, From: "rosa"}
		}, AM4},
		{"no rounds at all", func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 0, From: "rosa"}
		}, AM4},
		{"a lot received without source or headstamp", func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "D-2", Kind: LotDummy, Calibre: ".45", Count: 50}}
		}, AM4},
	})
}

func TestFA2Custody(t *testing.T) {
	runRule(t, []ruleCase{
		{"handing over what one does not hold", func(s *Situation, a *Action) { s.Firearms["colt"].Custodian = "dave" }, FA2},
		{"handing over what is in the store", func(s *Situation, a *Action) { a.Firearm = "rifle" }, FA2},
		{"handing over to nobody (Rust: guns left on a cart)", func(s *Situation, a *Action) { a.To = "" }, FA2},
		{"taking out of the store into the armorer's hands", func(s *Situation, a *Action) {
			*a = Action{Kind: Unsecure, Firearm: "rifle", From: "rosa"}
		}, ""},
		{"taking out of the store what is not in it", func(s *Situation, a *Action) {
			*a = Action{Kind: Unsecure, Firearm: "colt", From: "rosa"}
		}, FA2},
	})
}

func TestFA3ArmorerOnly(t *testing.T) {
	runRule(t, []ruleCase{
		{"the 1st AD hands a gun to the actor (Rust, link 8)", func(s *Situation, a *Action) {
			s.Firearms["colt"].Custodian = "dave"
			a.From = "dave"
		}, FA3},
		{"a performer passes it to another", func(s *Situation, a *Action) {
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "alec", ConfirmedWithPIN: []string{"hal", "alec"}}
		}, FA3},
		{"a performer gives it back to the armorer", func(s *Situation, a *Action) {
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal", "rosa"}}
		}, ""},
		{"someone other than the armorer loads", func(s *Situation, a *Action) {
			s.Firearms["colt"].Custodian = "dave"
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "dave"}
		}, FA3},
	})
}

// TestFA3BothConfirm checks that the giver and the receiver of every
// hand-off, an issue or a return, each confirmed it with their own PIN.
func TestFA3BothConfirm(t *testing.T) {
	runRule(t, []ruleCase{
		{"the armorer's session alone: the performer typed no PIN", func(s *Situation, a *Action) { a.ConfirmedWithPIN = []string{"rosa"} }, FA3},
		{"the performer's PIN alone: the armorer only signed in", func(s *Situation, a *Action) { a.ConfirmedWithPIN = []string{"alec"} }, FA3},
		{"nobody confirmed", func(s *Situation, a *Action) { a.ConfirmedWithPIN = nil }, FA3},
		{"someone else's PIN does not stand for the receiver's", func(s *Situation, a *Action) { a.ConfirmedWithPIN = []string{"rosa", "dave"} }, FA3},
		{"a return the armorer did not confirm", func(s *Situation, a *Action) {
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal"}}
		}, FA3},
		{"both confirmed, in either order", func(s *Situation, a *Action) { a.ConfirmedWithPIN = []string{"alec", "rosa"} }, ""},
		{"confirmation is asked of hand-offs only", func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, ""},
	})
}

func TestFA4NoOtherDuties(t *testing.T) {
	runRule(t, []ruleCase{
		{"the armorer also works props (Rust, link 1)", func(s *Situation, a *Action) {
			s.People["rosa"].Duties = append(s.People["rosa"].Duties, "property_master")
		}, FA4},
		{"giving the armorer a second duty", func(s *Situation, a *Action) {
			*a = Action{Kind: AssignDuty, To: "rosa", Duty: "property_master"}
		}, FA4},
		{"putting someone with another duty on armorer duty", func(s *Situation, a *Action) {
			s.People["hal"].Duties = []string{"property_master"}
			s.People["hal"].Permits = []Permit{{Kind: "armorer"}}
			*a = Action{Kind: AssignDuty, To: "hal", Duty: DutyArmorer}
		}, FA4},
		{"the armorer's job title says assistant props (Rust, link 1)", func(s *Situation, a *Action) {
			s.People["rosa"].JobTitle, s.People["rosa"].TitleDuties = "Armorer / key assistant props", []string{"props"}
		}, FA4},
		{"the title's other duty refuses loading too", func(s *Situation, a *Action) {
			s.People["rosa"].JobTitle, s.People["rosa"].TitleDuties = "Armorer & SFX", []string{"special_effects"}
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa"}
		}, FA4},
		{"the title's other duty refuses taking a firearm out of the store", func(s *Situation, a *Action) {
			s.People["rosa"].JobTitle, s.People["rosa"].TitleDuties = "Armero y utilero", []string{"props"}
			*a = Action{Kind: Unsecure, Firearm: "rifle", From: "rosa", To: "rosa"}
		}, FA4},
		{"a title that says only armorer work", func(s *Situation, a *Action) {
			s.People["rosa"].JobTitle = "Armorer"
		}, ""},
		{"a performer handing back to an armorer whose title says props", func(s *Situation, a *Action) {
			s.People["rosa"].JobTitle, s.People["rosa"].TitleDuties = "Armorer / props", []string{"props"}
			s.Firearms["colt"].Custodian = "alec"
			*a = Action{Kind: Handover, Firearm: "colt", From: "alec", To: "rosa", ConfirmedWithPIN: []string{"alec", "rosa"}}
		}, ""},
		{"the title is no business of the rule when naming the armorer", func(s *Situation, a *Action) {
			s.People["hal"].JobTitle, s.People["hal"].TitleDuties = "Armorer / props", []string{"props"}
			s.People["hal"].Permits = []Permit{{Kind: "armorer"}}
			*a = Action{Kind: AssignDuty, To: "hal", Duty: DutyArmorer}
		}, ""},
		{"someone whose title says props and who is not the armorer", func(s *Situation, a *Action) {
			s.People["dave"].JobTitle, s.People["dave"].TitleDuties = "1st AD / props", []string{"props"}
		}, ""},
		{"giving the 1st AD another duty is none of this rule's business", func(s *Situation, a *Action) {
			*a = Action{Kind: AssignDuty, To: "dave", Duty: "department_head"}
		}, ""},
	})
}

func TestFA4ReasonNamesTheTitle(t *testing.T) {
	s, a := ready(t)
	s.People["rosa"].JobTitle, s.People["rosa"].TitleDuties = "Armorer / key assistant props", []string{"props"}
	v := Check(s, a)
	want := "Rosa is on armorer duty, but their job title on the crew list, \u201cArmorer / key assistant props\u201d, says they also work as props"
	if v.Go || !strings.Contains(v.String(), want) {
		t.Fatalf("got %s, want a reason containing %q", v, want)
	}
}

func TestFA5EnoughArmorers(t *testing.T) {
	runRule(t, []ruleCase{
		{"one firearm too many for one armorer", func(s *Situation, a *Action) { s.Rules.Params.FirearmsPerArmorer = 1 }, FA5},
		{"a second armorer makes room", func(s *Situation, a *Action) {
			s.Rules.Params.FirearmsPerArmorer = 1
			s.People["kim"] = &Person{ID: "kim", Name: "Kim", Duties: []string{DutyAssistantArmorer}}
		}, ""},
	})
}

func TestFA6ShownClear(t *testing.T) {
	runRule(t, []ruleCase{
		{"shown clear too long ago", func(s *Situation, a *Action) { s.ShowClears[0].At = now.Add(-11 * time.Minute) }, FA6},
		{"only some rounds checked (Rust, link 9)", func(s *Situation, a *Action) { s.ShowClears[0].AllChambers = false }, FA6},
		{"the 1st AD did not witness", func(s *Situation, a *Action) { s.ShowClears[0].Witnesses = []string{"alec"} }, FA6},
		{"the performer did not witness", func(s *Situation, a *Action) { s.ShowClears[0].Witnesses = []string{"dave"} }, FA6},
		{"another firearm was shown clear", func(s *Situation, a *Action) { s.ShowClears[0].Firearm = "rifle" }, FA6},
		{"a tighter window", func(s *Situation, a *Action) { s.Rules.Params.ShowClearWindow = 2 * time.Minute }, FA6},
		{"shown clear exactly the window ago", func(s *Situation, a *Action) { s.ShowClears[0].At = now.Add(-s.Rules.Params.ShowClearWindow) }, ""},
		{"shown clear one second past the window", func(s *Situation, a *Action) {
			s.ShowClears[0].At = now.Add(-s.Rules.Params.ShowClearWindow - time.Second)
		}, FA6},
		{"shown clear at this very moment", func(s *Situation, a *Action) { s.ShowClears[0].At = now }, ""},
		{"a show-clear dated a second ahead does not count", func(s *Situation, a *Action) { s.ShowClears[0].At = now.Add(time.Second) }, FA6},
	})
}

func TestFA7OutOfService(t *testing.T) {
	runRule(t, []ruleCase{
		{"issued while out of service", func(s *Situation, a *Action) { s.Firearms["colt"].OutOfService = true }, FA7},
		{"loaded while out of service", func(s *Situation, a *Action) {
			s.Firearms["colt"].OutOfService = true
			*a = Action{Kind: Load, Firearm: "colt", Lot: "blanks", Rounds: 6, From: "rosa"}
		}, FA7},
		{"taken out of the store to be inspected", func(s *Situation, a *Action) {
			s.Firearms["rifle"].OutOfService = true
			*a = Action{Kind: Unsecure, Firearm: "rifle", From: "rosa"}
		}, ""},
	})
}

// TestFA7Cleared: after a misfire or malfunction, only a qualified armorer
// who inspected the firearm at the bench since, and saw its bore clear,
// puts it back in service.
func TestFA7Cleared(t *testing.T) {
	out := func(s *Situation) *Firearm {
		f := s.Firearms["colt"]
		f.OutOfService, f.OutOfServiceSince = true, now.Add(-time.Hour)
		f.Inspection = Inspection{At: now.Add(-10 * time.Minute), By: "rosa", Clear: true}
		return f
	}
	back := func(s *Situation, a *Action) *Firearm {
		*a = Action{Kind: ReturnToService, Firearm: "colt", From: "rosa", BoreClear: true}
		return out(s)
	}
	runRule(t, []ruleCase{
		{"back in service after a clear inspection by a qualified armorer", func(s *Situation, a *Action) { back(s, a) }, ""},
		{"back in service without the bore seen clear", func(s *Situation, a *Action) { back(s, a); a.BoreClear = false }, FA7},
		{"back in service by someone not on armorer duty", func(s *Situation, a *Action) {
			back(s, a)
			s.People["hal"].Permits = []Permit{{Kind: PermitArmorer, Expires: now.AddDate(1, 0, 0)}}
			a.From = "hal"
		}, FA7},
		{"back in service by an armorer whose permit expired", func(s *Situation, a *Action) {
			back(s, a)
			s.People["rosa"].Permits[0].Expires = now.Add(-time.Hour)
		}, FA7},
		{"back in service by an armorer with no permit on record", func(s *Situation, a *Action) {
			back(s, a)
			s.People["rosa"].Permits = nil
		}, FA7},
		{"back in service with no inspection at all", func(s *Situation, a *Action) { back(s, a).Inspection = Inspection{} }, FA7},
		{"back in service on an inspection from before the misfire", func(s *Situation, a *Action) {
			back(s, a).Inspection.At = now.Add(-2 * time.Hour)
		}, FA7},
		{"back in service after an inspection that found a fault", func(s *Situation, a *Action) { back(s, a).Inspection.Clear = false }, FA7},
		{"a firearm in service is not held back", func(s *Situation, a *Action) {
			back(s, a)
			s.Firearms["colt"].OutOfService = false
			a.BoreClear = false
		}, ""},
		{"inspected after a misfire by a qualified armorer", func(s *Situation, a *Action) {
			out(s)
			*a = Action{Kind: Inspect, Firearm: "colt", From: "rosa"}
		}, ""},
		{"inspected after a misfire by someone who is not an armorer", func(s *Situation, a *Action) {
			out(s)
			*a = Action{Kind: Inspect, Firearm: "colt", From: "hal"}
		}, FA7},
		{"inspected after a misfire by an armorer without a current permit", func(s *Situation, a *Action) {
			out(s)
			s.People["rosa"].Permits = nil
			*a = Action{Kind: Inspect, Firearm: "colt", From: "rosa"}
		}, FA7},
	})
}

func TestFA9ShotPlan(t *testing.T) {
	full := &ShotPlan{Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true}
	runRule(t, []ruleCase{
		{"pointed at the camera without a plan (Rust, link 10)", func(s *Situation, a *Action) { a.SetUp.TowardPeople = true }, FA9},
		{"a plan without shields", func(s *Situation, a *Action) {
			a.SetUp.TowardPeople = true
			p := *full
			p.Shields = false
			a.SetUp.Plan = &p
		}, FA9},
		{"a full plan", func(s *Situation, a *Action) { a.SetUp.TowardPeople, a.SetUp.Plan = true, full }, ""},
	})
}

func TestFA11Received(t *testing.T) {
	runRule(t, []ruleCase{
		{"a personal firearm", func(s *Situation, a *Action) { s.Firearms["colt"].Received = false }, FA11},
		{"a firearm nobody knows", func(s *Situation, a *Action) {
			s.Firearms["own"] = &Firearm{ID: "own", Name: "a personal pistol", Custodian: "rosa"}
			a.Firearm = "own"
		}, FA11},
		{"received by someone not on armorer duty", func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveFirearm, From: "dave", NewFirearm: &Firearm{Name: "a shotgun"}}
		}, FA11},
		{"received by the armorer", func(s *Situation, a *Action) {
			*a = Action{Kind: ReceiveFirearm, From: "rosa", NewFirearm: &Firearm{Name: "a shotgun"}}
		}, ""},
	})
}

func TestFA12Reconciled(t *testing.T) {
	runRule(t, []ruleCase{
		{"yesterday's count came up short", func(s *Situation, a *Action) {
			s.Discrepancies = []Discrepancy{{Day: "2026-11-25", What: "2 blanks of lot B-1 missing"}}
		}, FA12},
		{"today's own count is not yet final", func(s *Situation, a *Action) {
			s.Discrepancies = []Discrepancy{{Day: "2026-11-26", What: "count in progress"}}
		}, ""},
	})
}

func TestPR1Meeting(t *testing.T) {
	runRule(t, []ruleCase{
		{"no meeting today (Rust, link 6)", func(s *Situation, a *Action) { s.Meetings[0].Day = "2026-11-25" }, PR1},
		{"the performer missed it (Rust, link 5: new crew)", func(s *Situation, a *Action) { s.Meetings[0].Attendees = []string{"rosa", "dave"} }, PR1},
		{"the 1st AD missed it", func(s *Situation, a *Action) { s.Meetings[0].Attendees = []string{"rosa", "alec"} }, PR1},
	})
}

// TestPR1MeetingTopics: the person receiving a firearm attended a meeting
// today that went through every firearm topic, and a refusal names the
// topics missed.
func TestPR1MeetingTopics(t *testing.T) {
	runRule(t, []ruleCase{
		{"every topic covered", func(s *Situation, a *Action) {}, ""},
		{"the misfire drill skipped", func(s *Situation, a *Action) {
			s.Meetings[0].Topics = slices.DeleteFunc(s.Meetings[0].Topics, func(id string) bool { return id == "firearms.misfire" })
		}, PR1},
		{"a meeting recorded before topics were (free text only)", func(s *Situation, a *Action) { s.Meetings[0].Topics = nil }, PR1},
		{"the topics in another meeting than the performer's", func(s *Situation, a *Action) {
			s.Meetings = append(s.Meetings, Meeting{Day: s.Day, Hazards: []string{HazardFirearms}, Attendees: []string{"rosa", "alec", "dave"}})
			s.Meetings[0].Attendees = []string{"rosa", "dave"}
		}, PR1},
		{"a later meeting today covered them all", func(s *Situation, a *Action) {
			s.Meetings = append([]Meeting{{Day: s.Day, Hazards: []string{HazardFirearms}, Attendees: []string{"alec"}}}, s.Meetings...)
		}, ""},
		{"yesterday's meeting covered them", func(s *Situation, a *Action) {
			s.Meetings = append(s.Meetings, Meeting{Day: "2026-11-25", Topics: TopicIDs(HazardFirearms, nil), Attendees: []string{"alec"}})
			s.Meetings[0].Topics = s.Meetings[0].Topics[:2]
		}, PR1},
		{"a profile's added topic not covered", func(s *Situation, a *Action) { s.Rules.Topics = []string{"firearms.beyond_target"} }, PR1},
		{"a profile's added topic covered", func(s *Situation, a *Action) {
			s.Rules.Topics = []string{"firearms.beyond_target"}
			s.Meetings[0].Topics = TopicIDs(HazardFirearms, s.Rules.Topics)
		}, ""},
		{"a return to the armorer needs no briefing", func(s *Situation, a *Action) {
			s.Meetings[0].Topics = nil
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal", "rosa"}}
		}, ""},
	})
}

func TestPR1MeetingTopicsNamesWhatWasMissed(t *testing.T) {
	s, a := ready(t)
	s.Meetings[0].Topics = []string{"firearms.loaded", "firearms.pointing", "firearms.no_live", "firearms.hand_off"}
	v := Check(s, a)
	if len(v.Reasons) != 1 || v.Reasons[0].Rule != PR1 {
		t.Fatalf("want one PR-1 reason, got %s", v)
	}
	want := "Alec's safety meeting today did not cover: Finger off the trigger until the shot; What to do after a misfire: hold still, keep it pointed safely, call the armorer (PR-1)"
	if v.Reasons[0].Message != want {
		t.Fatalf("got %q\nwant %q", v.Reasons[0].Message, want)
	}
	if missed, ok := v.Reasons[0].Args[1].(TopicTexts); !ok || !slices.Equal(missed, TopicTexts{"firearms.trigger", "firearms.misfire"}) {
		t.Fatalf("the blank holds %#v, not the missed topics' IDs", v.Reasons[0].Args[1])
	}
}

func TestEveryTopicIsKnownOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, tp := range slices.Concat(Topics, ProfileTopics) {
		if seen[tp.ID] || tp.Text == "" || !strings.HasPrefix(tp.ID, tp.Hazard+".") {
			t.Errorf("topic %+v: repeated, without text, or not named after its hazard", tp)
		}
		seen[tp.ID] = true
		if _, ok := FindHazard(tp.Hazard); !ok {
			t.Errorf("topic %s belongs to no hazard", tp.ID)
		}
	}
	for _, p := range Profiles {
		for _, id := range p.Topics {
			if !slices.ContainsFunc(ProfileTopics, func(tp Topic) bool { return tp.ID == id }) {
				t.Errorf("profile %s adds %q, which is not among ProfileTopics", p.ID, id)
			}
		}
	}
	if got := len(TopicsOf(HazardFirearms, nil)); got != 6 {
		t.Errorf("firearms have %d topics, want the bulletin's 6", got)
	}
}

func TestPR2Trained(t *testing.T) {
	runRule(t, []ruleCase{
		{"no training", func(s *Situation, a *Action) { s.People["alec"].Trainings = nil }, PR2},
		{"training expired", func(s *Situation, a *Action) { s.People["alec"].Trainings[0].Expires = now.Add(-time.Hour) }, PR2},
		{"training older than its validity", func(s *Situation, a *Action) { s.People["alec"].Trainings[0].Completed = now.AddDate(-3, 0, 0) }, PR2},
		{"a course that is not firearm training", func(s *Situation, a *Action) { s.People["alec"].Trainings[0].Firearms = false }, PR2},
		// The domain gives the gate each day's start and end on set.
		{"a course that ends at this very moment", func(s *Situation, a *Action) { s.People["alec"].Trainings[0].Expires = now }, PR2},
		{"a course that ends a second from now", func(s *Situation, a *Action) { s.People["alec"].Trainings[0].Expires = now.Add(time.Second) }, ""},
		{"a course completed at this very moment", func(s *Situation, a *Action) { s.People["alec"].Trainings[0].Completed = now }, ""},
		{"a course completed a second from now does not count yet", func(s *Situation, a *Action) {
			s.People["alec"].Trainings[0].Completed = now.Add(time.Second)
		}, PR2},
		{"a course at the very end of its validity", func(s *Situation, a *Action) {
			s.People["alec"].Trainings[0].Completed = now.Add(-s.Rules.Params.TrainingValidity)
		}, PR2},
		{"a course a second short of the end of its validity", func(s *Situation, a *Action) {
			s.People["alec"].Trainings[0].Completed = now.Add(-s.Rules.Params.TrainingValidity + time.Second)
		}, ""},
	})
}

func TestPR3Permit(t *testing.T) {
	runRule(t, []ruleCase{
		{"expired permit", func(s *Situation, a *Action) { s.People["rosa"].Permits[0].Expires = now.Add(-time.Hour) }, PR3},
		{"a permit that ends at this very moment", func(s *Situation, a *Action) { s.People["rosa"].Permits[0].Expires = now }, PR3},
		{"a permit that ends a second from now", func(s *Situation, a *Action) { s.People["rosa"].Permits[0].Expires = now.Add(time.Second) }, ""},
		{"no permit", func(s *Situation, a *Action) { s.People["rosa"].Permits = nil }, PR3},
		{"a permit of another kind", func(s *Situation, a *Action) { s.People["rosa"].Permits[0].Kind = "pyrotechnics" }, PR3},
		{"receiving ammunition without a permit", func(s *Situation, a *Action) {
			s.People["rosa"].Permits = nil
			*a = Action{Kind: ReceiveLot, From: "rosa", NewLot: &Lot{Label: "B-2", Kind: LotBlank, Calibre: ".45", Source: "Prop house", Headstamp: "PH", Count: 50, Origin: factory}}
		}, PR3},
		{"naming an armorer before the permit is filed", func(s *Situation, a *Action) {
			*a = Action{Kind: AssignDuty, To: "hal", Duty: DutyArmorer}
		}, ""},
	})
}

func TestPR5ComplianceContact(t *testing.T) {
	runRule(t, []ruleCase{
		{"nobody named", func(s *Situation, a *Action) { s.ComplianceContact = "" }, PR5},
	})
}

func TestWS1Investigated(t *testing.T) {
	runRule(t, []ruleCase{
		{"a discharge never investigated (Rust, link 3)", func(s *Situation, a *Action) {
			s.Discharges = []Discharge{{Firearm: "colt", At: now.AddDate(0, 0, -20)}}
		}, WS1},
		{"an investigated discharge", func(s *Situation, a *Action) {
			s.Discharges = []Discharge{{Firearm: "colt", At: now.AddDate(0, 0, -20), Investigated: true}}
		}, ""},
	})
}

func TestWS2RepeatedDischarges(t *testing.T) {
	two := func(s *Situation) {
		s.Discharges = []Discharge{
			{Firearm: "rifle", At: now.AddDate(0, 0, -6), Investigated: true},
			{Firearm: "pistol", At: now.AddDate(0, 0, -1), Investigated: true},
		}
	}
	runRule(t, []ruleCase{
		{"two within seven days stop all firearm work (Rust, link 3)", func(s *Situation, a *Action) { two(s) }, WS2},
		{"a review signed off after them", func(s *Situation, a *Action) { two(s); s.Reviews = []time.Time{now.Add(-time.Hour)} }, ""},
		{"two, but more than seven days apart from now", func(s *Situation, a *Action) {
			two(s)
			s.Discharges[0].At = now.AddDate(0, 0, -8)
		}, ""},
		{"loading stops too", func(s *Situation, a *Action) {
			two(s)
			*a = Action{Kind: Load, Firearm: "colt", Lot: "blanks", Rounds: 6, From: "rosa"}
		}, WS2},
		{"two that happened within seven days, reported days later", func(s *Situation, a *Action) {
			two(s)
			for i := range s.Discharges {
				s.Discharges[i].Recorded = now.Add(-time.Minute)
			}
		}, WS2},
		{"reported within seven days, but one happened before them", func(s *Situation, a *Action) {
			two(s)
			s.Discharges[0].At, s.Discharges[0].Recorded = now.AddDate(0, 0, -20), now.AddDate(0, 0, -1)
		}, ""},
		{"one that happened before the review but was reported after it", func(s *Situation, a *Action) {
			two(s)
			s.Reviews = []time.Time{now.AddDate(0, 0, -3)}
			s.Discharges[0].Recorded = now.AddDate(0, 0, -2)
		}, WS2},
	})
}

func TestWS6Patterns(t *testing.T) {
	pattern := func(scope, key string) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			s.Patterns = []Pattern{{Scope: scope, Key: key, What: key, Count: 3, Days: 14, Last: now.Add(-time.Hour)}}
		}
	}
	runRule(t, []ruleCase{
		{"three incidents of this firearm stop its issue", pattern(PatternFirearm, "colt"), WS6},
		{"of another firearm", pattern(PatternFirearm, "rifle"), ""},
		{"of firearms work stop every firearm action", pattern(PatternHazard, HazardFirearms), WS6},
		{"of stunts leave a firearm issue alone", pattern(PatternHazard, HazardStunts), ""},
		{"of stunts stop a stunt set-up", func(s *Situation, a *Action) {
			pattern(PatternHazard, HazardStunts)(s, a)
			*a = Action{Kind: StartSetUp, From: "marcus", SetUp: &SetUp{ID: "fall", Name: "The fall", Hazards: []string{HazardStunts}}}
		}, WS6},
		{"of the person the firearm goes to", pattern(PatternPerson, "alec"), WS6},
		{"of someone else", pattern(PatternPerson, "hal"), ""},
		{"of a kind of incident only warn", pattern(PatternKind, "near_miss"), ""},
		{"of a department only warn", pattern(PatternDepartment, "Camera"), ""},
		{"a return to the armorer goes ahead", func(s *Situation, a *Action) {
			pattern(PatternFirearm, "colt")(s, a)
			a.To, a.From = a.From, a.To
			s.Firearms["colt"].Custodian = "alec"
		}, ""},
	})
}

func TestWS4StopWork(t *testing.T) {
	runRule(t, []ruleCase{
		{"a stop-work on the production", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeProduction, By: "anonymous", Reason: "no meeting"}}
		}, WS4},
		{"a stop-work on firearms", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeHazard, Hazard: HazardFirearms, By: "Hal", Reason: "rounds mixed"}}
		}, WS4},
		{"a stop-work on this set-up", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeSetUp, SetUp: "42A", By: "Hal", Reason: "camera in line"}}
		}, WS4},
		{"a stop-work on another set-up", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeSetUp, SetUp: "43", By: "Hal", Reason: "water"}}
		}, ""},
		{"a set-up stop-work, and an issue that names no set-up", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeSetUp, SetUp: "43", By: "Hal", Reason: "water"}}
			a.SetUp = nil
		}, WS4},
		{"a stop-work on water leaves a firearm issue alone", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeHazard, Hazard: "water", By: "Hal", Reason: "no divers"}}
		}, ""},
		{"a return is never stopped", func(s *Situation, a *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeProduction, By: "Hal", Reason: "stop"}}
			*a = Action{Kind: Handover, Firearm: "pistol", From: "hal", To: "rosa", ConfirmedWithPIN: []string{"hal", "rosa"}}
		}, ""},
	})
}

func TestHZ1HazardsBriefed(t *testing.T) {
	start := func(hazards ...string) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			*a = Action{Kind: StartSetUp, From: "dave", SetUp: &SetUp{ID: "7", Name: "Scene 7", Hazards: hazards}}
		}
	}
	runRule(t, []ruleCase{
		{"a firearm set-up briefed, with its armorer", start(HazardFirearms), ""},
		{"water never mentioned at the meeting", start("water"), HZ1},
		{"no armorer on duty for a firearm set-up", func(s *Situation, a *Action) {
			start(HazardFirearms)(s, a)
			s.People["rosa"].Duties = []string{DutyCrew}
		}, HZ1},
		{"the armorer went off duty", func(s *Situation, a *Action) {
			start(HazardFirearms)(s, a)
			s.People["rosa"].OffDuty = true
		}, HZ1},
		{"a stop-work on the set-up stops it from starting", func(s *Situation, a *Action) {
			start(HazardFirearms)(s, a)
			s.StopWorks = []StopWork{{Scope: ScopeSetUp, SetUp: "7", By: "Hal", Reason: "no shields"}}
		}, WS4},
	})
	runHazard(t, HazardStunts, []hazardCase{
		{"a firearm stop-work leaves a stunt set-up alone", func(s *Situation, _ *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeHazard, Hazard: HazardFirearms, By: "Hal", Reason: "rounds mixed"}}
			s.LiveRoundReports = []time.Time{now}
			s.ComplianceContact = ""
		}, ""},
	})
}

// TestEveryReasonGiven checks that a NO-GO names every failing rule, not
// only the first: the Rust rehearsal fails many at once.
func TestEveryReasonGiven(t *testing.T) {
	s, a := ready(t)
	s.Firearms["colt"].Custodian = "dave"
	a.From = "dave"
	s.Meetings = nil
	s.ShowClears[0].AllChambers = false
	a.SetUp.TowardPeople = true
	v := Check(s, a)
	for _, want := range []RuleID{FA3, FA6, FA9, PR1} {
		if !slices.Contains(v.Rules(), want) {
			t.Errorf("%s missing from %s", want, v)
		}
	}
	if !strings.Contains(v.String(), "Nobody has shown the Colt revolver clear to Alec and the 1st AD, every chamber, in the last 10 minutes (FA-6)") {
		t.Errorf("FA-6 reason not in plain words: %s", v)
	}
}

func TestSwitchedOffRuleIsNotChecked(t *testing.T) {
	p, _ := FindProfile("us")
	rules, problems := p.With(Settings{Off: []RuleID{PR2}})
	if problems != nil {
		t.Fatal(problems)
	}
	s, a := ready(t)
	s.Rules = rules
	s.People["alec"].Trainings = nil
	if v := Check(s, a); !v.Go {
		t.Fatalf("PR-2 is optional under the US profile and switched off: %s", v)
	}
}

func TestAlertsFirearmOutTooLong(t *testing.T) {
	s, _ := ready(t)
	if got, _ := Watch(s); len(got) != 0 {
		t.Fatalf("alerts with nothing out too long: %v", got)
	}
	s.Firearms["pistol"].CustodySince = now.Add(-45 * time.Minute)
	got, _ := Watch(s)
	if len(got) != 1 || got[0].Rule != FA8 || !strings.Contains(got[0].Reason.Message, "the pistol has been with Hal for 45 minutes") {
		t.Fatalf("alerts: %v", got)
	}
	if v := Check(s, Action{Kind: Handover, Firearm: "colt", From: "rosa", To: "alec", ConfirmedWithPIN: []string{"rosa", "alec"}, SetUp: &SetUp{ID: "42A"}}); !v.Go {
		t.Fatalf("an alert is not a NO-GO: %s", v)
	}
}

// BenchmarkCheck decides an issue in a production of 200 firearms, 40 lots
// of 5,000 rounds in all, 300 people and 30 days of meetings, show-clears
// and discharges.
func BenchmarkCheck(b *testing.B) {
	s, a := bigSituation()
	b.ReportAllocs()
	for b.Loop() {
		if v := Check(s, a); !v.Go {
			b.Fatal(v)
		}
	}
}

func bigSituation() (*Situation, Action) {
	p, _ := FindProfile("california")
	rules, _ := p.With(Settings{})
	s := &Situation{Now: now, Day: "2026-11-26", Rules: rules, ComplianceContact: "p0",
		People: map[string]*Person{}, Firearms: map[string]*Firearm{}, Lots: map[string]*Lot{}}
	id := func(prefix string, i int) string { return prefix + strings.Repeat("0", 3-len(itoa(i))) + itoa(i) }
	for i := range 300 {
		duties := []string{DutyCast}
		switch {
		case i < 4:
			duties = []string{DutyArmorer}
		case i == 4:
			duties = []string{DutyFirstAD}
		}
		s.People[id("p", i)] = &Person{ID: id("p", i), Name: "Person " + itoa(i), Duties: duties,
			Permits:   []Permit{{Kind: "armorer", Expires: now.AddDate(1, 0, 0)}},
			Trainings: []Training{{Course: "Firearm safety", Firearms: true, Completed: now.AddDate(0, -1, 0)}}}
	}
	for i := range 200 {
		f := &Firearm{ID: id("f", i), Name: "firearm " + itoa(i), Received: true, Store: "armory"}
		if i < 20 {
			f.Store, f.Custodian, f.CustodySince = "", id("p", 10+i), now.Add(-10*time.Minute)
		}
		s.Firearms[f.ID] = f
	}
	s.Firearms["f199"].Store, s.Firearms["f199"].Custodian = "", "p000"
	for i := range 40 {
		s.Lots[id("l", i)] = &Lot{ID: id("l", i), Label: "L" + itoa(i), Kind: LotBlank, Calibre: ".45", Source: "Prop house", Headstamp: "PH", Count: 125}
	}
	for d := range 30 {
		day := now.AddDate(0, 0, -d)
		att := []string{}
		for i := range 300 {
			att = append(att, id("p", i))
		}
		s.Meetings = append(s.Meetings, Meeting{Day: day.Format("2006-01-02"), Hazards: []string{HazardFirearms}, Attendees: att})
		for i := range 200 {
			s.ShowClears = append(s.ShowClears, ShowClear{Firearm: id("f", i), At: day.Add(-time.Duration(i) * time.Minute), AllChambers: true, Witnesses: []string{"p004", id("p", 10+i%290)}})
		}
		s.Discharges = append(s.Discharges, Discharge{Firearm: id("f", d), At: day.Add(-time.Hour), Investigated: true})
	}
	s.Reviews = []time.Time{now.Add(-time.Minute)}
	s.ShowClears = append(s.ShowClears, ShowClear{Firearm: "f199", At: now.Add(-time.Minute), AllChambers: true, Witnesses: []string{"p004", "p299"}})
	return s, Action{Kind: Handover, Firearm: "f199", From: "p000", To: "p299", ConfirmedWithPIN: []string{"p000", "p299"}, SetUp: &SetUp{ID: "1"}}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestReasonsSayTheSetsTime checks that a reason gives a time as the
// clock on set shows it, not the server's UTC.
func TestReasonsSayTheSetsTime(t *testing.T) {
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	raised := time.Date(2026, 11, 27, 3, 51, 0, 0, time.UTC)
	tests := []struct {
		zone *time.Location
		want string
	}{
		{nil, "27 November at 03:51"},
		{time.UTC, "27 November at 03:51"},
		{denver, "26 November at 20:51"},
	}
	for _, tt := range tests {
		s, a := ready(t)
		s.Zone = tt.zone
		s.Concerns = []Concern{{Hazard: HazardFirearms, Raised: raised, Description: "Live rounds on the props cart"}}
		v := Check(s, a)
		if v.Go || len(v.Reasons) == 0 || !strings.Contains(v.Reasons[0].Message, "since "+tt.want) {
			t.Errorf("zone %v: want the concern raised %q, got %s", tt.zone, tt.want, v)
		}
	}
}
