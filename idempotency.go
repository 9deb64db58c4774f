package setsafe

import "time"

// Idempotency names a request that its client may send more than once, as
// a phone on a bad signal does when it never saw the answer. The ledger
// writer records the key in the transaction that appends the request's
// entries; the same key again records nothing new and is answered with
// [Repeated], even when the server stopped between the commit and the
// answer.
type Idempotency struct {
	// Key is a hash of the key the client chose: it names the request.
	Key []byte
	// Fingerprint is a keyed hash of what was asked (method, path, body,
	// who asked). The same key with another fingerprint is another request,
	// which is refused rather than answered with the first one's answer.
	Fingerprint []byte
}

// Repeated is the outcome of a request whose idempotency key the ledger
// holds already: nothing new is recorded. It is returned as an error by
// the writer's Append.
type Repeated struct {
	// Other is set when the key was first used for another request.
	Other bool
	// Fingerprint is the first request's.
	Fingerprint []byte
	// Events are the entries the first request recorded, and Refusal the
	// refusal they record, if the gate refused it.
	Events  []Event
	Refusal *Error
	// At is when the first request was recorded: to the minute for an
	// anonymous one, whose time is kept no finer.
	At time.Time
	// Answer is the answer first given, sealed by whoever gave it, once it
	// is kept; nil until then.
	Answer []byte
}

// Error implements error.
func (r *Repeated) Error() string {
	if r.Other {
		return "the idempotency key was used for another request"
	}
	return "the request was recorded before, with the same idempotency key"
}
