package gate

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// hazardReady returns a situation in which the 1st AD may start Scene 9,
// shot at the yard with the given hazard: every person it needs checked in
// and licensed, a medic when one is needed, every permission granted and
// every preparation recorded today, and the meeting briefed on all of it.
func hazardReady(t *testing.T, hazard string) (*Situation, Action) {
	t.Helper()
	s, _ := ready(t)
	h, ok := FindHazard(hazard)
	if !ok {
		t.Fatalf("no hazard %q", hazard)
	}
	needs := s.Rules.NeedsOf(h)
	meeting := Meeting{Day: s.Day, Hazards: []string{hazard}, Topics: TopicIDs(hazard, s.Rules.Topics), Attendees: []string{"dave"}}
	for i, n := range needs.People {
		id := fmt.Sprintf("need%d", i)
		p := &Person{ID: id, Name: "Need " + n.Duties[0], Duties: []string{n.Duties[0]}, OnSite: true}
		if n.Licence != "" {
			p.Permits = []Permit{{Kind: n.Licence, Expires: now.AddDate(0, 6, 0)}}
		}
		s.People[id] = p
		meeting.Attendees = append(meeting.Attendees, id)
	}
	s.People["medic"] = &Person{ID: "medic", Name: "Mel", Duties: []string{DutyMedic}, OnSite: true}
	s.Meetings = append(s.Meetings, meeting)
	for _, k := range needs.Permissions {
		s.Permissions = append(s.Permissions, Permission{ID: "p-" + k, Kind: k, Issuer: "The issuer", From: now.Add(-time.Hour), Until: now.Add(8 * time.Hour),
			Location: "yard", Recorded: now.Add(-24 * time.Hour)})
	}
	for _, k := range needs.Preparations {
		s.Preparations = append(s.Preparations, Preparation{Kind: k, SetUp: "9", Day: s.Day, By: "need0", At: now.Add(-10 * time.Minute), Ready: true,
			From: now.Add(-30 * time.Minute), Until: now.Add(2 * time.Hour), Confirmer: "the dispatcher", Limit: 40, Reading: 20, Count: 6})
	}
	return s, Action{Kind: StartSetUp, From: "dave", SetUp: &SetUp{ID: "9", Name: "Scene 9", Hazards: []string{hazard}, Location: "yard"}}
}

// hazardCase changes a hazard's ready situation; want is the rule that
// must then fail, or "" for GO.
type hazardCase struct {
	name   string
	change func(s *Situation, a *Action)
	want   RuleID
}

func runHazard(t *testing.T, hazard string, cases []hazardCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(hazard+"/"+tc.name, func(t *testing.T) {
			s, a := hazardReady(t, hazard)
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
				if !strings.HasSuffix(r.Message, "("+string(r.Rule)+")") || strings.Contains(r.Message, "%!") {
					t.Errorf("reason does not read as a sentence citing its rule: %q", r.Message)
				}
			}
		})
	}
}

func without[T any](list []T, drop func(T) bool) []T {
	return slices.DeleteFunc(slices.Clone(list), drop)
}

// TestEveryHazardNeeds takes away, for every hazard in turn, each person,
// permission and preparation it needs, and each way one can fail, and
// expects the hazard's own rule to say NO-GO; with everything in place it
// is GO.
func TestEveryHazardNeeds(t *testing.T) {
	for _, h := range Hazards {
		if h.Code == "" {
			continue
		}
		cases := []hazardCase{{"everything in place", func(*Situation, *Action) {}, ""}}
		for i, n := range h.People {
			id := fmt.Sprintf("need%d", i)
			cases = append(cases,
				hazardCase{"no " + n.Duties[0] + " on the crew", func(s *Situation, _ *Action) { delete(s.People, id) }, h.peopleRule()},
				hazardCase{n.Duties[0] + " on the crew but not checked in", func(s *Situation, _ *Action) { s.People[id].OnSite = false }, h.peopleRule()},
			)
			if n.Licence != "" {
				cases = append(cases, hazardCase{n.Duties[0] + "'s " + n.Licence + " licence expired", func(s *Situation, _ *Action) {
					s.People[id].Permits[0].Expires = now.Add(-time.Hour)
				}, h.peopleRule()})
			}
			if len(n.Duties) > 1 {
				cases = append(cases, hazardCase{"the other duty, " + n.Duties[1] + ", will do", func(s *Situation, _ *Action) {
					s.People[id].Duties = []string{n.Duties[1]}
				}, ""})
			}
			cases = append(cases, hazardCase{n.Duties[0] + " missed the meeting", func(s *Situation, _ *Action) {
				m := &s.Meetings[len(s.Meetings)-1]
				m.Attendees = without(m.Attendees, func(a string) bool { return a == id })
			}, HZ1})
		}
		for _, k := range h.Permissions {
			is := func(p Permission) bool { return p.Kind == k }
			cases = append(cases,
				hazardCase{"no " + k, func(s *Situation, _ *Action) { s.Permissions = without(s.Permissions, is) }, h.permissionRule()},
				hazardCase{k + " refused after it was granted", func(s *Situation, _ *Action) {
					s.Permissions = append(s.Permissions, Permission{Kind: k, Issuer: "The issuer", Refused: true, Reason: "not that day", Location: "yard", Recorded: now.Add(-time.Hour)})
				}, h.permissionRule()},
				hazardCase{k + " granted again after a refusal", func(s *Situation, _ *Action) {
					s.Permissions = append(s.Permissions, Permission{Kind: k, Issuer: "The issuer", Refused: true, Reason: "not that day", Location: "yard", Recorded: now.Add(-48 * time.Hour)})
				}, ""},
				hazardCase{k + " expired", func(s *Situation, _ *Action) {
					for i := range s.Permissions {
						s.Permissions[i].Until = now.Add(-time.Minute)
					}
				}, h.permissionRule()},
				hazardCase{k + " covering another location", func(s *Situation, _ *Action) { a := &s.Permissions; (*a)[len(*a)-1].Location = "harbour" }, h.permissionRule()},
				hazardCase{k + " naming the set-up", func(s *Situation, _ *Action) {
					for i := range s.Permissions {
						s.Permissions[i].Location, s.Permissions[i].SetUps = "", []string{"9"}
					}
				}, ""},
			)
		}
		for _, kind := range h.Preparations {
			k, _ := FindPreparationKind(kind)
			is := func(p Preparation) bool { return p.Kind == kind }
			last := func(s *Situation) *Preparation {
				i := slices.IndexFunc(s.Preparations, is)
				return &s.Preparations[i]
			}
			cases = append(cases,
				hazardCase{"no " + kind, func(s *Situation, _ *Action) { s.Preparations = without(s.Preparations, is) }, h.preparationRule()},
				hazardCase{kind + " not ready", func(s *Situation, _ *Action) { last(s).Ready = false }, h.preparationRule()},
				hazardCase{kind + " recorded yesterday", func(s *Situation, _ *Action) { last(s).Day = "2026-11-25" }, h.preparationRule()},
				hazardCase{kind + " for another set-up", func(s *Situation, _ *Action) { last(s).SetUp = "10" }, h.preparationRule()},
				hazardCase{kind + " not ready, then ready", func(s *Situation, _ *Action) {
					p := *last(s)
					p.Ready, p.At = false, p.At.Add(-time.Minute)
					s.Preparations = append(s.Preparations, p)
				}, ""},
			)
			if k.Window {
				cases = append(cases,
					hazardCase{kind + " over", func(s *Situation, _ *Action) { last(s).Until = now.Add(-time.Minute) }, h.preparationRule()},
					hazardCase{kind + " not begun", func(s *Situation, _ *Action) { last(s).From = now.Add(time.Minute) }, h.preparationRule()},
				)
			}
			if k.Limit {
				cases = append(cases,
					hazardCase{kind + " over its limit", func(s *Situation, _ *Action) { last(s).Reading = 41 }, h.preparationRule()},
					hazardCase{kind + " at its limit", func(s *Situation, _ *Action) { last(s).Reading = 40 }, ""},
					hazardCase{kind + " read too long ago", func(s *Situation, _ *Action) { last(s).At = now.Add(-k.Fresh - time.Minute) }, h.preparationRule()},
				)
			}
		}
		if slices.Contains(DefaultParams.MedicFor, h.ID) {
			cases = append(cases,
				hazardCase{"no medic checked in", func(s *Situation, _ *Action) { s.People["medic"].OnSite = false }, MD1})
		} else {
			cases = append(cases,
				hazardCase{"no medic needed", func(s *Situation, _ *Action) { delete(s.People, "medic") }, ""},
				hazardCase{"a medic when the production adds the hazard", func(s *Situation, _ *Action) {
					delete(s.People, "medic")
					s.Rules.Params.MedicFor = append(slices.Clone(s.Rules.Params.MedicFor), h.ID)
				}, MD1})
		}
		cases = append(cases,
			hazardCase{"the meeting missed a topic", func(s *Situation, _ *Action) {
				m := &s.Meetings[len(s.Meetings)-1]
				m.Topics = m.Topics[1:]
			}, HZ1},
			hazardCase{"no meeting on it", func(s *Situation, _ *Action) { s.Meetings = s.Meetings[:len(s.Meetings)-1] }, HZ1},
			hazardCase{"a critical concern about it", func(s *Situation, _ *Action) {
				s.Concerns = []Concern{{Hazard: h.ID, Raised: now.Add(-time.Hour), Description: "not safe"}}
			}, WS3},
			hazardCase{"a stop-work on it", func(s *Situation, _ *Action) {
				s.StopWorks = []StopWork{{Scope: ScopeHazard, Hazard: h.ID, By: "Hal", Reason: "not safe"}}
			}, WS4},
			hazardCase{"switched off by a production whose profile leaves it optional", func(s *Situation, _ *Action) {
				for _, r := range h.Rules() {
					s.Rules.On[r] = false
				}
				s.Preparations, s.Permissions = nil, nil
				for _, p := range s.People {
					p.OnSite = p.ID == "medic"
				}
			}, ""},
		)
		runHazard(t, h.ID, cases)
	}
}

// TestHazardStories are the set-ups the rules were written for, one by
// one.
func TestHazardStories(t *testing.T) {
	runHazard(t, HazardRailroad, []hazardCase{
		{"the railroad refused the shoot, and the crew went onto the trestle anyway", func(s *Situation, _ *Action) {
			s.Permissions = []Permission{{Kind: "track_access", Issuer: "CSX", Refused: true, Reason: "no filming on the trestle", Location: "yard", Recorded: now.Add(-72 * time.Hour)}}
		}, "RR-2"},
		{"no railroad representative on site", func(s *Situation, _ *Action) { delete(s.People, "need0") }, "RR-1"},
		{"the track window closed before the set-up", func(s *Situation, _ *Action) {
			s.Preparations[0].Until = now.Add(-5 * time.Minute)
		}, "RR-3"},
	})
	runHazard(t, HazardPyrotechnics, []hazardCase{
		{"the pyrotechnician's licence lapsed", func(s *Situation, _ *Action) { s.People["need0"].Permits = nil }, "PY-1"},
		{"no fire safety officer", func(s *Situation, _ *Action) { delete(s.People, "need1") }, "PY-1"},
		{"the fire department permit runs from tomorrow", func(s *Situation, _ *Action) {
			s.Permissions[0].From = now.Add(20 * time.Hour)
		}, "PY-2"},
	})
	runHazard(t, HazardAircraft, []hazardCase{
		{"a drone pilot instead of an aviation coordinator", func(s *Situation, _ *Action) { s.People["need0"].Duties = []string{DutyDronePilot} }, ""},
		{"wind over the pilot's limit", func(s *Situation, _ *Action) { s.Preparations[0].Reading, s.Preparations[0].Limit = 55, 35 }, "AC-3"},
	})
	runHazard(t, HazardWater, []hazardCase{
		{"the safety diver went home", func(s *Situation, _ *Action) { s.People["need0"].OnSite = false }, "WA-1"},
		{"no dive plan", func(s *Situation, _ *Action) {
			s.Preparations = without(s.Preparations, func(p Preparation) bool { return p.Kind == "dive_plan" })
		}, "WA-3"},
	})
	runHazard(t, HazardStunts, []hazardCase{
		{"a critical concern about the set-up's location", func(s *Situation, _ *Action) {
			s.Concerns = []Concern{{Location: "yard", Raised: now.Add(-time.Hour), Description: "loose gravel"}}
		}, WS3},
		{"a critical concern about another location", func(s *Situation, _ *Action) {
			s.Concerns = []Concern{{Location: "harbour", Raised: now.Add(-time.Hour), Description: "loose gravel"}}
		}, ""},
		{"any critical concern stops all work where the production says so", func(s *Situation, _ *Action) {
			s.Concerns = []Concern{{Raised: now.Add(-time.Hour), Description: "catering truck on fire"}}
			s.Rules.Params.ConcernsStopAll = true
		}, WS3},
		{"a critical concern naming nothing stops nothing by default", func(s *Situation, _ *Action) {
			s.Concerns = []Concern{{Raised: now.Add(-time.Hour), Description: "catering truck on fire"}}
		}, ""},
		{"a stop-work at the location", func(s *Situation, _ *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeLocation, Location: "yard", By: "Hal", Reason: "storm"}}
		}, WS4},
		{"a stop-work at another location", func(s *Situation, _ *Action) {
			s.StopWorks = []StopWork{{Scope: ScopeLocation, Location: "harbour", By: "Hal", Reason: "storm"}}
		}, ""},
		{"the stunt coordinator checked in but missed the meeting", func(s *Situation, _ *Action) {
			s.Meetings[len(s.Meetings)-1].Attendees = []string{"dave"}
		}, HZ1},
		{"the profile adds a preparation", func(s *Situation, _ *Action) {
			s.Rules.Hazards = map[string]HazardNeeds{HazardStunts: {Preparations: []string{"rigging_inspection"}, Source: "test"}}
		}, "ST-3"},
	})
}

// TestHazardRulesRegistered checks that each hazard's rules are in the
// catalogue and the gate's table, that every preparation, permission and
// licence a hazard names exists, and that every hazard but firearms has
// its bulletin's topics.
func TestHazardRulesRegistered(t *testing.T) {
	for _, h := range Hazards {
		if len(TopicIDs(h.ID, nil)) < 4 {
			t.Errorf("%s has %d topics, want the bulletin's points", h.ID, len(TopicIDs(h.ID, nil)))
		}
		for _, r := range h.Rules() {
			if _, ok := Lookup(r); !ok {
				t.Errorf("%s: rule %s not in the catalogue", h.ID, r)
			}
			if !slices.ContainsFunc(checks, func(c check) bool { return c.rule == r }) {
				t.Errorf("%s: rule %s has no check", h.ID, r)
			}
		}
		for _, k := range h.Permissions {
			if _, ok := FindPermissionKind(k); !ok {
				t.Errorf("%s needs unknown permission %q", h.ID, k)
			}
		}
		for _, k := range h.Preparations {
			if _, ok := FindPreparationKind(k); !ok {
				t.Errorf("%s needs unknown preparation %q", h.ID, k)
			}
		}
		for _, n := range h.People {
			if len(n.Duties) == 0 || n.Source == "" {
				t.Errorf("%s has a need with no duty or no source: %+v", h.ID, n)
			}
		}
	}
}

func TestMedicForTightensOnly(t *testing.T) {
	us, _ := FindProfile("us")
	if _, problems := us.With(Settings{Params: Params{MedicFor: []string{HazardStunts}}}); len(problems) == 0 {
		t.Error("a US production dropped the medic for water, railroads and aircraft")
	}
	if r, problems := us.With(Settings{Params: Params{MedicFor: append(defaultMedicFor(), HazardHeights)}}); len(problems) > 0 || !slices.Contains(r.Params.MedicFor, HazardHeights) {
		t.Errorf("a US production could not add heights to medic_for: %v", problems)
	}
	if _, problems := us.With(Settings{Params: Params{MedicFor: []string{"juggling"}}}); len(problems) == 0 {
		t.Error("an unknown hazard in medic_for was accepted")
	}
}
