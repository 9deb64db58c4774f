package setsafe

import (
	"fmt"
	"testing"
	"time"
)

func TestIsSurge(t *testing.T) {
	tests := []struct {
		name  string
		today int
		usual float64
		want  bool
	}{
		{"a quiet day", 0, 0, false},
		{"two on a production where nothing happens", 2, 0, false},
		{"three on a production where nothing happens", 3, 0, true},
		{"three times the usual one", 3, 1, true},
		{"just under three times the usual", 3, 1.01, false},
		{"the Rust walk-off: six left, usually nobody", 6, 0.2, true},
		{"six on a production where two come and go each day", 6, 2, true},
		{"six where more than two come and go each day", 6, 2.1, false},
		{"an ordinary busy day", 10, 8, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsSurge(tt.today, tt.usual); got != tt.want {
				t.Errorf("IsSurge(%d, %v) = %v, want %v", tt.today, tt.usual, got, tt.want)
			}
		})
	}
}

// TestSurge builds three weeks of a production in Denver, with its
// ordinary comings and goings, and a walk-off on the last day; it checks
// that the surge counts days in the set's time zone and over the window,
// and that it leaves out the day the production was set up.
func TestSurge(t *testing.T) {
	w := newWorld(t) // set up on 21 October 2021, Denver time
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Fatal(err)
	}
	y, m, d := t0.In(denver).Date()
	dayAt := func(n, hour, minute int) time.Time { return time.Date(y, m, d+n, hour, minute, 0, 0, denver) }
	const walkOff = 21 // 11 November, after the clocks went back
	joined, left, raised := map[int]int{}, map[int]int{}, map[int]int{}
	added := 0
	join := func(day int, name string) string {
		added++
		id := fmt.Sprintf("p%d", added)
		w.must("red-mesa", PersonActor("dana"), AddPerson{ID: id, PersonDetails: PersonDetails{Name: name}, Roles: []Role{RoleCrew}})
		joined[day]++
		return id
	}
	raise := func(day int) {
		w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: NewID(), Category: CategoryFatigue, Severity: SeverityNormal,
			Description: "Long days", Mode: ReportNamed})
		raised[day]++
	}
	var camera []string
	for day := 1; day < walkOff; day++ {
		w.now = dayAt(day, 12, 0)
		if day == 3 {
			for i := range 6 {
				camera = append(camera, join(day, fmt.Sprintf("Camera %d", i+1)))
			}
		}
		if day%2 == 0 {
			join(day, "Day player")
		}
		if day%4 == 0 {
			raise(day)
		}
		if day%5 == 0 {
			id := join(day, "Driver")
			w.now = dayAt(day, 18, 0)
			w.must("red-mesa", PersonActor("dana"), RemovePerson{ID: id, Reason: "Wrapped"})
			left[day]++
		}
	}
	// Late on the eve of the walk-off, Denver time: already the next day
	// in UTC, yet not today.
	w.now = dayAt(walkOff-1, 23, 30)
	raise(walkOff - 1)

	w.now = dayAt(walkOff, 7, 0)
	for _, id := range camera {
		w.must("red-mesa", PersonActor("dana"), RemovePerson{ID: id, Reason: "Walked off over conditions"})
		left[walkOff]++
	}
	for i := range 5 {
		join(walkOff, fmt.Sprintf("Replacement %d", i+1))
	}
	for range 4 {
		raise(walkOff)
	}

	usual := func(counts ...map[int]int) float64 {
		total := 0
		for day := walkOff - SurgeWindowDays; day < walkOff; day++ {
			for _, c := range counts {
				total += c[day]
			}
		}
		return float64(total) / SurgeWindowDays
	}
	s := w.prod.Surge(dayAt(walkOff, 18, 0))
	want := Surge{Day: dayAt(walkOff, 0, 0).Format(time.DateOnly), UsualDays: SurgeWindowDays,
		Concerns:    Figure{Today: raised[walkOff], Usual: usual(raised)},
		Left:        Figure{Today: left[walkOff], Usual: usual(left)},
		Joined:      Figure{Today: joined[walkOff], Usual: usual(joined)},
		CrewChanges: Figure{Today: left[walkOff] + joined[walkOff], Usual: usual(left, joined)}}
	for _, f := range []*Figure{&want.Concerns, &want.Left, &want.Joined, &want.CrewChanges} {
		f.Surge = IsSurge(f.Today, f.Usual)
	}
	if s != want {
		t.Fatalf("the walk-off:\n got %+v\nwant %+v", s, want)
	}
	if !s.Any() || !s.Left.Surge || !s.CrewChanges.Surge || !s.Concerns.Surge {
		t.Errorf("the walk-off is not a surge: %+v", s)
	}

	// The next day is ordinary again, though the walk-off is in its
	// usual days.
	if next := w.prod.Surge(dayAt(walkOff+1, 9, 0)); next.Any() || next.Left.Today != 0 || next.Left.Usual <= s.Left.Usual {
		t.Errorf("the day after: %+v", next)
	}
}

// TestSurgeEarlyDays checks the production's first days: the day it is
// set up, when the crew list is entered, is never a surge nor part of the
// usual day; the day after, with no usual day yet, three is enough.
func TestSurgeEarlyDays(t *testing.T) {
	tests := []struct {
		name      string
		day       int // days after the set-up day
		leave     int
		wantSurge bool
		wantDays  int
	}{
		{"set-up day, the whole crew entered", 0, 0, false, 0},
		{"set-up day, people leave too", 0, 3, false, 0},
		{"the day after, two leave", 1, 2, false, 0},
		{"the day after, three leave", 1, 3, true, 0},
		{"the third day", 2, 3, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			for i := range 6 {
				w.must("red-mesa", PersonActor("dana"), AddPerson{ID: fmt.Sprintf("c%d", i), PersonDetails: PersonDetails{Name: "Crew"}, Roles: []Role{RoleCrew}})
			}
			w.now = t0.AddDate(0, 0, tt.day).Add(10 * time.Hour)
			for i := range tt.leave {
				w.must("red-mesa", PersonActor("dana"), RemovePerson{ID: fmt.Sprintf("c%d", i), Reason: "Walked off"})
			}
			s := w.prod.Surge(w.now)
			if s.Any() != tt.wantSurge || s.UsualDays != tt.wantDays || s.FirstDay != (tt.day == 0) || s.Left.Today != tt.leave {
				t.Errorf("%+v: want surge %v over %d usual days", s, tt.wantSurge, tt.wantDays)
			}
			if tt.day == 0 && s.Joined.Today < SurgeMinimum {
				t.Errorf("the set-up day counts %d joined, not the whole crew", s.Joined.Today)
			}
		})
	}
}
