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
