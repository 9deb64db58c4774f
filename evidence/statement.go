package evidence

import "time"

// Statement is a compliance attestation: for a production's ledger and a
// period, what the entries show, with the index of every entry counted and
// the checkpoint they are in, so that whoever holds a bundle of the period
// can check it without trusting the production. It is signed as a C2SP
// signed note whose text is [Statement.Text].
//
// Its text, line by line (a claim's entry lines hold up to 20 numbers):
//
//	setsafe attestation/v1
//	origin setsafe/red-mesa
//	production Red Mesa
//	checkpoint 6000 BASE64ROOT
//	period 2026-11-01T07:00:00Z 2026-12-01T07:00:00Z
//	entries 100 5321
//	profile US-CA 87
//	count firearm-issues 412 firearm.handed_over
//	- 101 105 ...
//	count refused-issues 3 action.refused action=hand_over
//	- 205 ...
//	claim Every one of the 412 firearm hand-offs ... under profile US-CA, ...
//
// "entries A B" are the ledger's entries in the period; "profile P N" says
// entry N, of type safety.profile_set, set profile P and no later entry up
// to B changed it; each "count NAME N TYPE [FIELD=VALUE...]" says that
// exactly the N entries listed after it, among A..B, are of TYPE with
// each top-level FIELD of their body equal to VALUE (a string). "claim"
// lines say it in words; the verifier checks the lines before them.
type Statement struct {
	Origin     string
	Production string
	// Checkpoint is the checkpoint the counted entries are in; a witness
	// cosigned it.
	CheckpointSize uint64
	CheckpointRoot []byte
	Period         Period
	First, Last    uint64
	Profile        string
	ProfileEntry   uint64
	Counts         []Count
	Claim          []string
}

// Count is one counted claim of a statement.
type Count struct {
	Name  string
	Type  string
	Where []FieldIs
	// Entries are the sequence numbers counted, in order.
	Entries []uint64
}

// FieldIs is a condition on a top-level field of an entry's JSON body.
type FieldIs struct{ Field, Value string }

// Text returns the statement's note text, ending in a newline.
func (s Statement) Text() string { panic("evidence: Statement.Text not written yet") }

// ParseStatement reads a statement's text as [Statement.Text] writes it.
func ParseStatement(text string) (Statement, error) { return Statement{}, errNotYet }

// StatementPeriodLayout is how a statement writes times.
const StatementPeriodLayout = time.RFC3339
