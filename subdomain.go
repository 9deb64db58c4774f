package setsafe

import (
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// This file is how a subdomain package (incidents, say) adds its own event
// types, projection tables, indexes, permissions, clock items and gate
// facts to the core without the core importing it: each registers itself
// in its package's init, as the core's own event types do in theirs. A
// program that reads a ledger holding a subdomain's events must link that
// subdomain in (cmd/setsafe does), or its entries cannot be decoded.

// EventBody is the body of an event type a subdomain registers with
// [Register]: what it records, how it folds into the state, and what it
// is about.
type EventBody interface {
	Body
	// Fold checks that the event fits the state and changes the state's
	// rows through f, or says why it does not fit.
	Fold(f *Folding, e Event) error
	// References says what the event is about (see [RefersTo]).
	References() References
}

// Folding is a state while an event is folded into it: the only way a
// subdomain's fold changes rows. Commands read a [State] and never get one.
type Folding struct{ s *State }

// State returns the state being folded into, to read.
func (f *Folding) State() *State { return f.s }

// Put stores a row, new or changed. A stored row is never changed in place
// (snapshots share it): put a changed copy.
func (f *Folding) Put(r Row) { f.s.put(r) }

// Remove deletes a row.
func (f *Folding) Remove(r Row) { f.s.remove(r) }

// foldOf returns the fold of a body: the core's own, or a subdomain's
// EventBody.Fold.
func foldOf(b Body) (func(s *State, e Event) error, bool) {
	switch x := b.(type) {
	case fold:
		return x.apply, true
	case EventBody:
		return func(s *State, e Event) error { return x.Fold(&Folding{s: s}, e) }, true
	}
	return nil, false
}

// Register adds a subdomain's event type, with its current body version
// and its name in plain English words (see register). Call it from the
// init of the file that holds the body type.
func Register[B any, P interface {
	*B
	EventBody
}](version int, name string) {
	var zero P = new(B)
	checkOpen("event type " + zero.EventType())
	t := bodyTypes[zero.EventType()]
	if t.new != nil {
		panic("setsafe: event type " + zero.EventType() + " is registered twice")
	}
	t.version, t.name, t.new = version, name, func() Body { return P(new(B)) }
	bodyTypes[zero.EventType()] = t
}

// Observe adds a fold that a subdomain runs after an event of another
// type folds: the incident register opens an incident for a discharge
// report, say, without copying what the ledger holds already. The fold
// must only derive rows from the event and the state; it runs whenever the
// ledger is folded again.
func Observe(eventType string, fold func(f *Folding, e Event) error) {
	checkOpen("an observer of " + eventType)
	observers[eventType] = append(observers[eventType], fold)
}

// ObserveEscalation adds where a subdomain's clock items stand after an
// event of another type: a discharge report makes the incident register's
// watch for patterns due, say. It runs with the state just after the
// entry, as an event body's own [Escalating] does.
func ObserveEscalation(eventType string, f func(s *State, e Event) []EscalationUpdate) {
	checkOpen("a clock observer of " + eventType)
	clockObservers[eventType] = append(clockObservers[eventType], f)
}

// clockObservers are the subdomains' clock updates after events of other
// types, by type.
var clockObservers = map[string][]func(s *State, e Event) []EscalationUpdate{}

// observers are the subdomains' folds of other event types, by type.
var observers = map[string][]func(f *Folding, e Event) error{}

// RegisterTable adds a subdomain's projection table: storage keeps its
// rows as it keeps the core's, keyed by ledger and by the fields tagged
// `db:"...,key"`, and a migration of each database must create it.
func RegisterTable[R any, P interface {
	*R
	Row
}]() {
	var zero P = new(R)
	checkOpen("table " + zero.Table())
	if _, ok := rowTypes[zero.Table()]; ok {
		panic("setsafe: table " + zero.Table() + " is registered twice")
	}
	rowTypes[zero.Table()] = func() Row { return P(new(R)) }
}

// Index is a subdomain's index of a table's rows, grouped by a property:
// see [AddIndex].
type Index int

// AddIndex adds an index of a table's rows: group says which group a row
// belongs to, if any. The state keeps it as rows change, so that reads of
// one group cost the same however large the table grows.
func AddIndex(table string, group func(Row) (string, bool)) Index {
	checkOpen("an index of " + table)
	return Index(addIndex(table, group))
}

// Grouped returns the rows of type R in one group of an index, in no
// particular order.
func Grouped[R Row](s *State, ix Index, group string) []R { return grouped[R](s, int(ix), group) }

// Lookup returns the row of type R with the given key in the table, or
// the zero R.
func Lookup[R Row](s *State, table, key string) R { return lookup[R](s, table, key) }

// All returns every row of type R in the table, ordered by key.
func All[R Row](s *State, table string) []R { return all[R](s, table) }

// Each calls f for every row of type R in the table, in no particular
// order.
func Each[R Row](s *State, table string, f func(R)) { each(s, table, f) }

// Allow lets the roles given do p in a production, beside what they could
// already: a subdomain's permissions are granted where its policy is
// written. readOnly marks a permission that only reads.
func Allow(p Permission, readOnly bool, roles ...Role) {
	checkOpen("permission " + string(p))
	for _, r := range roles {
		if !r.Valid() {
			panic("setsafe: permission " + string(p) + " for unknown role " + string(r))
		}
		if !slices.Contains(rolePermissions[r], p) {
			rolePermissions[r] = append(rolePermissions[r], p)
		}
	}
	if readOnly && !slices.Contains(readPermissions, p) {
		readPermissions = append(readPermissions, p)
	}
}

// clockItems are the subdomains' kinds of escalation clock item, by the
// prefix of their names.
var clockItems = map[string]clockItem{}

type clockItem struct {
	command func(id string) Command
	open    func(s *State) []EscalationUpdate
}

// RegisterClock adds a kind of escalation clock item, named by prefix and
// an ID: command is what the clock sends when one is due (it must record
// nothing when it is not due after all), and open is where every item of
// the kind in a state stands, asked after an entry that may change who is
// on the ladder. Event bodies that move items implement [Escalating] and
// [ClockMoving].
func RegisterClock(prefix string, command func(id string) Command, open func(s *State) []EscalationUpdate) {
	checkOpen("clock items " + prefix)
	if prefix == "" || prefix == watchPrefix || prefix == alertPrefix || clockItems[prefix].command != nil {
		panic("setsafe: clock item prefix " + prefix + " is taken")
	}
	clockItems[prefix] = clockItem{command: command, open: open}
}

// Escalating is a subdomain's event body that may change where items
// stand for the escalation clock: it returns their standing after the
// entry.
type Escalating interface {
	Escalation(s *State) []EscalationUpdate
}

// ClockMoving is a subdomain's event body that the escalation clock
// records for an item: it names the item it moved.
type ClockMoving interface {
	ClockItem() string
}

// Notifying is a subdomain's event body that tells someone of its entry,
// given the state just after it.
type Notifying interface {
	Notify(s *State, n *Notifications)
}

// situationParts are the subdomains' additions to what the gate reads.
var situationParts []func(s *State, sit *gate.Situation)

// AddToSituation adds what a subdomain's records say to the situation the
// gate decides on, after the core's own facts. It must be cheap: it runs
// for every decision.
func AddToSituation(add func(s *State, sit *gate.Situation)) {
	checkOpen("a part of the gate's situation")
	situationParts = append(situationParts, add)
}

// checkOpen panics when something is registered after the first state was
// made: the tables and indexes are fixed then, so a registration must be
// in an init.
func checkOpen(what string) {
	if tablesSealed {
		panic(fmt.Sprintf("setsafe: %s registered after the first state was made; register in an init", what))
	}
}

// tablesSealed is set once the tables and indexes are fixed.
var tablesSealed bool

// subdomainClockCommand returns the command for a due subdomain item, if
// its prefix is registered.
func subdomainClockCommand(item string) (Command, bool) {
	for prefix, c := range clockItems {
		if id, ok := strings.CutPrefix(item, prefix); ok {
			return c.command(id), true
		}
	}
	return nil, false
}

// subjects are the subdomains' things a file can be attached to, with how
// to tell that one exists.
var subjects = map[string]func(s *State, id string) bool{}

// RegisterSubject adds a kind of thing a file can be attached to (an
// incident, say): its [FileAttached] entries fold only when exists says
// the thing is in the state. The subdomain's own commands attach them.
func RegisterSubject(subject string, exists func(s *State, id string) bool) {
	checkOpen("file subject " + subject)
	if subjects[subject] != nil {
		panic("setsafe: file subject " + subject + " is registered twice")
	}
	subjects[subject] = exists
}
