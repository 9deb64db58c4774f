package gate

import (
	"fmt"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Hazard is a kind of danger a set-up may bring, with what it needs before
// the set-up may start: people on site, permissions from outside, and
// preparations recorded by the people qualified to make them. Every hazard
// also needs today's safety meeting to have covered its bulletin's topics
// (HZ-1).
type Hazard struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Bulletin is the industry safety bulletin that covers it, such as
	// "SB4" for the Industry-Wide Labor-Management Safety Committee's
	// Safety Bulletin #4.
	Bulletin string `json:"bulletin"`
	// Code prefixes the hazard's own rules: Code-1 its people on site,
	// Code-2 its permissions, Code-3 its preparations. Firearms have none:
	// their rules are the catalogue's FA, AM and PR rules.
	Code string `json:"code,omitempty"`
	// People are the people it needs on site and on duty when the set-up
	// starts, each need met by one person.
	People []Need `json:"people,omitempty"`
	// Permissions are the kinds of permission (see PermissionKinds) that
	// must be on record, granted, in force and covering the set-up.
	Permissions []string `json:"permissions,omitempty"`
	// Preparations are the kinds of preparation (see PreparationKinds)
	// that must be recorded for the set-up today.
	Preparations []string `json:"preparations,omitempty"`
	// Medic is true when a medic must be on site by default; a profile
	// says so for more hazards with its medic_for parameter (MD-1).
	Medic bool `json:"medic,omitempty"`
}

// Need is one person a hazard needs on site and on duty at the moment the
// set-up starts: someone holding one of Duties, checked in on set, and
// holding a current permit of kind Licence when it names one.
type Need struct {
	Duties  []string `json:"duties"`
	Licence string   `json:"licence,omitempty"`
	// Source says where the need comes from, such as "SB4".
	Source string `json:"source"`
}

// Duties on set that hazards need, as role keys.
const (
	DutyStuntCoordinator    = "stunt_coordinator"
	DutyPyrotechnician      = "pyrotechnician"
	DutyFireSafetyOfficer   = "fire_safety_officer"
	DutyPrecisionDriver     = "precision_driver"
	DutySafetyDiver         = "safety_diver"
	DutyRigger              = "rigger"
	DutyKeyGrip             = "key_grip"
	DutyAnimalHandler       = "animal_handler"
	DutyAnimalSafetyRep     = "animal_safety_representative"
	DutyRailroadRep         = "railroad_representative"
	DutyAviationCoordinator = "aviation_coordinator"
	DutyDronePilot          = "drone_pilot"
	DutyMedic               = "medic"
	DutyPropertyMaster      = "property_master"
	DutySafetyCoordinator   = "safety_coordinator"
	DutySpecialEffects      = "special_effects"
)

// Hazard IDs.
const (
	HazardStunts       = "stunts"
	HazardPyrotechnics = "pyrotechnics"
	HazardVehicles     = "vehicles"
	HazardWater        = "water"
	HazardHeights      = "heights"
	HazardAnimals      = "animals"
	HazardRailroad     = "railroad"
	HazardAircraft     = "aircraft"
	HazardSmoke        = "smoke"
	HazardOpenFlames   = "open_flames"
	HazardEdgedWeapons = "edged_weapons"
	HazardWeather      = "weather"
)

// Kinds of licence a person needed on site holds (see Need.Licence).
const (
	PermitPyrotechnics = "pyrotechnics"
	PermitAviation     = "aviation"
	PermitDiving       = "diving"
)

// Hazards lists the hazards setsafe knows, with the needs the industry's
// safety bulletins give them (docs/hazards.md says where each comes from).
var Hazards = []Hazard{
	{ID: HazardFirearms, Name: "firearms", Bulletin: "SB1"},
	{ID: HazardStunts, Name: "stunts", Bulletin: "SB4", Code: "ST", Medic: true,
		People:       []Need{{Duties: []string{DutyStuntCoordinator}, Source: "SB4"}},
		Preparations: []string{"stunt_plan", "stunt_rehearsal"}},
	{ID: HazardPyrotechnics, Name: "pyrotechnics and special effects", Bulletin: "SB16", Code: "PY", Medic: true,
		People: []Need{
			{Duties: []string{DutyPyrotechnician}, Licence: PermitPyrotechnics, Source: "SB16"},
			{Duties: []string{DutyFireSafetyOfficer}, Source: "SB16"},
		},
		Permissions:  []string{"fire_permit"},
		Preparations: []string{"exclusion_zone"}},
	{ID: HazardVehicles, Name: "vehicles and camera cars", Bulletin: "SB8, SB20, SB43", Code: "VE", Medic: true,
		People:       []Need{{Duties: []string{DutyPrecisionDriver}, Source: "SB8"}},
		Permissions:  []string{"road_closure"},
		Preparations: []string{"vehicle_walkthrough"}},
	{ID: HazardWater, Name: "water", Bulletin: "SB17, SB7", Code: "WA", Medic: true,
		People:       []Need{{Duties: []string{DutySafetyDiver}, Licence: PermitDiving, Source: "SB7, SB17"}},
		Permissions:  []string{"waterway"},
		Preparations: []string{"dive_plan", "weather_limits"}},
	{ID: HazardHeights, Name: "work at heights", Bulletin: "SB22", Code: "HT",
		People:       []Need{{Duties: []string{DutyRigger, DutyKeyGrip}, Source: "SB22; 8 CCR §3638, 29 CFR 1926.453"}},
		Preparations: []string{"rigging_inspection"}},
	{ID: HazardAnimals, Name: "animals", Bulletin: "SB6", Code: "AN",
		People: []Need{
			{Duties: []string{DutyAnimalHandler}, Source: "SB6"},
			{Duties: []string{DutyAnimalSafetyRep}, Source: "SB6"},
		},
		Permissions: []string{"animal_permit"}},
	{ID: HazardRailroad, Name: "railroads", Bulletin: "SB28", Code: "RR", Medic: true,
		People:       []Need{{Duties: []string{DutyRailroadRep}, Source: "SB28: the railroad representative is present and directs all work near the tracks"}},
		Permissions:  []string{"track_access"},
		Preparations: []string{"track_window"}},
	{ID: HazardAircraft, Name: "aircraft and drones", Bulletin: "SB3, SB11, SB36", Code: "AC", Medic: true,
		People:       []Need{{Duties: []string{DutyAviationCoordinator, DutyDronePilot}, Licence: PermitAviation, Source: "SB3, SB11, SB36; 14 CFR Part 107 and §91.119"}},
		Permissions:  []string{"aviation_waiver"},
		Preparations: []string{"weather_limits"}},
	{ID: HazardSmoke, Name: "smoke and fog", Bulletin: "SB10", Code: "SM",
		People:       []Need{{Duties: []string{DutySpecialEffects, DutyPyrotechnician}, Source: "SB10"}},
		Preparations: []string{"smoke_check"}},
	{ID: HazardOpenFlames, Name: "open flames", Bulletin: "SB19", Code: "FL",
		People:       []Need{{Duties: []string{DutyFireSafetyOfficer}, Source: "SB19"}},
		Permissions:  []string{"fire_permit"},
		Preparations: []string{"fire_equipment"}},
	{ID: HazardEdgedWeapons, Name: "edged and piercing props", Bulletin: "SB30", Code: "ED",
		People:       []Need{{Duties: []string{DutyPropertyMaster}, Source: "SB30"}},
		Preparations: []string{"edged_check"}},
	{ID: HazardWeather, Name: "extreme weather and heat", Bulletin: "SB38", Code: "WX",
		People:       []Need{{Duties: []string{DutySafetyCoordinator}, Source: "SB38: someone watches the weather and can call the work off"}},
		Preparations: []string{"weather_check"}},
}

// FindHazard returns the hazard with the given ID.
func FindHazard(id string) (Hazard, bool) {
	i := slices.IndexFunc(Hazards, func(h Hazard) bool { return h.ID == id })
	if i < 0 {
		return Hazard{}, false
	}
	return Hazards[i], true
}

// NeededDuties lists every duty some hazard may need on site, the
// medic's included, and every duty that records a preparation, each once:
// the people the gate reads for a board of the day's set-ups. The list is
// made once; callers must not change it.
var NeededDuties = sync.OnceValue(func() []string {
	out := []string{DutyMedic}
	add := func(duties []string) {
		for _, d := range duties {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	for _, h := range Hazards {
		for _, n := range h.People {
			add(n.Duties)
		}
	}
	for _, p := range Profiles {
		for _, n := range p.Hazards {
			for _, need := range n.People {
				add(need.Duties)
			}
		}
	}
	for _, k := range PreparationKinds {
		add(k.RecordedBy)
	}
	return out
})

// HazardIDs lists the IDs of every hazard.
func HazardIDs() []string {
	out := make([]string, len(Hazards))
	for i, h := range Hazards {
		out[i] = h.ID
	}
	return out
}

// Rule IDs of a hazard's own rules.
func (h Hazard) peopleRule() RuleID      { return RuleID(h.Code + "-1") }
func (h Hazard) permissionRule() RuleID  { return RuleID(h.Code + "-2") }
func (h Hazard) preparationRule() RuleID { return RuleID(h.Code + "-3") }

// Rules returns the IDs of the hazard's own rules, none for firearms.
func (h Hazard) Rules() []RuleID {
	if h.Code == "" {
		return nil
	}
	return []RuleID{h.peopleRule(), h.permissionRule(), h.preparationRule()}
}

// String names a hazard for messages.
func (h Hazard) String() string { return fmt.Sprintf("%s (%s)", h.Name, h.Bulletin) }

// Each hazard registers its own rules in the catalogue and its checks in
// the gate's table, after the firearm rules.
func init() {
	for _, h := range Hazards {
		if h.Code == "" {
			continue
		}
		src := []Source{SourceBulletins}
		Catalogue = append(Catalogue,
			Rule{ID: h.peopleRule(), Title: fmt.Sprintf("%s: the people it needs are on site, checked in and on duty when the set-up starts (bulletin %s).", capital(h.Name), h.Bulletin), Sources: src},
			Rule{ID: h.permissionRule(), Title: fmt.Sprintf("%s: the permissions it needs are granted, in force and cover the set-up; a refusal stops it (bulletin %s).", capital(h.Name), h.Bulletin), Sources: src},
			Rule{ID: h.preparationRule(), Title: fmt.Sprintf("%s: its preparations are recorded today by the people qualified to make them (bulletin %s).", capital(h.Name), h.Bulletin), Sources: src},
		)
		checks = append(checks,
			check{h.peopleRule(), hazardCheck(h, checkHazardPeople)},
			check{h.permissionRule(), hazardCheck(h, checkHazardPermissions)},
			check{h.preparationRule(), hazardCheck(h, checkHazardPreparations)},
		)
	}
}

// capital starts a hazard's name with a capital letter, for a rule's title.
func capital(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
