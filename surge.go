package setsafe

import "time"

// What makes a day a surge: see [IsSurge].
const (
	// SurgeWindowDays is how many days before today the usual day is the
	// average of.
	SurgeWindowDays = 14
	// SurgeMinimum is the fewest concerns or crew changes in a day that
	// can be a surge.
	SurgeMinimum = 3
	// SurgeFactor is how many times the usual day's figure today must
	// reach.
	SurgeFactor = 3
)

// IsSurge reports whether today's count is a surge against usual, the
// production's usual daily count: at least SurgeMinimum (3) today, and at
// least SurgeFactor (3) times the usual day.
//
// The minimum keeps ordinary days quiet on a production whose usual day
// is nothing: one person leaving for another job, or two concerns about
// the same puddle, is not a walk-off. The factor keeps a busy production's
// ordinary day quiet too: where two or three people come and go each day,
// it takes six or more to stand out. On the Rust set six camera crew
// walked off one morning over conditions and replacements arrived the
// same day (Rust, link 5): six left against a usual day with nobody
// leaving, which both tests catch.
func IsSurge(today int, usual float64) bool {
	return today >= SurgeMinimum && float64(today) >= SurgeFactor*usual
}

// Figure is one count of today beside the production's usual day.
type Figure struct {
	Today int `json:"today"`
	// Usual is the daily average over the usual days.
	Usual float64 `json:"usual"`
	// Surge says whether today is a surge by [IsSurge].
	Surge bool `json:"surge"`
}

func figure(today, before, days int) Figure {
	var usual float64
	if days > 0 {
		usual = float64(before) / float64(days)
	}
	f := Figure{Today: today, Usual: usual}
	f.Surge = IsSurge(f.Today, f.Usual)
	return f
}

// Surge is a production's day beside its usual day: the concerns raised
// and the people who left or joined the crew today, against the daily
// average of the days before. A walk-off shows as a surge in crew
// changes, and often in concerns.
type Surge struct {
	// Day is today in the set's time zone, YYYY-MM-DD.
	Day string `json:"day"`
	// UsualDays is how many days the usual figures are the average of:
	// the SurgeWindowDays before today, leaving out the day the
	// production was set up and any before it.
	UsualDays int `json:"usual_days"`
	// FirstDay is true on the day the production was set up, when its
	// crew list is entered: nothing is a surge then.
	FirstDay bool   `json:"first_day"`
	Concerns Figure `json:"concerns"`
	Left     Figure `json:"left"`
	Joined   Figure `json:"joined"`
	// CrewChanges are the people who left and those who joined together:
	// a walk-off with replacements arriving the same day.
	CrewChanges Figure `json:"crew_changes"`
}

// Any reports whether anything is a surge today.
func (s Surge) Any() bool {
	return s.Concerns.Surge || s.CrewSurge()
}

// CrewSurge reports whether the people who left, those who joined, or
// both together, are a surge today.
func (s Surge) CrewSurge() bool {
	return s.Left.Surge || s.Joined.Surge || s.CrewChanges.Surge
}

// Surge compares today, in the set's time zone, with the production's
// usual day: concerns raised, people who left and people who joined.
func (s *State) Surge(now time.Time) Surge {
	loc := s.location()
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	from := today.AddDate(0, 0, -SurgeWindowDays)
	out := Surge{Day: day(now, loc)}
	if p := s.Production(); p != nil {
		y, m, d := p.CreatedAt.In(loc).Date()
		setUp := time.Date(y, m, d, 0, 0, 0, 0, loc)
		out.FirstDay = !setUp.Before(today)
		if after := setUp.AddDate(0, 0, 1); after.After(from) {
			from = after
		}
	}
	for d := from; d.Before(today); d = d.AddDate(0, 0, 1) {
		out.UsualDays++
	}
	// Each count holds today's figure and the usual days' total.
	type count struct{ today, before int }
	var concerns, left, joined count
	add := func(c *count, t time.Time) {
		switch {
		case !t.Before(today):
			c.today++
		case !t.Before(from):
			c.before++
		}
	}
	first := from
	if today.Before(first) {
		first = today // the set-up day: only today counts
	}
	utcDays(first, today, func(d string) {
		for _, p := range grouped[*Person](s, peopleByDayAdded, d) {
			add(&joined, p.AddedAt)
		}
		for _, p := range grouped[*Person](s, peopleByDayLeft, d) {
			add(&left, p.LeftAt)
		}
		for _, c := range grouped[*Concern](s, concernsByDayRaised, d) {
			add(&concerns, c.RaisedAt)
		}
	})
	out.Concerns = figure(concerns.today, concerns.before, out.UsualDays)
	out.Left = figure(left.today, left.before, out.UsualDays)
	out.Joined = figure(joined.today, joined.before, out.UsualDays)
	out.CrewChanges = figure(left.today+joined.today, left.before+joined.before, out.UsualDays)
	if out.FirstDay {
		for _, f := range []*Figure{&out.Concerns, &out.Left, &out.Joined, &out.CrewChanges} {
			f.Surge = false
		}
	}
	return out
}
