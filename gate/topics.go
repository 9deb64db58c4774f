package gate

import (
	"slices"
	"strings"
)

// Topic is one point of a hazard's bulletin that a safety meeting covers:
// said aloud, ticked on the meeting's checklist, recorded by its ID.
type Topic struct {
	// ID is how meetings record the topic, such as "firearms.loaded".
	ID string `json:"id"`
	// Hazard is the hazard whose bulletin the topic belongs to.
	Hazard string `json:"hazard"`
	// Rule is the catalogue rule the topic briefs, if any.
	Rule RuleID `json:"rule,omitempty"`
	// Text is the topic as the meeting says it, in English; the pages'
	// catalogues translate it.
	Text string `json:"text"`
}

// Topics are the topics every meeting that covers a hazard goes through,
// whatever the profile: for firearms, the points of Safety Bulletin #1 a
// person handling a firearm must have heard that day (PR-1).
var Topics = []Topic{
	{ID: "firearms.loaded", Hazard: HazardFirearms, Rule: "FA-1", Text: "Every firearm is treated as loaded"},
	{ID: "firearms.pointing", Hazard: HazardFirearms, Rule: FA9, Text: "Never point a firearm at anyone, yourself included"},
	{ID: "firearms.trigger", Hazard: HazardFirearms, Rule: "FA-10", Text: "Finger off the trigger until the shot"},
	{ID: "firearms.no_live", Hazard: HazardFirearms, Rule: AM1, Text: "No live ammunition on set"},
	{ID: "firearms.misfire", Hazard: HazardFirearms, Rule: FA7, Text: "What to do after a misfire: hold still, keep it pointed safely, call the armorer"},
	{ID: "firearms.hand_off", Hazard: HazardFirearms, Rule: FA3, Text: "Only the armorer hands firearms over and takes them back"},

	// Safety Bulletin #4, stunts (and #18, air bags).
	{ID: "stunts.coordinator", Hazard: HazardStunts, Text: "The stunt coordinator runs the stunt; only the people in the plan are in the area"},
	{ID: "stunts.abort", Hazard: HazardStunts, Text: "Walk through the action; know the abort signal and who calls cut"},
	{ID: "stunts.gear", Hazard: HazardStunts, Text: "Air bags, pads and rigging are checked before every take"},
	{ID: "stunts.medic", Hazard: HazardStunts, Text: "The medic and the way to the hospital are known before the first take"},
	// #16, pyrotechnic special effects.
	{ID: "pyrotechnics.operator", Hazard: HazardPyrotechnics, Text: "Only the licensed pyrotechnician loads or fires effects"},
	{ID: "pyrotechnics.zone", Hazard: HazardPyrotechnics, Text: "Stay out of the marked zone until the pyrotechnician calls it clear"},
	{ID: "pyrotechnics.misfire", Hazard: HazardPyrotechnics, Text: "Know the stop signal; only the pyrotechnician goes near a misfired charge"},
	{ID: "pyrotechnics.fire", Hazard: HazardPyrotechnics, Text: "Extinguishers and the fire safety officer are in place before anything is armed"},
	// #8, camera cars; #20, motorcycles; #43, free driving.
	{ID: "vehicles.riders", Hazard: HazardVehicles, Text: "Nobody rides on a vehicle or trailer unless assigned and secured"},
	{ID: "vehicles.belts", Hazard: HazardVehicles, Text: "Everyone on board is belted or harnessed; loose gear is stowed"},
	{ID: "vehicles.path", Hazard: HazardVehicles, Text: "Keep clear of the vehicle's path and follow the radio cues"},
	{ID: "vehicles.first", Hazard: HazardVehicles, Text: "Driving safely comes first, the shot second"},
	// #17, water hazards; #7, diving; #15, boats.
	{ID: "water.pfd", Hazard: HazardWater, Text: "Wear a flotation device on or near the water"},
	{ID: "water.swim", Hazard: HazardWater, Text: "Tell the 1st AD if you cannot swim"},
	{ID: "water.assigned", Hazard: HazardWater, Text: "Stay out of the water unless you are assigned to it"},
	{ID: "water.rescue", Hazard: HazardWater, Text: "Safety divers and rescue crew are in position before each take"},
	// #22, lifts; rigging and fall protection.
	{ID: "heights.operators", Hazard: HazardHeights, Text: "Only trained operators run lifts, inspected before use"},
	{ID: "heights.tie_off", Hazard: HazardHeights, Text: "Harness tied off to the anchor point, never to a structure"},
	{ID: "heights.below", Hazard: HazardHeights, Text: "Keep clear of the area below work at height"},
	{ID: "heights.wind", Hazard: HazardHeights, Text: "Lifts come down in high wind or when lightning is near"},
	// #6, animals.
	{ID: "animals.closed_set", Hazard: HazardAnimals, Text: "Closed set while animals work; no visitors"},
	{ID: "animals.touch", Hazard: HazardAnimals, Text: "Do not touch or feed the animals; follow the handler"},
	{ID: "animals.quiet", Hazard: HazardAnimals, Text: "Keep noise and sudden moves down near the animals"},
	{ID: "animals.stop", Hazard: HazardAnimals, Text: "Know the handler's stop command and where the holding area is"},
	// #28, railroads.
	{ID: "railroad.representative", Hazard: HazardRailroad, Text: "Follow the railroad representative's instructions at all times"},
	{ID: "railroad.any_track", Hazard: HazardRailroad, Text: "A train can come on any track, in either direction, at any time"},
	{ID: "railroad.rails", Hazard: HazardRailroad, Text: "Never step on rails, switches or couplers; cross only where told"},
	{ID: "railroad.escape", Hazard: HazardRailroad, Text: "Know the way off the tracks and how long you have to clear them"},
	// #3, helicopters; #11, fixed-wing aircraft; #36, drones.
	{ID: "aircraft.pilot", Hazard: HazardAircraft, Text: "The pilot has the final say and can abort at any time"},
	{ID: "aircraft.zones", Hazard: HazardAircraft, Text: "Stay out of landing zones and rotor areas unless escorted"},
	{ID: "aircraft.signals", Hazard: HazardAircraft, Text: "Know the abort and lost-radio signals"},
	{ID: "aircraft.drones", Hazard: HazardAircraft, Text: "Tell the safety coordinator if a drone flies closer than agreed"},
	// #10, smoke, fog and haze.
	{ID: "smoke.approved", Hazard: HazardSmoke, Text: "Approved fluids only; the safety data sheet is on set"},
	{ID: "smoke.least", Hazard: HazardSmoke, Text: "Use the least haze needed and ventilate between set-ups"},
	{ID: "smoke.breathing", Hazard: HazardSmoke, Text: "Report breathing trouble at once and get fresh air"},
	{ID: "smoke.exits", Hazard: HazardSmoke, Text: "Exits stay visible and floors non-slip"},
	// #19, open flames.
	{ID: "open_flames.person", Hazard: HazardOpenFlames, Text: "Only the designated person lights or controls the flame"},
	{ID: "open_flames.standby", Hazard: HazardOpenFlames, Text: "Know where the extinguishers are and who stands by with them"},
	{ID: "open_flames.clothing", Hazard: HazardOpenFlames, Text: "Keep costumes, hair and flammables away from the flame"},
	{ID: "open_flames.watch", Hazard: HazardOpenFlames, Text: "A fire watch stays after the last flame"},
	// #30, edged and piercing props.
	{ID: "edged_weapons.property", Hazard: HazardEdgedWeapons, Text: "Edged props come from and go back to the property master"},
	{ID: "edged_weapons.horseplay", Hazard: HazardEdgedWeapons, Text: "No horseplay with props, on set or off"},
	{ID: "edged_weapons.slow", Hazard: HazardEdgedWeapons, Text: "Rehearse fights slowly with the stunt coordinator"},
	{ID: "edged_weapons.damage", Hazard: HazardEdgedWeapons, Text: "Report any damaged or sharp prop at once"},
	// #38, severe weather; heat illness (8 CCR §3395).
	{ID: "weather.lightning", Hazard: HazardWeather, Text: "Lightning near: stop work, lower lifts and shelter for 30 minutes"},
	{ID: "weather.water", Hazard: HazardWeather, Text: "Drink water often, rest in the shade, report dizziness early"},
	{ID: "weather.cold", Hazard: HazardWeather, Text: "Dress in layers; watch for shivering, numbness or confusion"},
	{ID: "weather.shelter", Hazard: HazardWeather, Text: "Know where the shelter is and the way out"},
}

// ProfileTopics are topics that only some profiles require, on top of
// Topics: a profile lists the IDs it adds in Profile.Topics.
var ProfileTopics = []Topic{
	{ID: "firearms.beyond_target", Hazard: HazardFirearms, Rule: "FA-10", Text: "Know the target and what lies beyond it"},
}

// FindTopic returns the topic with the given ID, whether every profile
// requires it or only some.
func FindTopic(id string) (Topic, bool) {
	for _, list := range [][]Topic{Topics, ProfileTopics} {
		if i := slices.IndexFunc(list, func(t Topic) bool { return t.ID == id }); i >= 0 {
			return list[i], true
		}
	}
	return Topic{}, false
}

// TopicsOf returns the topics of a hazard: those every profile requires,
// then those of ProfileTopics that extra names (a profile's additions).
func TopicsOf(hazard string, extra []string) []Topic {
	var out []Topic
	for _, t := range Topics {
		if t.Hazard == hazard {
			out = append(out, t)
		}
	}
	for _, t := range ProfileTopics {
		if t.Hazard == hazard && slices.Contains(extra, t.ID) {
			out = append(out, t)
		}
	}
	return out
}

// TopicIDs returns the IDs of a hazard's topics, as TopicsOf lists them.
func TopicIDs(hazard string, extra []string) []string {
	var out []string
	for _, t := range TopicsOf(hazard, extra) {
		out = append(out, t.ID)
	}
	return out
}

// TopicTexts are topics a meeting has not covered, by ID; each prints as
// its English text, and the pages say each in their own language.
type TopicTexts []string

// String says the topics' texts, separated by semicolons.
func (t TopicTexts) String() string {
	texts := make([]string, len(t))
	for i, id := range t {
		texts[i] = id
		if tp, ok := FindTopic(id); ok {
			texts[i] = tp.Text
		}
	}
	return strings.Join(texts, "; ")
}

// checkMeetingTopics checks, when a firearm is issued, that the person
// receiving it attended a meeting today that covered every firearm topic
// the profile requires, and names the topics missed. Someone who attended
// no meeting today is left to checkMeeting, which says so.
func checkMeetingTopics(c *decision) {
	if !c.isIssue() || c.person(c.a.To) == nil {
		return
	}
	required := TopicIDs(HazardFirearms, c.s.Rules.Topics)
	var best []string
	attended := false
	for _, m := range c.s.Meetings {
		if m.Day != c.s.Day || !slices.Contains(m.Attendees, c.a.To) {
			continue
		}
		var missing []string
		for _, id := range required {
			if !slices.Contains(m.Topics, id) {
				missing = append(missing, id)
			}
		}
		if len(missing) == 0 {
			return
		}
		if !attended || len(missing) < len(best) {
			best = missing
		}
		attended = true
	}
	if attended {
		c.fail("%s's safety meeting today did not cover: %s", c.name(c.a.To), TopicTexts(best))
	}
}
