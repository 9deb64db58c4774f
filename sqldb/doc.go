// Package sqldb stores setsafe's ledgers and their projections in a SQL
// database through database/sql. It holds everything the SQLite and
// PostgreSQL backends share: the group-commit writer that appends events
// atomically with their projections (and with the outbox of notifications
// and the escalation clock's queue that the entries imply), the reads
// behind the API, sessions and credentials, and the feed for verification. Packages sqlite and postgres
// open the connections, run their migrations and supply a [Dialect].
//
// Queries are written once, with ? placeholders, and rebound by the dialect.
package sqldb
