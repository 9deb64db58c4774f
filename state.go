package setsafe

import (
	"cmp"
	"maps"
	"slices"
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
type State struct {
	// Ledger is the ID of the ledger: a production ID or [SiteLedger].
	Ledger string
	// Size is the number of events applied, which is also the sequence number
	// of the last one.
	Size int64
	// LastTime is the time of the last event applied.
	LastTime time.Time

	rows    map[string]map[string]Row
	changes map[rowRef]Change

	// byAccount finds the active person linked to an account, and
	// accountOf the account each such person is indexed under.
	byAccount map[string]string
	accountOf map[string]string
	// same finds people by e-mail address and firearms by make and serial.
	same sameIndex
}

// NewState returns the empty state of a ledger with no events.
func NewState(ledger string) *State {
	return &State{Ledger: ledger, rows: map[string]map[string]Row{}, changes: map[rowRef]Change{},
		byAccount: map[string]string{}, accountOf: map[string]string{}}
}

// Load puts a row read from storage into the state without recording a
// change. Storage uses it to restore a state from its projection tables.
func (s *State) Load(r Row) {
	t := s.rows[r.Table()]
	if t == nil {
		t = map[string]Row{}
		s.rows[r.Table()] = t
	}
	t[r.Key()] = r
	if p, ok := r.(*Person); ok {
		s.index(p)
	}
	s.same.load(r)
}

// index keeps byAccount up to date for a person whose row was just stored.
func (s *State) index(p *Person) {
	if old, ok := s.accountOf[p.ID]; ok && s.byAccount[old] == p.ID {
		delete(s.byAccount, old)
	}
	delete(s.accountOf, p.ID)
	if p.Active && p.AccountID != "" {
		s.byAccount[p.AccountID] = p.ID
		s.accountOf[p.ID] = p.AccountID
	}
}

// Rows returns every row of the named table, ordered by key.
func (s *State) Rows(table string) []Row {
	t := s.rows[table]
	out := make([]Row, 0, len(t))
	for _, r := range t {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Row) int { return cmp.Compare(a.Key(), b.Key()) })
	return out
}

// Row returns the row of the named table with the given key, or nil.
func (s *State) Row(table, key string) Row { return s.rows[table][key] }

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
	delete(s.rows[r.Table()], r.Key())
	s.changes[rowRef{r.Table(), r.Key()}] = Change{Row: r, Deleted: true}
}

// lookup returns the row of type R with the given key, or the zero R.
func lookup[R Row](s *State, table, key string) R {
	r, _ := s.rows[table][key].(R)
	return r
}

// all returns every row of type R in the table, ordered by key.
// each calls f for every row of type R in the table, in no particular
// order: for reads that do not depend on it.
func each[R Row](s *State, table string, f func(R)) {
	for _, r := range s.rows[table] {
		if v, ok := r.(R); ok {
			f(v)
		}
	}
}

func all[R Row](s *State, table string) []R {
	t := s.rows[table]
	out := make([]R, 0, len(t))
	for _, r := range t {
		if v, ok := r.(R); ok {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b R) int { return cmp.Compare(a.Key(), b.Key()) })
	return out
}
