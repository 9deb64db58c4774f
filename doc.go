// Package setsafe holds the domain of setsafe: the people, roles and
// productions of a film or TV set, the events that change them, and the rules
// that decide whether an action may happen.
//
// Every state change is an [Event] appended to a ledger: one ledger per
// production, and one site ledger for accounts and the production registry.
// A [Command] looks at the current [State] of a ledger and decides which
// events to append; [State.Apply] folds an event into the state. The tables of
// current state that storage keeps are projections of these rows and can be
// rebuilt from the ledger at any time.
//
// An event type is a body type ([Body]), registered with its body version in
// the init of the file that declares it, with its fold, an unexported apply
// method, written beside it. That is all the state needs: [State.Apply] calls
// the body's fold, and a body type without one does not compile where it is
// registered.
//
// This package imports no storage or network code. Storage (package sqldb and
// its sqlite and postgres drivers), the evidence ledger's hashing and signing
// (package ledger) and the HTTP API (package http) build on it.
package setsafe
