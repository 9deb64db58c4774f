package sqldb

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

func TestRebindQuestion(t *testing.T) {
	tests := map[string]string{
		"SELECT 1":                             "SELECT 1",
		"a = ? AND b = ?":                      "a = $1 AND b = $2",
		"x = '?' AND y = ?":                    "x = '?' AND y = $1",
		"INSERT INTO t VALUES (?, 'it''s', ?)": "INSERT INTO t VALUES ($1, 'it''s', $2)",
	}
	for in, want := range tests {
		if got := RebindQuestion(in); got != want {
			t.Errorf("RebindQuestion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEveryRowTypeMaps(t *testing.T) {
	list, _ := projectionTables()
	if len(list) != len(setsafe.RowTypes()) {
		t.Fatalf("%d tables for %d row types", len(list), len(setsafe.RowTypes()))
	}
	for _, tb := range list {
		if len(tb.keyCols) < 2 || !strings.Contains(tb.upsertSQL(2), "ON CONFLICT (ledger_id") {
			t.Errorf("table %s has no key beyond ledger_id", tb.name)
		}
		if !strings.Contains(strings.Join(tb.columnNames(), ","), "last_seq") {
			t.Errorf("table %s has no last_seq column", tb.name)
		}
	}
}

// TestValuesRoundTrip maps a row to column values and back, as a write and
// a read would.
func TestValuesRoundTrip(t *testing.T) {
	p := &setsafe.Person{ID: "p1", Name: "Rosa", Department: "Armory", HasPIN: true, Active: true,
		AddedAt: time.Date(2021, 10, 21, 12, 0, 0, 123000, time.UTC), LastSeq: 7}
	tb := tableOf(p)
	vals := tb.values("red-mesa", p)
	targets := tb.scanTargets()
	for i, v := range vals {
		switch h := targets[i].(type) {
		case *string:
			*h = v.(string)
		case *int64:
			*h = v.(int64)
		case *bool:
			*h = v.(bool)
		default:
			if v != nil {
				setNull(h, v.(int64))
			}
		}
	}
	row, again := tb.fromTargets(targets)
	if got := row.(*setsafe.Person); *got != *p {
		t.Fatalf("round trip: %+v, want %+v", got, p)
	}
	if d := tb.diff(vals, again); len(d) != 0 {
		t.Fatalf("values differ after a round trip: %v", d)
	}
	changed := *p
	changed.Name = "Hallie"
	if d := tb.diff(vals, tb.values("red-mesa", &changed)); len(d) != 1 || !strings.Contains(d[0], `name is "Rosa" in the table but "Hallie"`) {
		t.Fatalf("diff: %v", d)
	}
}

func setNull(h any, v int64) {
	n := h.(*sql.NullInt64)
	n.Int64, n.Valid = v, true
}
