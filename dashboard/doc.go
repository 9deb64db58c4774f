// Package dashboard counts what a production's safety looks like over a
// span of days: concerns per day by severity and how long they waited to
// be acknowledged, incidents by kind, refusals by rule, alerts,
// stop-works, corrective actions open and overdue, patterns in force.
// Counts only: no person's name, no concern's words, so that a studio's
// safety department or an insurer may see many productions side by side.
//
// A production's counts are read from its state ([ForProduction]); a
// studio's across productions from storage, which gathers the same facts
// from its tables at once ([Store]); both go through [Tally], so they
// agree. The one count the state keeps nowhere else, refusals by rule and
// day, is a table this package folds from the ledger's refusals.
package dashboard
