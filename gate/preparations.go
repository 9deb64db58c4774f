package gate

import (
	"slices"
	"time"
)

// PreparationKind is a kind of preparation a hazard needs for a set-up,
// recorded on the day by someone qualified to make it, with the facts it
// must state.
type PreparationKind struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// RecordedBy are the duties of the people qualified to record it.
	RecordedBy []string `json:"recorded_by"`
	// Document is true when the record attaches a written document (the
	// stunt's plan, the dive plan).
	Document bool `json:"document,omitempty"`
	// Window is true when it holds for a span of time only, From to Until,
	// confirmed by someone outside the production (Confirmer): a
	// railroad's window with no trains expected.
	Window bool `json:"window,omitempty"`
	// Limit is true when it states a limit and a reading against it, such
	// as wind speed; the reading must be within the limit, and no older
	// than Fresh.
	Limit bool          `json:"limit,omitempty"`
	Unit  string        `json:"unit,omitempty"`
	Fresh time.Duration `json:"fresh,omitempty"`
	// Count is true when it states how many of something there are, such
	// as the charges placed.
	Count bool `json:"count,omitempty"`
	// Source says where the need comes from.
	Source string `json:"source"`
}

// PreparationKinds lists the preparations hazards need.
var PreparationKinds = []PreparationKind{
	{ID: "stunt_plan", Name: "stunt's written plan", RecordedBy: []string{DutyStuntCoordinator}, Document: true,
		Source: "SB4: the stunt coordinator plans the stunt and discusses it with everyone involved before it is done"},
	{ID: "stunt_rehearsal", Name: "stunt's rehearsal or walk-through", RecordedBy: []string{DutyStuntCoordinator},
		Source: "SB4: a walk-through or rehearsal with everyone involved"},
	{ID: "exclusion_zone", Name: "pyrotechnic exclusion zone and charges placed", RecordedBy: []string{DutyPyrotechnician}, Count: true,
		Source: "SB16; NFPA 1123, 1126 and 140: the area around charges cleared, and every charge counted"},
	{ID: "vehicle_walkthrough", Name: "vehicle action walked through", RecordedBy: []string{DutyPrecisionDriver, DutyStuntCoordinator},
		Source: "SB8: camera car and vehicle action walked through with driver and crew before it is shot"},
	{ID: "dive_plan", Name: "dive plan", RecordedBy: []string{DutySafetyDiver}, Document: true,
		Source: "SB7, SB17: a dive plan with safety divers, currents and hazards surveyed, and emergency procedures"},
	{ID: "weather_limits", Name: "wind and weather reading", RecordedBy: []string{DutySafetyDiver, DutyAviationCoordinator, DutyDronePilot, DutySafetyCoordinator},
		Limit: true, Unit: "km/h", Fresh: time.Hour,
		Source: "SB3, SB11, SB36, SB17: the pilot in command and the water safety crew set wind and weather limits, and work stops beyond them"},
	{ID: "rigging_inspection", Name: "rigging inspection", RecordedBy: []string{DutyRigger, DutyKeyGrip},
		Source: "SB22; 8 CCR §3638: lifts, rigging and fall protection inspected before use"},
	{ID: "track_window", Name: "railroad's track window", RecordedBy: []string{DutyRailroadRep}, Window: true,
		Source: "SB28: the railroad confirms the time when no trains are expected on the tracks; every train is treated as coming"},
	{ID: "smoke_check", Name: "smoke product and ventilation check", RecordedBy: []string{DutySpecialEffects, DutyPyrotechnician}, Document: true,
		Source: "SB10: only approved products, with their safety data sheet on set and the area ventilated"},
	{ID: "fire_equipment", Name: "fire extinguishers and exits in place", RecordedBy: []string{DutyFireSafetyOfficer},
		Source: "SB19: extinguishers at hand and exits clear wherever there is open flame"},
	{ID: "edged_check", Name: "edged props checked", RecordedBy: []string{DutyPropertyMaster},
		Source: "SB30: edged and piercing props inspected, blunted or replaced by safe versions where contact is possible"},
	{ID: "heat_illness_plan", Name: "written heat illness prevention plan", RecordedBy: []string{DutySafetyCoordinator}, Document: true,
		Source: "8 CCR §3395(i): the employer's heat illness prevention plan is in writing and at the worksite"},
	{ID: "weather_check", Name: "heat and weather check", RecordedBy: []string{DutySafetyCoordinator, DutyMedic}, Limit: true, Unit: "°C", Fresh: 2 * time.Hour,
		Source: "SB38: an action plan for severe weather; Cal/OSHA heat illness prevention (8 CCR §3395): water, shade and rest, and work paused above the heat limit"},
}

// FindPreparationKind returns the kind of preparation with the given ID.
func FindPreparationKind(id string) (PreparationKind, bool) {
	i := slices.IndexFunc(PreparationKinds, func(k PreparationKind) bool { return k.ID == id })
	if i < 0 {
		return PreparationKind{}, false
	}
	return PreparationKinds[i], true
}

// Preparation is a preparation recorded for a set-up on a day.
type Preparation struct {
	Kind  string
	SetUp string
	Day   string
	By    string
	At    time.Time
	// Ready is true when the person recording it says it is done and
	// sound; a record that is not ready says why the set-up waits.
	Ready bool
	// From, Until and Confirmer are, for a window, when it holds and who
	// outside the production confirmed it.
	From, Until time.Time
	Confirmer   string
	// Limit and Reading are, for a limit, the limit and the reading
	// against it, in the kind's unit.
	Limit, Reading float64
	// Count is, for a count, how many.
	Count int
}

// Where a set-up's latest preparation of a kind stands, as Stands says.
const (
	PreparationMissing    = "missing"
	PreparationNotReady   = "not_ready"
	PreparationNotHolding = "window_not_holding"
	PreparationOverLimit  = "over_limit"
	PreparationStale      = "stale"
	PreparationReady      = "ready"
)

// Stands says where the latest record of the kind for a set-up stands at
// now: missing (p is nil), not ready, a window that does not hold, a
// reading over its limit or too old, or ready.
func (k PreparationKind) Stands(p *Preparation, now time.Time) string {
	switch {
	case p == nil:
		return PreparationMissing
	case !p.Ready:
		return PreparationNotReady
	case k.Window && (now.Before(p.From) || !now.Before(p.Until)):
		return PreparationNotHolding
	case k.Limit && p.Reading > p.Limit:
		return PreparationOverLimit
	case k.Limit && k.Fresh > 0 && now.Sub(p.At) > k.Fresh:
		return PreparationStale
	}
	return PreparationReady
}

// checkHazardPreparations checks that each preparation the hazard needs
// was recorded for the set-up today and holds now: the latest record of
// each kind decides, and of two done at the same time the one recorded
// later (later in Situation.Preparations).
func checkHazardPreparations(c *decision, h Hazard) {
	for _, kind := range c.s.Rules.NeedsOf(h).Preparations {
		k, _ := FindPreparationKind(kind)
		var last *Preparation
		for i := range c.s.Preparations {
			p := &c.s.Preparations[i]
			if p.Kind == kind && p.SetUp == c.a.SetUp.ID && p.Day == c.s.Day && !p.At.After(c.s.Now) && (last == nil || !p.At.Before(last.At)) {
				last = p
			}
		}
		u := c.a.SetUp.Name
		switch k.Stands(last, c.s.Now) {
		case PreparationMissing:
			c.fail("%s has %s but no %s is recorded for it today", u, Word(h.Name), Word(k.Name))
		case PreparationNotReady:
			c.fail("The %s for %s, recorded by %s on %s, says it is not ready", Word(k.Name), u, c.name(last.By), c.moment(last.At))
		case PreparationNotHolding:
			c.fail("The %s for %s, confirmed by %s, holds %s; it does not hold now", Word(k.Name), u, last.Confirmer, c.window(last.From, last.Until))
		case PreparationOverLimit:
			c.fail("The %s for %s reads %s, above its limit of %s", Word(k.Name), u, Measure{last.Reading, k.Unit}, Measure{last.Limit, k.Unit})
		case PreparationStale:
			c.fail("The %s for %s was read on %s, more than %s ago; read it again", Word(k.Name), u, c.moment(last.At), Span(k.Fresh))
		}
	}
}
