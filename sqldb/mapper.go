package sqldb

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

type columnKind int

const (
	kindText columnKind = iota
	kindInt
	kindBool
	kindTime
	kindBytes
	kindFloat
)

type column struct {
	name  string
	field []int
	kind  columnKind
	key   bool
}

// table maps one projection row type to its SQL table. Every projection table
// has a ledger_id column first, then the row's tagged fields.
type table struct {
	name    string
	typ     reflect.Type
	cols    []column
	keyCols []string
}

var (
	tablesOnce sync.Once
	tables     map[string]*table
	tableList  []*table
)

func projectionTables() ([]*table, map[string]*table) {
	tablesOnce.Do(func() {
		tables = map[string]*table{}
		for _, r := range setsafe.RowTypes() {
			t := mapRow(r)
			tables[t.name] = t
			tableList = append(tableList, t)
		}
	})
	return tableList, tables
}

func tableOf(r setsafe.Row) *table {
	_, m := projectionTables()
	t := m[r.Table()]
	if t == nil {
		panic(fmt.Sprintf("sqldb: no table for row type %T", r))
	}
	return t
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	bytesType = reflect.TypeFor[[]byte]()
)

func mapRow(r setsafe.Row) *table {
	typ := reflect.TypeOf(r).Elem()
	t := &table{name: r.Table(), typ: typ, keyCols: []string{"ledger_id"}}
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("db")
		if tag == "" || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		c := column{name: name, field: f.Index, key: opt == "key"}
		switch {
		case f.Type == timeType:
			c.kind = kindTime
		case f.Type == bytesType:
			c.kind = kindBytes
		case f.Type.Kind() == reflect.String:
			c.kind = kindText
		case f.Type.Kind() == reflect.Bool:
			c.kind = kindBool
		case f.Type.Kind() == reflect.Int64 || f.Type.Kind() == reflect.Int:
			c.kind = kindInt
		case f.Type.Kind() == reflect.Float64:
			c.kind = kindFloat
		default:
			panic(fmt.Sprintf("sqldb: field %s.%s has unsupported type %s", typ.Name(), f.Name, f.Type))
		}
		t.cols = append(t.cols, c)
		if c.key {
			t.keyCols = append(t.keyCols, name)
		}
	}
	return t
}

// columnNames returns ledger_id and every mapped column.
func (t *table) columnNames() []string {
	names := []string{"ledger_id"}
	for _, c := range t.cols {
		names = append(names, c.name)
	}
	return names
}

// values returns a row's column values as stored, ledger_id first.
func (t *table) values(ledger string, r setsafe.Row) []any {
	v := reflect.ValueOf(r).Elem()
	out := make([]any, 0, len(t.cols)+1)
	out = append(out, ledger)
	for _, c := range t.cols {
		f := v.FieldByIndex(c.field)
		switch c.kind {
		case kindText:
			out = append(out, f.String())
		case kindInt:
			out = append(out, f.Int())
		case kindBool:
			out = append(out, f.Bool())
		case kindTime:
			if tm := f.Interface().(time.Time); tm.IsZero() {
				out = append(out, nil)
			} else {
				out = append(out, tm.UnixMicro())
			}
		case kindBytes:
			out = append(out, f.Bytes())
		case kindFloat:
			out = append(out, f.Float())
		}
	}
	return out
}

// scanTargets returns holders to scan one row of selectColumns into.
func (t *table) scanTargets() []any {
	out := make([]any, 0, len(t.cols)+1)
	out = append(out, new(string))
	for _, c := range t.cols {
		switch c.kind {
		case kindText:
			out = append(out, new(string))
		case kindInt:
			out = append(out, new(int64))
		case kindBool:
			out = append(out, new(bool))
		case kindTime:
			out = append(out, new(sql.NullInt64))
		case kindBytes:
			out = append(out, new([]byte))
		case kindFloat:
			out = append(out, new(float64))
		}
	}
	return out
}

// fromTargets builds a row from scanned holders and returns it with the
// values in the form [table.values] gives.
func (t *table) fromTargets(targets []any) (setsafe.Row, []any) {
	rv := reflect.New(t.typ)
	vals := make([]any, 0, len(targets))
	vals = append(vals, *targets[0].(*string))
	for i, c := range t.cols {
		f := rv.Elem().FieldByIndex(c.field)
		switch h := targets[i+1].(type) {
		case *string:
			f.SetString(*h)
			vals = append(vals, *h)
		case *int64:
			f.SetInt(*h)
			vals = append(vals, *h)
		case *bool:
			f.SetBool(*h)
			vals = append(vals, *h)
		case *sql.NullInt64:
			if h.Valid {
				f.Set(reflect.ValueOf(time.UnixMicro(h.Int64).UTC()))
				vals = append(vals, h.Int64)
			} else {
				vals = append(vals, nil)
			}
		case *[]byte:
			f.SetBytes(*h)
			vals = append(vals, *h)
		case *float64:
			f.SetFloat(*h)
			vals = append(vals, *h)
		}
	}
	return rv.Interface().(setsafe.Row), vals
}

func (t *table) selectSQL(where string) string {
	return "SELECT " + strings.Join(t.columnNames(), ", ") + " FROM " + t.name + " WHERE " + where
}

// upsertSQL returns a statement that inserts or replaces n rows.
func (t *table) upsertSQL(n int) string {
	names := t.columnNames()
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(" ON CONFLICT (" + strings.Join(t.keyCols, ", ") + ") DO UPDATE SET ")
	first := true
	for _, name := range names {
		if slices.Contains(t.keyCols, name) {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(name + " = excluded." + name)
	}
	return b.String()
}

func (t *table) deleteSQL() string {
	conds := make([]string, len(t.keyCols))
	for i, k := range t.keyCols {
		conds[i] = k + " = ?"
	}
	return "DELETE FROM " + t.name + " WHERE " + strings.Join(conds, " AND ")
}

// keyValues returns ledger_id and the key columns' values of a row.
func (t *table) keyValues(ledger string, r setsafe.Row) []any {
	all := t.values(ledger, r)
	out := []any{ledger}
	for i, c := range t.cols {
		if c.key {
			out = append(out, all[i+1])
		}
	}
	return out
}

// diff describes how two value lists of this table differ, column by column.
func (t *table) diff(stored, replayed []any) []string {
	names := t.columnNames()
	var out []string
	for i := range names {
		if !sameValue(stored[i], replayed[i]) {
			out = append(out, fmt.Sprintf("%s is %s in the table but %s from the ledger", names[i], show(stored[i]), show(replayed[i])))
		}
	}
	return out
}

func sameValue(a, b any) bool {
	ab, aok := a.([]byte)
	bb, bok := b.([]byte)
	if aok || bok {
		return aok && bok && string(ab) == string(bb)
	}
	return a == b
}

func show(v any) string {
	switch v := v.(type) {
	case nil:
		return "empty"
	case string:
		return fmt.Sprintf("%q", v)
	case []byte:
		return fmt.Sprintf("%x", v)
	default:
		return fmt.Sprint(v)
	}
}
