package gate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A reason's blanks are filled with names (people, firearms, lots), which
// stay as they are in every language, and with the values below, which a
// page puts into its own language. Each prints itself in English, for the
// reason's Message.

// Word is a word of the gate's own vocabulary: a hazard's name, a kind of
// permit. Each is in Words.
type Word string

// Words are every word a Word or a Parts can hold, every phrase an Outs
// says, and every topic's text
// a TopicTexts says, for the pages' catalogues.
func Words() []string {
	out := slices.Concat(partWords, OutWords)
	for _, st := range TakeStates {
		out = append(out, string(takeWord(st)))
	}
	for _, t := range slices.Concat(Topics, ProfileTopics) {
		out = append(out, t.Text)
	}
	for _, h := range Hazards {
		out = append(out, h.Name)
		for _, n := range h.People {
			if n.Licence != "" {
				out = append(out, n.Licence)
			}
		}
	}
	for _, k := range PermissionKinds {
		out = append(out, k.Name)
	}
	for _, k := range PreparationKinds {
		out = append(out, k.Name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Parts are parts of a record that are missing: details of a lot, parts of
// a shot plan. Each is one of the words in Words.
type Parts []string

// String joins the parts with commas.
func (p Parts) String() string { return strings.Join(p, ", ") }

var partWords = []string{"source", "headstamp", "calibre", "count", "origin", "maker", "product", "rental house", "rental house's lot", "how it was made up", "shields", "minimum distance", "remote camera", "people cleared"}

// Duties are duties a person works on a day, as role keys such as
// "property_master".
type Duties []string

// String joins the duties with "and", in words.
func (d Duties) String() string {
	words := make([]string, len(d))
	for i, k := range d {
		words[i] = strings.ReplaceAll(k, "_", " ")
	}
	return strings.Join(words, " and ")
}

// Title is a job title as the crew list writes it, which stays as it is
// in every language, in quotes.
type Title string

// String quotes the title.
func (t Title) String() string { return "\u201c" + string(t) + "\u201d" }

// Span is a length of time, said in whole minutes.
type Span time.Duration

// Minutes is the span rounded to whole minutes.
func (s Span) Minutes() int { return int(time.Duration(s).Round(time.Minute) / time.Minute) }

// String says the span in minutes.
func (s Span) String() string {
	if s.Minutes() == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", s.Minutes())
}

// Moment is when something happened, said as a day of the year and a time
// of day.
type Moment time.Time

// String says the moment as "16 October at 12:08".
func (m Moment) String() string { return time.Time(m).Format("2 January at 15:04") }

// EitherDuty are duties any one of which will do, as role keys.
type EitherDuty []string

// String joins the duties with "or", in words.
func (d EitherDuty) String() string {
	words := make([]string, len(d))
	for i, k := range d {
		words[i] = strings.ReplaceAll(k, "_", " ")
	}
	return strings.Join(words, " or ")
}

// Window is a span between two moments, said as the set's clock shows
// them; a zero From is open at the start, a zero Until at the end.
type Window struct{ From, Until time.Time }

// String says the window as "from 16 October at 12:08 until 16 October at
// 14:00".
func (w Window) String() string {
	switch {
	case w.From.IsZero() && w.Until.IsZero():
		return "at any time"
	case w.From.IsZero():
		return "until " + Moment(w.Until).String()
	case w.Until.IsZero():
		return "from " + Moment(w.From).String()
	}
	return "from " + Moment(w.From).String() + " until " + Moment(w.Until).String()
}

// Measure is a reading or a limit in a unit, such as 40 km/h.
type Measure struct {
	Value float64
	Unit  string
}

// String says the measure with its unit.
func (m Measure) String() string { return strconv.FormatFloat(m.Value, 'f', -1, 64) + " " + m.Unit }
