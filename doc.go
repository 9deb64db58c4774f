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
// # Events
//
// An event type is a body type ([Body]), registered in the init of the file
// that declares it with its body version and its plain English words
// ([EventName]). Everything setsafe asks of an event is a method written
// beside its body:
//
//   - apply, its fold: what it changes in the state ([State.Apply]);
//   - refers, what it is about: firearms, lots, people and set-up
//     ([RefersTo], which the timeline shows and filters by);
//   - notifies, for the few that tell someone ([NotificationsFor]);
//   - escalation, for the few that may change where concerns stand for the
//     escalation clock ([EscalationUpdates]).
//
// A body type without apply or refers does not compile where it is
// registered; one without notifies or escalation tells nobody and leaves
// the clock alone. Nothing else in this package lists the event types.
//
// # Files
//
// Each subject has the same files, named after the prefix of its event
// types, written without its underscore (stop_work.called is in
// stopwork_events.go, ammo_lot.received in ammolot_events.go):
//
//   - <prefix>_events.go: the bodies with their methods, and the init that
//     registers them;
//   - <prefix>_commands.go: the commands that record them (Authorize and
//     Decide), each in the file of the event it records, with what they
//     accept (FirearmKinds beside ReceiveFirearm);
//   - <prefix>_rows.go: the rows the events change, their projection
//     tables (registered in the file's init) and the [State]'s accessors;
//   - <prefix>_test.go: their tests.
//
// The subjects are account, action, ammolot, concern, day, discharge,
// duty, escalation, file, firearm, liveround, meeting, permit, person,
// production, role, safety, setup, stopwork and training. Three hold small
// prefixes about the same thing as well as their own: account holds
// site_admin (an account's right to run the site) and api_token (the
// tokens a program acts as an account with); discharge holds review (the
// sign-off under the review a discharge's warning signs call for); day
// holds discrepancy (what the end-of-day count found). A subject has only
// the files it needs: action.refused is recorded by the gate, so action has
// its events file alone.
//
// The other files hold what the subjects share: events and their folding
// (event.go, apply.go), the state, its rows, indexes and map (state.go,
// index.go, persistent.go), commands and who may send them (command.go,
// actor.go, role.go, idempotency.go), the safety gate (gatekeeping.go),
// notifications (notification.go), errors and input checks (error.go,
// validate.go, id.go), time (clock.go, zone.go), API token secrets
// (token.go) and the policies across subjects (reports.go, reporter_seal.go,
// same.go, surge.go).
//
// This package imports no storage or network code. Storage (package sqldb and
// its sqlite and postgres drivers), the evidence ledger's hashing and signing
// (package ledger) and the HTTP API (package http) build on it.
package setsafe
