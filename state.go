package setsafe

import (
	"cmp"
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"
)

// Row is one row of a projection table: the current state of one thing in a
// ledger, such as a person or a role grant. Storage keeps rows in tables of
// the same name, keyed by ledger and by the fields tagged `db:"...,key"`.
type Row interface {
	// Table is the name of the projection table the row belongs to.
	Table() string
	// Key identifies the row within its ledger and table.
	Key() string
}

// RowTypes returns one zero value of every projection row type, ordered by
// table name, so that storage can map them to tables.
func RowTypes() []Row {
	out := make([]Row, 0, len(rowTypes))
	for _, name := range slices.Sorted(maps.Keys(rowTypes)) {
		out = append(out, rowTypes[name]())
	}
	return out
}

// rowTypes makes a zero row of each projection table, by table name. The
// init of the file that declares a row type adds it.
var rowTypes = map[string]func() Row{}

// Change is a row that an event created, changed or deleted.
type Change struct {
	Row     Row
	Deleted bool
}

type rowRef struct{ table, key string }

// State is the current state of one ledger: the fold of its events. The
// writer keeps it in memory to decide commands; verification rebuilds it from
// the events and compares it with the stored projection tables.
//
// Commands read a State and must not change it; only [State.Apply] does.
// A State is not safe for concurrent use while it is applied to; a
// [State.Snapshot] of it is, and costs nothing however large the state.
type State struct {
	// Ledger is the ID of the ledger: a production ID or [SiteLedger].
	Ledger string
	// Size is the number of events applied, which is also the sequence number
	// of the last one.
	Size int64
	// LastTime is the time of the last event applied.
	LastTime time.Time

	// rows holds each projection table's rows by key, tables in the order
	// of tableNumber. Rows are never changed once stored: an event that
	// changes one stores a changed copy, so that snapshots keep theirs.
	rows    []pmap[Row]
	changes map[rowRef]Change
	// own marks the nodes of rows and indexes this state may change in
	// place; nil for a snapshot, which never changes.
	own *owner

	// byAccount finds the active person linked to an account, and
	// accountOf the account each such person is indexed under.
	byAccount pmap[string]
	accountOf pmap[string]
	// groups holds each index's groups of keys, indexes in the order of
	// their numbers (see index.go).
	groups []pmap[pmap[struct{}]]

	// bytes estimates the memory the rows take, kept as they change.
	bytes int64
}

var (
	tablesOnce   sync.Once
	tableNumbers map[string]int
	// tableIndexes are the numbers of each table's indexes.
	tableIndexes map[string][]int
)

// tableNumber returns the position of a projection table in State.rows,
// or -1 for a name that is not a projection table.
func tableNumber(name string) int {
	tablesOnce.Do(func() {
		tablesSealed = true
		tableNumbers = map[string]int{}
		for i, name := range slices.Sorted(maps.Keys(rowTypes)) {
			tableNumbers[name] = i
		}
		tableIndexes = map[string][]int{}
		for n, ix := range indexes {
			tableIndexes[ix.table] = append(tableIndexes[ix.table], n)
		}
	})
	if n, ok := tableNumbers[name]; ok {
		return n
	}
	return -1
}

// NewState returns the empty state of a ledger with no events.
func NewState(ledger string) *State {
	tableNumber("")
	return &State{Ledger: ledger, rows: make([]pmap[Row], len(tableNumbers)), groups: make([]pmap[pmap[struct{}]], len(indexes)),
		changes: map[rowRef]Change{}, own: &owner{}}
}

// Snapshot returns the state as it is now, which later events applied to
// s do not change. It costs the same however large the state: the two
// share their rows until one of them changes. A snapshot is safe for
// concurrent use; it cannot be applied to (see [State.Copy]).
func (s *State) Snapshot() *State {
	c := s.share()
	c.own, c.changes = nil, nil
	return c
}

// Copy returns a copy of the state that events can be applied to, apart
// from s: changes to either do not show in the other. Like a snapshot, it
// shares the rows of s until one of them changes. Copying a snapshot is
// safe for concurrent use.
func (s *State) Copy() *State {
	c := s.share()
	c.changes = map[rowRef]Change{}
	c.own = &owner{}
	return c
}

// share returns a state that shares everything with s, which from then on
// copies a node before it changes one.
func (s *State) share() *State {
	c := *s
	c.rows = slices.Clone(s.rows)
	c.groups = slices.Clone(s.groups)
	if s.own != nil {
		s.own = &owner{}
	}
	return &c
}

// Load puts a row read from storage into the state without recording a
// change. Storage uses it to restore a state from its projection tables.
func (s *State) Load(r Row) {
	old, replaced := s.rows[tableNumber(r.Table())].set(s.own, r.Key(), r)
	s.bytes += rowBytes(r)
	if replaced {
		s.bytes -= rowBytes(old)
	}
	s.indexRow(r.Table(), old, r)
	if p, ok := r.(*Person); ok {
		s.index(p)
	}
}

// Bytes estimates the memory the state's rows take, shared with its
// snapshots or not. It is kept as rows change, at no cost to read.
func (s *State) Bytes() int64 { return s.bytes }

// rowOverhead is what keeping a row costs besides its fields and text: its
// slot in the map, its share of the map's nodes, and its key.
const rowOverhead = 160

var rowTexts sync.Map // reflect.Type → []int: the fields of a row type that hold text

// rowBytes estimates the memory a row takes: its fields, its text, and its
// place in the map.
func rowBytes(r Row) int64 {
	v := reflect.ValueOf(r).Elem()
	fields, ok := rowTexts.Load(v.Type())
	if !ok {
		var texts []int
		for i := range v.NumField() {
			if k := v.Field(i).Kind(); k == reflect.String || k == reflect.Slice {
				texts = append(texts, i)
			}
		}
		fields, _ = rowTexts.LoadOrStore(v.Type(), texts)
	}
	n := int64(v.Type().Size()) + rowOverhead
	for _, i := range fields.([]int) {
		n += int64(v.Field(i).Len())
	}
	return n
}

// index keeps byAccount up to date for a person whose row was just stored.
func (s *State) index(p *Person) {
	if old, ok := s.accountOf.get(p.ID); ok {
		if id, _ := s.byAccount.get(old); id == p.ID {
			s.byAccount.remove(s.own, old)
		}
		s.accountOf.remove(s.own, p.ID)
	}
	if p.Active && p.AccountID != "" {
		s.byAccount.set(s.own, p.AccountID, p.ID)
		s.accountOf.set(s.own, p.ID, p.AccountID)
	}
}

// table returns the rows of the named table, or nil if there is no such
// table.
func (s *State) table(name string) *pmap[Row] {
	if n := tableNumber(name); n >= 0 {
		return &s.rows[n]
	}
	return nil
}

// Rows returns every row of the named table, ordered by key.
func (s *State) Rows(table string) []Row { return all[Row](s, table) }

// Row returns the row of the named table with the given key, or nil.
func (s *State) Row(table, key string) Row {
	if t := s.table(table); t != nil {
		r, _ := t.get(key)
		return r
	}
	return nil
}

// TakeChanges returns the rows changed since the last call, in a stable
// order, and forgets them.
func (s *State) TakeChanges() []Change {
	out := make([]Change, 0, len(s.changes))
	for _, c := range s.changes {
		out = append(out, c)
	}
	clear(s.changes)
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Row.Table(), b.Row.Table()), cmp.Compare(a.Row.Key(), b.Row.Key()))
	})
	return out
}

func (s *State) put(r Row) {
	s.Load(r)
	s.changes[rowRef{r.Table(), r.Key()}] = Change{Row: r}
}

func (s *State) remove(r Row) {
	if old, removed := s.rows[tableNumber(r.Table())].remove(s.own, r.Key()); removed {
		s.bytes -= rowBytes(old)
		s.indexRow(r.Table(), old, nil)
	}
	s.changes[rowRef{r.Table(), r.Key()}] = Change{Row: r, Deleted: true}
}

// lookup returns the row of type R with the given key, or the zero R.
// The row must not be changed: apply changes a copy (see edit).
func lookup[R Row](s *State, table, key string) R {
	r, _ := s.Row(table, key).(R)
	return r
}

// edit returns a copy of a row to change and store again, or nil for no
// row: a stored row is never changed, since snapshots share it.
func edit[T any, R interface {
	*T
	Row
}](r R) R {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

// each calls f for every row of type R in the table, in no particular
// order: for reads that do not depend on it.
func each[R Row](s *State, table string, f func(R)) {
	if t := s.table(table); t != nil {
		t.each(func(_ string, r Row) bool {
			if v, ok := r.(R); ok {
				f(v)
			}
			return true
		})
	}
}

// byKey orders rows by key.
func byKey[R Row](a, b R) int { return cmp.Compare(a.Key(), b.Key()) }

// all returns every row of type R in the table, ordered by key.
func all[R Row](s *State, table string) []R {
	t := s.table(table)
	if t == nil {
		return []R{}
	}
	out := make([]R, 0, t.Len())
	t.each(func(_ string, r Row) bool {
		if v, ok := r.(R); ok {
			out = append(out, v)
		}
		return true
	})
	slices.SortFunc(out, byKey)
	return out
}
