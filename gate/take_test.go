package gate

import (
	"strings"
	"testing"
	"time"
)

func TestFA8LoadedOnlyWhenTheShotIsReady(t *testing.T) {
	load := func(state string) func(s *Situation, a *Action) {
		return func(s *Situation, a *Action) {
			*a = Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa",
				SetUp: &SetUp{ID: "42A", Name: "Scene 42A", Hazards: []string{HazardFirearms}, State: state}}
		}
	}
	runRule(t, []ruleCase{
		{"loading for a set-up standing by", load(TakeStandingBy), ""},
		{"loading for a set-up rolling", load(TakeRolling), ""},
		{"loading for a set-up only planned", load(TakePlanned), FA8},
		{"loading during rehearsal", load(TakeRehearsal), FA8},
		{"loading after cut", load(TakeCut), FA8},
		{"loading on hold", load(TakeOnHold), FA8},
		{"loading after wrap", load(TakeWrapped), FA8},
		{"loading for no set-up on a day with firearm set-ups", func(s *Situation, a *Action) {
			load(TakeRolling)(s, a)
			a.SetUp, s.FirearmSetUpsToday = nil, true
		}, FA8},
		{"loading for no set-up on a day without firearm set-ups", func(s *Situation, a *Action) {
			load(TakeRolling)(s, a)
			a.SetUp = nil
		}, ""},
		{"a profile that loads at rehearsal too", func(s *Situation, a *Action) {
			load(TakeRehearsal)(s, a)
			s.Rules.Params.LoadStates = []string{TakeRehearsal, TakeStandingBy, TakeRolling}
		}, ""},
		{"an issue is not a load", func(s *Situation, a *Action) { a.SetUp.State = TakeCut }, ""},
	})
}

func TestFA8LoadReasonNamesTheStates(t *testing.T) {
	s, _ := ready(t)
	v := Check(s, Action{Kind: Load, Firearm: "colt", Lot: "dummies", Rounds: 6, From: "rosa",
		SetUp: &SetUp{ID: "42A", Name: "Scene 42A", Hazards: []string{HazardFirearms}, State: TakeOnHold}})
	if v.Go || !strings.Contains(v.String(), "Scene 42A is on hold; a firearm is loaded only when its set-up is standing by, rolling") {
		t.Fatalf("got %s", v)
	}
}

func TestWatchBringsFirearmsBack(t *testing.T) {
	at := func(d time.Duration) time.Time { return now.Add(d) }
	cases := []struct {
		name   string
		change func(s *Situation)
		// kinds are the alerts raised now; next is when the next one would be.
		kinds []string
		next  time.Time
	}{
		{"nothing out too long", func(s *Situation) {}, nil, at(25 * time.Minute)},
		{"out past the limit", func(s *Situation) { s.Firearms["pistol"].CustodySince = at(-45 * time.Minute) }, []string{AlertOutTooLong}, time.Time{}},
		{"with the armorer it is never out", func(s *Situation) {
			s.Firearms["pistol"].Custodian = "rosa"
			s.Firearms["pistol"].CustodySince = at(-45 * time.Minute)
		}, nil, time.Time{}},
		{"set-up on hold a minute ago", func(s *Situation) { hold(s, TakeOnHold, at(-time.Minute), false) }, nil, at(time.Minute)},
		{"set-up on hold three minutes ago", func(s *Situation) { hold(s, TakeOnHold, at(-3*time.Minute), false) }, []string{AlertNotBack}, time.Time{}},
		{"cut three minutes ago, unloaded", func(s *Situation) { hold(s, TakeCut, at(-3*time.Minute), false) }, nil, at(7 * time.Minute)},
		{"cut three minutes ago, loaded", func(s *Situation) { hold(s, TakeCut, at(-3*time.Minute), true) }, []string{AlertNotBack}, time.Time{}},
		{"cut eleven minutes ago", func(s *Situation) { hold(s, TakeCut, at(-11*time.Minute), false) }, []string{AlertNotBack}, time.Time{}},
		{"wrapped eleven minutes ago", func(s *Situation) { hold(s, TakeWrapped, at(-11*time.Minute), false) }, []string{AlertNotBack}, time.Time{}},
		{"rolling for an hour: the take is on", func(s *Situation) { hold(s, TakeRolling, at(-time.Hour), false) }, nil, time.Time{}},
		{"rehearsal counts as out", func(s *Situation) { hold(s, TakeRehearsal, at(-time.Hour), false) }, []string{AlertOutTooLong}, time.Time{}},
		{"given back out after the cut counts from the hand-off", func(s *Situation) {
			hold(s, TakeCut, at(-20*time.Minute), false)
			s.Firearms["pistol"].CustodySince = at(-4 * time.Minute)
		}, nil, at(6 * time.Minute)},
		{"rule switched off", func(s *Situation) {
			s.Firearms["pistol"].CustodySince = at(-45 * time.Minute)
			s.Rules.On[FA8] = false
		}, nil, time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := ready(t)
			tc.change(s)
			alerts, next := Watch(s)
			var kinds []string
			for _, a := range alerts {
				kinds = append(kinds, a.Kind)
				if a.Firearm != "pistol" || a.Holder != "hal" || a.Rule != FA8 || !strings.HasSuffix(a.Reason.Message, "(FA-8)") {
					t.Errorf("alert %+v", a)
				}
				if a.Due.After(s.Now) || a.Key() != a.Kind+"/pistol" {
					t.Errorf("alert due %s, key %s", a.Due, a.Key())
				}
			}
			if strings.Join(kinds, " ") != strings.Join(tc.kinds, " ") {
				t.Errorf("alerts %v, want %v", kinds, tc.kinds)
			}
			if !next.Equal(tc.next) {
				t.Errorf("next %s, want %s", next, tc.next)
			}
		})
	}
}

// hold puts the pistol's set-up in a state since a time.
func hold(s *Situation, state string, since time.Time, loaded bool) {
	s.Firearms["pistol"].SetUp = "42A"
	s.Firearms["pistol"].CustodySince = since.Add(-time.Minute) // given out before the state changed
	if loaded {
		s.Firearms["pistol"].LoadedLot = "blanks"
	}
	s.SetUps = map[string]*SetUp{"42A": {ID: "42A", Name: "Scene 42A", Hazards: []string{HazardFirearms}, State: state, StateSince: since}}
}

func TestAlertReasonsSayWhatToDo(t *testing.T) {
	s, _ := ready(t)
	hold(s, TakeCut, now.Add(-3*time.Minute), true)
	got, _ := Watch(s)
	if len(got) != 1 || got[0].Reason.Message != "Scene 42A is cut and Hal still holds the pistol loaded; it goes back to the armorer now (FA-8)" {
		t.Fatalf("alerts: %v", got)
	}
}

func TestWatchDutyGap(t *testing.T) {
	s, _ := ready(t)
	s.Rules.On[FA8] = false // a duty gap is FA-2's, whatever FA-8 says
	if alerts, _ := Watch(s); len(alerts) != 0 {
		t.Fatalf("alerts with Rosa on duty: %+v", alerts)
	}
	s.People["rosa"].Duties = []string{DutyCrew} // off duty in an emergency
	alerts, _ := Watch(s)
	var firearms []string
	for _, a := range alerts {
		if a.Kind != AlertDutyGap || a.Rule != FA2 || !a.Due.Equal(s.Now) || !strings.Contains(a.Reason.Message, "Nobody qualified is on armorer duty while "+s.Firearms[a.Firearm].Name) {
			t.Errorf("alert %+v", a)
		}
		firearms = append(firearms, a.Firearm)
	}
	if strings.Join(firearms, " ") != "colt pistol" {
		t.Fatalf("duty-gap alerts for %v, want the colt and the pistol", firearms)
	}
	if Recovered(s, "pistol") || !Recovered(s, "rifle") {
		t.Fatal("recovered: the pistol is with Hal, the rifle in the truck")
	}
	s.People["rosa"].Duties = []string{DutyArmorer}
	s.Firearms["pistol"].Custodian = "rosa"
	if !Recovered(s, "pistol") {
		t.Fatal("the pistol back with Rosa on duty is not recovered")
	}
}
