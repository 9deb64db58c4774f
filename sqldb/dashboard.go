package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/setsafe/setsafe/dashboard"
)

// DashboardFacts gathers the facts of the productions given since a
// moment, each table read once for a chunk of productions: the studio's
// view across many productions costs a few queries, not a state each.
// Productions that do not exist are left out.
func (db *DB) DashboardFacts(ctx context.Context, productions []string, since time.Time) ([]dashboard.Facts, error) {
	ids := slices.Clone(productions)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	facts := map[string]*dashboard.Facts{}
	err := inChunks(ids, func(chunk []string) error {
		return db.dashboardChunk(ctx, chunk, since, facts)
	})
	if err != nil {
		return nil, err
	}
	out := make([]dashboard.Facts, 0, len(facts))
	for _, id := range ids {
		if f := facts[id]; f != nil {
			out = append(out, *f)
		}
	}
	return out, nil
}

// dashboardChunk reads the facts of one chunk of productions.
func (db *DB) dashboardChunk(ctx context.Context, chunk []string, since time.Time, facts map[string]*dashboard.Facts) error {
	ids := make([]any, len(chunk))
	for i, id := range chunk {
		ids[i] = id
	}
	in := "ledger_id IN (" + placeholders(len(chunk)) + ")"
	sinceUS := since.UnixMicro()
	// Refusals are counted by day on each set's clock: a day before the
	// moment in UTC holds every zone's.
	firstDay := since.UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	read := func(what, query string, extra []any, scan func(rows *sql.Rows) error) error {
		rows, err := db.query(ctx, query, append(slices.Clone(ids), extra...)...)
		if err != nil {
			return db.classify(fmt.Errorf("read %s for the dashboard: %w", what, err))
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return db.classify(fmt.Errorf("read %s for the dashboard: %w", what, err))
			}
		}
		return db.classify(rows.Err())
	}
	micros := func(us sql.NullInt64) time.Time {
		if !us.Valid {
			return time.Time{}
		}
		return time.UnixMicro(us.Int64).UTC()
	}
	var id string
	err := read("productions", "SELECT ledger_id, name, time_zone FROM productions WHERE "+in, nil, func(rows *sql.Rows) error {
		var name, zone string
		if err := rows.Scan(&id, &name, &zone); err != nil {
			return err
		}
		facts[id] = &dashboard.Facts{Production: id, Name: name, Zone: zoneOf(zone)}
		return nil
	})
	if err != nil {
		return err
	}
	// of returns the facts of the row's production, or a throwaway for a
	// row of a production that has none (it cannot happen in a database
	// setsafe wrote).
	of := func(id string) *dashboard.Facts {
		if f := facts[id]; f != nil {
			return f
		}
		return &dashboard.Facts{}
	}
	steps := []struct {
		what, query string
		extra       []any
		scan        func(rows *sql.Rows) error
	}{
		{"concerns", "SELECT ledger_id, severity, raised_us, acknowledged_us FROM concerns WHERE " + in + " AND raised_us >= ?", []any{sinceUS}, func(rows *sql.Rows) error {
			var sev string
			var raised, acked sql.NullInt64
			if err := rows.Scan(&id, &sev, &raised, &acked); err != nil {
				return err
			}
			f := of(id)
			f.Concerns = append(f.Concerns, dashboard.Concern{Severity: sev, Raised: micros(raised), Acknowledged: micros(acked)})
			return nil
		}},
		{"incidents", "SELECT ledger_id, kind, occurred_us FROM incidents WHERE " + in + " AND occurred_us >= ?", []any{sinceUS}, func(rows *sql.Rows) error {
			var kind string
			var at sql.NullInt64
			if err := rows.Scan(&id, &kind, &at); err != nil {
				return err
			}
			f := of(id)
			f.Incidents = append(f.Incidents, dashboard.Incident{Kind: kind, Occurred: micros(at)})
			return nil
		}},
		{"refusals", "SELECT ledger_id, day, rule, count FROM refusal_counts WHERE " + in + " AND day >= ?", []any{firstDay}, func(rows *sql.Rows) error {
			var r dashboard.RefusalCount
			if err := rows.Scan(&id, &r.Day, &r.Rule, &r.Count); err != nil {
				return err
			}
			f := of(id)
			f.Refusals = append(f.Refusals, r)
			return nil
		}},
		{"alerts", "SELECT ledger_id, kind, raised_us FROM alerts WHERE " + in + " AND raised_us >= ?", []any{sinceUS}, func(rows *sql.Rows) error {
			var kind string
			var at sql.NullInt64
			if err := rows.Scan(&id, &kind, &at); err != nil {
				return err
			}
			f := of(id)
			f.Alerts = append(f.Alerts, dashboard.Alert{Kind: kind, Raised: micros(at)})
			return nil
		}},
		{"stop-works", "SELECT ledger_id, called_us FROM stop_works WHERE " + in + " AND called_us >= ?", []any{sinceUS}, func(rows *sql.Rows) error {
			var at sql.NullInt64
			if err := rows.Scan(&id, &at); err != nil {
				return err
			}
			f := of(id)
			f.StopWorks = append(f.StopWorks, micros(at))
			return nil
		}},
		{"corrective actions", "SELECT ledger_id, due FROM corrective_actions WHERE " + in + " AND state = 'open'", nil, func(rows *sql.Rows) error {
			var due string
			if err := rows.Scan(&id, &due); err != nil {
				return err
			}
			f := of(id)
			f.Actions = append(f.Actions, dashboard.Action{Due: due})
			return nil
		}},
		{"patterns", "SELECT ledger_id, COUNT(*) FROM incident_patterns WHERE " + in + " AND state <> 'reviewed' GROUP BY ledger_id", nil, func(rows *sql.Rows) error {
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			of(id).Patterns = n
			return nil
		}},
	}
	for _, st := range steps {
		if err := read(st.what, st.query, st.extra, st.scan); err != nil {
			return err
		}
	}
	return nil
}

// zones keeps the time zones read, by name: reading one from the system's
// database costs more than a studio view's counting.
var zones sync.Map

// zoneOf returns the named time zone, UTC when it cannot be read.
func zoneOf(name string) *time.Location {
	if z, ok := zones.Load(name); ok {
		return z.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	zones.Store(name, loc)
	return loc
}
