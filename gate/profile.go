package gate

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Params are the numbers some rules need.
type Params struct {
	// ShowClearWindow is how long a show-clear counts before an issue (FA-6).
	ShowClearWindow time.Duration `json:"show_clear_window"`
	// FirearmsPerArmorer is how many firearms may be out with people at
	// once for each armorer on duty (FA-5).
	FirearmsPerArmorer int `json:"firearms_per_armorer"`
	// MisfireThreshold misfires or discharges within MisfireWindow stop all
	// firearm work until a review is signed off (WS-2).
	MisfireThreshold int           `json:"misfire_threshold"`
	MisfireWindow    time.Duration `json:"misfire_window"`
	// PatternThreshold incidents of one kind, hazard, department,
	// firearm or person within PatternWindow are a pattern (WS-6).
	PatternThreshold int           `json:"pattern_threshold"`
	PatternWindow    time.Duration `json:"pattern_window"`
	// TrainingValidity is how long a training course counts when its
	// record gives no expiry (PR-2).
	TrainingValidity time.Duration `json:"training_validity"`
	// OutLimit is how long a firearm may stay out with a person before the
	// armorer and the 1st AD are alerted (FA-8).
	OutLimit time.Duration `json:"out_limit"`
	// HoldLimit is how soon a firearm goes back to the armorer once its
	// set-up is put on hold, or at once cut while the firearm is loaded;
	// BackLimit how soon once it is cut or wrapped (FA-8).
	HoldLimit time.Duration `json:"hold_limit"`
	BackLimit time.Duration `json:"back_limit"`
	// LoadStates are the set-up states a firearm may be loaded in; none
	// means DefaultLoadStates, standing by and rolling (FA-8).
	LoadStates []string `json:"load_states,omitempty"`
	// ConcernsStopAll makes every open critical concern stop all work
	// until it is decided, not only the set-ups, hazard or location it
	// names (WS-3).
	ConcernsStopAll bool `json:"concerns_stop_all"`
	// CalibrePairs are pairs of calibres the profile adds to the gate's
	// table of compatible calibres: a firearm of the first takes rounds of
	// the second (AM-4). Only a profile adds them; a production's settings
	// do not.
	CalibrePairs [][2]string `json:"calibre_pairs,omitempty"`
	// MedicFor are the hazards whose set-ups need a medic on site (MD-1):
	// by default those the bulletins say, each hazard with Medic. A
	// production may add hazards, never take one away.
	MedicFor []string `json:"medic_for,omitempty"`
}

// DefaultParams are setsafe's parameters where a profile sets none.
var DefaultParams = Params{
	ShowClearWindow:    10 * time.Minute,
	FirearmsPerArmorer: 10,
	MisfireThreshold:   2,
	MisfireWindow:      7 * 24 * time.Hour,
	PatternThreshold:   3,
	PatternWindow:      14 * 24 * time.Hour,
	TrainingValidity:   2 * 365 * 24 * time.Hour,
	OutLimit:           30 * time.Minute,
	HoldLimit:          2 * time.Minute,
	BackLimit:          10 * time.Minute,
	MedicFor:           defaultMedicFor(),
}

// defaultMedicFor lists the hazards that need a medic by default.
func defaultMedicFor() []string {
	var out []string
	for _, h := range Hazards {
		if h.Medic {
			out = append(out, h.ID)
		}
	}
	return out
}

// param describes one parameter: the rule it belongs to, its name in
// settings, and how to compare values, tighter first.
type param struct {
	rule  RuleID
	field string
	// tighter says whether a is at least as strict as b.
	tighter func(a, b Params) bool
	// valid says whether the value makes sense.
	valid func(p Params) bool
	hint  string
}

var params = []param{
	{FA6, "show_clear_window", func(a, b Params) bool { return a.ShowClearWindow <= b.ShowClearWindow },
		func(p Params) bool { return p.ShowClearWindow >= time.Minute && p.ShowClearWindow <= 2*time.Hour }, "between 1 minute and 2 hours"},
	{FA5, "firearms_per_armorer", func(a, b Params) bool { return a.FirearmsPerArmorer <= b.FirearmsPerArmorer },
		func(p Params) bool { return p.FirearmsPerArmorer >= 1 && p.FirearmsPerArmorer <= 100 }, "between 1 and 100"},
	{WS2, "misfire_threshold", func(a, b Params) bool { return a.MisfireThreshold <= b.MisfireThreshold },
		func(p Params) bool { return p.MisfireThreshold >= 1 && p.MisfireThreshold <= 20 }, "between 1 and 20"},
	{WS2, "misfire_window", func(a, b Params) bool { return a.MisfireWindow >= b.MisfireWindow },
		func(p Params) bool { return p.MisfireWindow >= time.Hour && p.MisfireWindow <= 366*24*time.Hour }, "between 1 hour and 366 days"},
	{WS6, "pattern_threshold", func(a, b Params) bool { return a.PatternThreshold <= b.PatternThreshold },
		func(p Params) bool { return p.PatternThreshold >= 2 && p.PatternThreshold <= 20 }, "between 2 and 20"},
	{WS6, "pattern_window", func(a, b Params) bool { return a.PatternWindow >= b.PatternWindow },
		func(p Params) bool { return p.PatternWindow >= 24*time.Hour && p.PatternWindow <= 366*24*time.Hour }, "between 1 day and 366 days"},
	{PR2, "training_validity", func(a, b Params) bool { return a.TrainingValidity <= b.TrainingValidity },
		func(p Params) bool {
			return p.TrainingValidity >= 24*time.Hour && p.TrainingValidity <= 10*365*24*time.Hour
		}, "between 1 day and 10 years"},
	{WS3, "concerns_stop_all", func(a, b Params) bool { return a.ConcernsStopAll || !b.ConcernsStopAll },
		func(Params) bool { return true }, "true or false"},
	{FA8, "out_limit", func(a, b Params) bool { return a.OutLimit <= b.OutLimit },
		func(p Params) bool { return p.OutLimit >= time.Minute && p.OutLimit <= 12*time.Hour }, "between 1 minute and 12 hours"},
	{FA8, "hold_limit", func(a, b Params) bool { return a.HoldLimit <= b.HoldLimit },
		func(p Params) bool { return p.HoldLimit >= 30*time.Second && p.HoldLimit <= time.Hour }, "between 30 seconds and 1 hour"},
	{MD1, "medic_for", func(a, b Params) bool {
		return !slices.ContainsFunc(b.MedicFor, func(h string) bool { return !slices.Contains(a.MedicFor, h) })
	}, func(p Params) bool {
		return !slices.ContainsFunc(p.MedicFor, func(h string) bool { _, ok := FindHazard(h); return !ok })
	}, "a list of hazard IDs: " + strings.Join(HazardIDs(), ", ")},
	{FA8, "back_limit", func(a, b Params) bool { return a.BackLimit <= b.BackLimit },
		func(p Params) bool { return p.BackLimit >= time.Minute && p.BackLimit <= 2*time.Hour }, "between 1 minute and 2 hours"},
}

// Profile is a jurisdiction's set of rules: the rulebooks that bind a
// production there, which make their rules mandatory, and the parameters.
type Profile struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Sources are the rulebooks that bind productions under this profile.
	Sources []Source `json:"sources"`
	Params  Params   `json:"params"`
	// Topics are the IDs of the ProfileTopics its safety meetings must
	// cover besides every profile's Topics.
	Topics []string `json:"topics,omitempty"`
	// Hazards are what the profile's rulebooks add to hazards' needs, by
	// hazard ID; a production's settings cannot take them away.
	Hazards map[string]HazardNeeds `json:"hazards,omitempty"`
}

// HazardNeeds are needs a profile adds to a hazard's, each with where it
// comes from.
type HazardNeeds struct {
	People       []Need   `json:"people,omitempty"`
	Permissions  []string `json:"permissions,omitempty"`
	Preparations []string `json:"preparations,omitempty"`
	Source       string   `json:"source"`
}

// Profiles lists the jurisdiction profiles setsafe knows.
var Profiles = []Profile{
	{ID: "us", Name: "United States: industry safety bulletins", Sources: []Source{SourceSB1, SourceBulletins}, Params: DefaultParams},
	{ID: "california", Name: "California: Labor Code §§9150–9161 and the industry bulletins", Sources: []Source{SourceSB1, SourceBulletins, SourceCA}, Params: DefaultParams,
		Hazards: map[string]HazardNeeds{HazardWeather: {Preparations: []string{"heat_illness_plan"}, Source: "Cal/OSHA, 8 CCR §3395(i)"}}},
	{ID: "manitoba", Name: "Manitoba: film industry Guideline 22", Sources: []Source{SourceMB22}, Params: DefaultParams},
	{ID: "ontario", Name: "Ontario: film and television Guideline 39", Sources: []Source{SourceON39}, Params: DefaultParams},
	{ID: "australia", Name: "Australia: National Guidelines for Screen Safety", Sources: []Source{SourceAU}, Params: DefaultParams,
		Topics: []string{"firearms.beyond_target"}},
	{ID: "uk", Name: "United Kingdom: armourers' standard and HSE guidance", Sources: []Source{SourceUK}, Params: DefaultParams},
}

// FindProfile returns the profile with the given ID.
func FindProfile(id string) (Profile, bool) {
	i := slices.IndexFunc(Profiles, func(p Profile) bool { return p.ID == id })
	if i < 0 {
		return Profile{}, false
	}
	return Profiles[i], true
}

// Mandatory says whether the profile makes a rule mandatory: setsafe's
// baseline, or a rule one of the profile's rulebooks demands.
func (p Profile) Mandatory(id RuleID) bool {
	if slices.Contains(Baseline, id) {
		return true
	}
	r, ok := Lookup(id)
	if !ok {
		return false
	}
	for _, s := range r.Sources {
		if slices.Contains(p.Sources, s) {
			return true
		}
	}
	return false
}

// Settings are a production's choices on top of its profile: rules it
// switches off (only those the profile leaves optional) and parameters
// (looser than the profile's only for optional rules). A zero parameter
// keeps the profile's value.
type Settings struct {
	Off    []RuleID `json:"off,omitempty"`
	Params Params   `json:"params"`
}

// Rules are the rules in force in a production and their parameters.
type Rules struct {
	Profile string
	On      map[RuleID]bool
	Params  Params
	// Topics are the IDs of the ProfileTopics the profile adds to what
	// safety meetings must cover (PR-1).
	Topics []string
	// Hazards are the profile's additions to hazards' needs.
	Hazards map[string]HazardNeeds
}

// NeedsOf returns everything a hazard needs under these rules: its own
// needs and the profile's additions.
func (r Rules) NeedsOf(h Hazard) HazardNeeds {
	n := HazardNeeds{People: h.People, Permissions: h.Permissions, Preparations: h.Preparations, Source: h.Bulletin}
	if add, ok := r.Hazards[h.ID]; ok {
		n.People = slices.Concat(n.People, add.People)
		n.Permissions = slices.Concat(n.Permissions, add.Permissions)
		n.Preparations = slices.Concat(n.Preparations, add.Preparations)
	}
	return n
}

// Applies says whether a rule is in force.
func (r Rules) Applies(id RuleID) bool { return r.On[id] }

// Problem is what is wrong with one field of the settings.
type Problem struct {
	Field   string
	Message string
}

// With returns the rules in force in a production that chose settings, or
// the problems that make the settings unacceptable: switching off or
// loosening a rule the profile makes mandatory, or a value that makes no
// sense.
func (p Profile) With(s Settings) (Rules, []Problem) {
	var problems []Problem
	on := map[RuleID]bool{}
	for _, r := range Catalogue {
		on[r.ID] = true
	}
	for _, id := range s.Off {
		if _, ok := Lookup(id); !ok {
			problems = append(problems, Problem{"off", fmt.Sprintf("names %q, which is not a rule setsafe knows", id)})
			continue
		}
		if p.Mandatory(id) {
			problems = append(problems, Problem{"off", fmt.Sprintf("cannot switch off %s: it is mandatory under the %s profile", id, p.ID)})
			continue
		}
		on[id] = false
	}
	eff := p.Params
	mergeParams(&eff, s.Params)
	for _, pm := range params {
		if !pm.valid(eff) {
			problems = append(problems, Problem{"params." + pm.field, "must be " + pm.hint})
			continue
		}
		if on[pm.rule] && p.Mandatory(pm.rule) && !pm.tighter(eff, p.Params) {
			problems = append(problems, Problem{"params." + pm.field, fmt.Sprintf("may be made stricter, not looser: %s is mandatory under the %s profile", pm.rule, p.ID)})
		}
	}
	if problems != nil {
		return Rules{}, problems
	}
	return Rules{Profile: p.ID, On: on, Params: eff, Topics: p.Topics, Hazards: p.Hazards}, nil
}

// mergeParams copies the non-zero values of s into p.
func mergeParams(p *Params, s Params) {
	if s.ShowClearWindow != 0 {
		p.ShowClearWindow = s.ShowClearWindow
	}
	if s.FirearmsPerArmorer != 0 {
		p.FirearmsPerArmorer = s.FirearmsPerArmorer
	}
	if s.MisfireThreshold != 0 {
		p.MisfireThreshold = s.MisfireThreshold
	}
	if s.MisfireWindow != 0 {
		p.MisfireWindow = s.MisfireWindow
	}
	if s.PatternThreshold != 0 {
		p.PatternThreshold = s.PatternThreshold
	}
	if s.PatternWindow != 0 {
		p.PatternWindow = s.PatternWindow
	}
	if s.TrainingValidity != 0 {
		p.TrainingValidity = s.TrainingValidity
	}
	if s.OutLimit != 0 {
		p.OutLimit = s.OutLimit
	}
	if s.ConcernsStopAll {
		p.ConcernsStopAll = true
	}
	if s.MedicFor != nil {
		p.MedicFor = s.MedicFor
	}
}
