// Package attestation makes a production's compliance attestation: for a
// period, one statement signed with the site's key that says what the
// ledger's entries of the period show (every firearm hand-off passed its
// rules under the production's safety profile, so many hand-offs were
// refused by the gate, ...), with the index of every entry it counts and a
// checkpoint a witness cosigned, so that an insurer or a union checks it
// against an evidence bundle of the period without trusting the
// production.
//
// The statement is an [evidence.Statement]; its text is signed as a C2SP
// signed note. [Build] reads it from storage through a [Store], streaming
// only the entries it counts. Signing records attestation.signed
// ([Signed]) with the statement's SHA-256 and what it was built from: the
// same statement, and (Ed25519 signatures being deterministic) the same
// note, is built again from the ledger whenever it is downloaded
// ([Rebuild]), and checked against the hash.
//
// The package is domain: it imports no database and no web code, only
// setsafe and the evidence format.
package attestation
