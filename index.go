package setsafe

import "time"

// This file holds the indexes a State keeps beside its rows: for one table
// each, the keys of its rows grouped by a property (a role, a day, being
// open), kept as rows change, so that the gate's situation and the day's
// board read the few rows they need instead of going through tables that
// grow with the crew and the days of shooting.

// index groups the keys of one table's rows: group says which group a row
// belongs to, if any.
type index struct {
	table string
	group func(Row) (string, bool)
}

// indexes are every index, by number; package variables register them.
var indexes []index

// addIndex registers an index and returns its number.
func addIndex(table string, group func(Row) (string, bool)) int {
	indexes = append(indexes, index{table: table, group: group})
	return len(indexes) - 1
}

// The indexes, with the tables they belong to.
var (
	grantsByRole     = addIndex(tableRoleGrants, func(r Row) (string, bool) { return string(r.(*RoleGrant).Role), true })
	peopleByDayAdded = addIndex(tablePeople, func(r Row) (string, bool) { return utcDay(r.(*Person).AddedAt), true })
	peopleByDayLeft  = addIndex(tablePeople, func(r Row) (string, bool) {
		p := r.(*Person)
		return utcDay(p.LeftAt), !p.LeftAt.IsZero()
	})
	trainingsByPerson   = addIndex(tableTrainings, func(r Row) (string, bool) { return r.(*Training).PersonID, true })
	permitsByPerson     = addIndex(tablePermits, func(r Row) (string, bool) { return r.(*Permit).PersonID, true })
	meetingsByDay       = addIndex(tableMeetings, func(r Row) (string, bool) { return r.(*SafetyMeeting).Day, true })
	attendanceByMeeting = addIndex(tableAttendance, func(r Row) (string, bool) { return r.(*Attendance).MeetingID, true })
	setUpsByDay         = addIndex(tableSetUps, func(r Row) (string, bool) { return r.(*SetUp).Day, true })
	firearmsOut         = addIndex(tableFirearms, func(r Row) (string, bool) {
		f := r.(*Firearm)
		return "", f.Custodian != "" && !f.Returned
	})
	// Loaded firearms secured in a store: with firearmsOut, what an
	// armorer on duty answers for.
	firearmsLoadedInStore = addIndex(tableFirearms, func(r Row) (string, bool) {
		f := r.(*Firearm)
		return "", f.Custodian == "" && f.LoadedRounds > 0 && !f.Returned
	})
	stopWorksInForce = addIndex(tableStopWorks, func(r Row) (string, bool) { return "", !r.(*StopWork).Lifted })
	concernsOpen     = addIndex(tableConcerns, func(r Row) (string, bool) {
		c := r.(*Concern)
		return c.Severity, !c.Closed()
	})
	concernsSealed      = addIndex(tableConcerns, func(r Row) (string, bool) { return "", r.(*Concern).ReporterSeal != "" })
	concernsByDayRaised = addIndex(tableConcerns, func(r Row) (string, bool) { return utcDay(r.(*Concern).RaisedAt), true })
	messagesByConcern   = addIndex(tableConcernMessages, func(r Row) (string, bool) { return r.(*ConcernMessage).ConcernID, true })
	discrepanciesOpen   = addIndex(tableDiscrepancies, func(r Row) (string, bool) { return "", !r.(*Discrepancy).Resolved })
	liveRoundsOpen      = addIndex(tableLiveRounds, func(r Row) (string, bool) { return "", !r.(*LiveRoundReport).Cleared })
	preparationsBySetUp = addIndex(tablePreparations, func(r Row) (string, bool) { return r.(*Preparation).SetUpID, true })
	// Preparations by set-up and the day they were done, as setup/day.
	preparationsBySetUpDay = addIndex(tablePreparations, func(r Row) (string, bool) {
		p := r.(*Preparation)
		return p.SetUpID + "/" + p.Day, true
	})
	// Check-ins not checked out, by the set's day they count for: who is
	// on site now reads today's only.
	checkedInByDay = addIndex(tableCheckIns, func(r Row) (string, bool) {
		c := r.(*CheckIn)
		return c.Day, !c.CheckedOut
	})
)

// utcDay is the calendar day of t in UTC, as YYYY-MM-DD.
func utcDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// utcDays calls f with each calendar day in UTC that the set's days from
// first to last (inclusive) fall on, given as the starts of those days in
// the set's time zone.
func utcDays(first, last time.Time, f func(day string)) {
	end := last.AddDate(0, 0, 1)
	for d := first.UTC().Truncate(24 * time.Hour); d.Before(end); d = d.Add(24 * time.Hour) {
		f(utcDay(d))
	}
}

// indexEntryBytes estimates the memory one key in an index takes.
const indexEntryBytes = 96

// indexRow keeps a table's indexes as one of its rows changes from old (nil
// when new) to r (nil when removed).
func (s *State) indexRow(table string, old, r Row) {
	for _, n := range tableIndexes[table] {
		ix := indexes[n]
		var was, is string
		var in, stays bool
		if old != nil {
			was, in = ix.group(old)
		}
		if r != nil {
			is, stays = ix.group(r)
		}
		if in && stays && was == is {
			continue
		}
		key := ""
		if old != nil {
			key = old.Key()
		} else {
			key = r.Key()
		}
		g := &s.groups[n]
		if in {
			keys, _ := g.get(was)
			keys.remove(s.own, key)
			if keys.Len() == 0 {
				g.remove(s.own, was)
			} else {
				g.set(s.own, was, keys)
			}
			s.bytes -= indexEntryBytes + int64(len(key))
		}
		if stays {
			keys, _ := g.get(is)
			keys.set(s.own, key, struct{}{})
			g.set(s.own, is, keys)
			s.bytes += indexEntryBytes + int64(len(key))
		}
	}
}

// grouped returns the rows of type R in a group of an index, in no
// particular order.
func grouped[R Row](s *State, n int, group string) []R {
	keys, _ := s.groups[n].get(group)
	out := make([]R, 0, keys.Len())
	t := s.table(indexes[n].table)
	keys.each(func(key string, _ struct{}) bool {
		if r, ok := t.get(key); ok {
			out = append(out, r.(R))
		}
		return true
	})
	return out
}
