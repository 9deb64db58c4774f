package setsafe

import (
	"maps"
	"slices"
)

// What a third party must not read. A production hands its ledger to an
// insurer, a union or an investigator as an evidence bundle; one made for
// a third party leaves out, in place, the entries that carry what only the
// production may read: a concern's words and who raised it, and people's
// personal data. Each event type says so of itself, in the init of its own
// file, so that a new event type that carries such things is withheld from
// the day it is written.

// privateTypes are the event types all of whose entries are private, with
// what they carry in words.
var privateTypes = map[string]string{}

// privateIf are the event types some of whose entries are private, as
// their bodies say.
var privateIf = map[string]func(Body) (string, bool){}

// Private says that every entry of an event type carries what a third
// party must not read, and what, in a few words that complete "left out:"
// ("a concern's words and who raised it"). Call it from the init of the
// file that registers the type.
func Private(eventType, what string) {
	checkOpen("the privacy of " + eventType)
	privateTypes[eventType] = what
}

// PrivateIf says that an entry of an event type carries what a third party
// must not read when private says so of its body, and what: a file
// attached to a concern is the concern's, where one attached to a firearm
// is not. Call it from the init of the file that registers the type.
func PrivateIf(eventType string, private func(Body) (what string, ok bool)) {
	checkOpen("the privacy of " + eventType)
	privateIf[eventType] = private
}

// PrivateWhat returns what every entry of an event type carries that a
// third party must not read, and whether it does.
func PrivateWhat(eventType string) (string, bool) {
	what, ok := privateTypes[eventType]
	return what, ok
}

// PrivateByBody reports whether whether an entry of an event type is
// private depends on its body, which [PrivateEntry] then reads.
func PrivateByBody(eventType string) bool {
	_, ok := privateIf[eventType]
	return ok
}

// PrivateEntry returns what an entry carries that a third party must not
// read, and whether it carries any: every entry of a type marked
// [Private], and those of a type marked [PrivateIf] whose body says so.
func PrivateEntry(eventType string, b Body) (string, bool) {
	if what, ok := privateTypes[eventType]; ok {
		return what, true
	}
	if f := privateIf[eventType]; f != nil && b != nil {
		return f(b)
	}
	return "", false
}

// PrivateTypes returns the event types whose entries are, or may be,
// private, sorted.
func PrivateTypes() []string {
	all := maps.Clone(privateTypes)
	for t := range privateIf {
		all[t] = ""
	}
	return slices.Sorted(maps.Keys(all))
}
