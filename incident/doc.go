// Package incident is setsafe's incident register: what went wrong or
// nearly did on a production, its investigation, and the corrective and
// preventive actions that follow.
//
// An incident is opened by hand by anyone on the production, from a
// phone, or turned from a concern; and it opens by itself for the entries
// that are incidents already: a discharge or malfunction report, a live
// round found (by a report or by a dummy lot failing its inert check),
// each discrepancy of an end-of-day count, and a stop-work called because
// someone was hurt. Those are not copied: the
// register folds them as they are written (see automatic.go), so the
// ledger holds each fact once.
//
// An investigation names an investigator, records the contributing
// factors (people, equipment, procedure, environment, organisation, each
// with its "five whys"), the root cause, and is signed off by the safety
// coordinator and a producer. Corrective and preventive actions have an
// owner and a due day; one overdue climbs the production's escalation
// ladder as an unanswered concern does, until it is done.
//
// The package registers its event types, tables, permissions and clock
// items with the core in its init (see setsafe.Register): the core never
// imports it, and a program that reads a production's ledger links it in.
// Each event prefix has its three files: incident_*, investigation_* and
// corrective_action_*: events, rows and commands.
package incident
