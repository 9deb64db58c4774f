package http

import (
	"context"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// The storage the server is built on: what it needs of the database,
// each part an interface that package sqldb's DB satisfies, so that the
// handlers read and write through these and nothing else.

// Ledger appends events and reads the evidence ledger.
type Ledger interface {
	Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error)
	Entries(ctx context.Context, ledgerID string, after int64, limit int) ([]ledger.Entry, error)
	LedgerEntry(ctx context.Context, ledgerID string, seq int64) (ledger.Entry, error)
	LedgerSize(ctx context.Context, ledgerID string) (int64, error)
	LatestCheckpoint(ctx context.Context, ledgerID string) (ledger.Checkpoint, error)
	CheckpointAt(ctx context.Context, ledgerID string, size int64) (ledger.Checkpoint, error)
	SignCheckpoint(ctx context.Context, ledgerID string) (ledger.Checkpoint, error)
	InclusionProof(ctx context.Context, ledgerID string, seq, size int64) ([][]byte, error)
	LeafHash(ctx context.Context, ledgerID string, seq int64) ([]byte, error)
	ConsistencyProof(ctx context.Context, ledgerID string, from, to int64) ([][]byte, error)
	Ping(ctx context.Context) error
}

// Records reads the current state: productions, people, accounts.
//
// A list that grows with use is also read a part at a time (the ...After
// methods): up to limit items after the one an opaque cursor points at ("",
// the first), and the cursor of the next part, "" after the last. The
// storage pages in the database and makes the cursors; a cursor it did not
// make is refused as invalid, naming the field "cursor".
type Records interface {
	Access(ctx context.Context, actor setsafe.Actor, ledgerID string) (setsafe.Access, error)
	Production(ctx context.Context, id string) (*setsafe.Production, error)
	Productions(ctx context.Context, a setsafe.Access) ([]*setsafe.Production, error)
	ProductionsAfter(ctx context.Context, a setsafe.Access, cursor string, limit int) ([]*setsafe.Production, string, error)
	People(ctx context.Context, productionID string) ([]*setsafe.Person, error)
	PeopleAfter(ctx context.Context, productionID, cursor string, limit int) ([]*setsafe.Person, string, error)
	Person(ctx context.Context, productionID, id string) (*setsafe.Person, error)
	Grants(ctx context.Context, productionID, personID string) ([]*setsafe.RoleGrant, error)
	// GrantsOf returns the role grants of the people given.
	GrantsOf(ctx context.Context, productionID string, personIDs []string) ([]*setsafe.RoleGrant, error)
	Account(ctx context.Context, id string) (*setsafe.Account, error)
	AccountByEmail(ctx context.Context, email string) (*setsafe.Account, error)
	Accounts(ctx context.Context) ([]*setsafe.Account, error)
	AccountsAfter(ctx context.Context, cursor string, limit int) ([]*setsafe.Account, string, error)
	HasAccounts(ctx context.Context) (bool, error)
	APITokens(ctx context.Context, accountID string) ([]*setsafe.APIToken, error)
	APITokensAfter(ctx context.Context, accountID, cursor string, limit int) ([]*setsafe.APIToken, string, error)
	APIToken(ctx context.Context, id string) (*setsafe.APIToken, error)
}

// Credentials reads the stored hashes of passwords, PINs and tokens.
type Credentials interface {
	CredentialHash(ctx context.Context, ledgerID string, kind setsafe.CredentialKind, subject string) (string, error)
	// CredentialSubject finds the subject of a credential by its hash: an
	// anonymous concern by its receipt code's keyed hash.
	CredentialSubject(ctx context.Context, ledgerID string, kind setsafe.CredentialKind, hash string) (string, error)
	APITokenHolder(ctx context.Context, id string) (setsafe.APITokenHolder, error)
}

// Armory reads a production's firearms and ammunition, and its state for
// the gate.
type Armory interface {
	Firearms(ctx context.Context, productionID string) ([]*setsafe.Firearm, error)
	Firearm(ctx context.Context, productionID, id string) (*setsafe.Firearm, error)
	AmmoLots(ctx context.Context, productionID string) ([]*setsafe.AmmoLot, error)
	LedgerState(ctx context.Context, id string) (*setsafe.State, error)
	File(ctx context.Context, productionID, sha string) (string, []byte, error)
	Attachments(ctx context.Context, productionID, subject, subjectID string) ([]*setsafe.Attachment, error)
	CheckPIN(ctx context.Context, productionID, personID string, match func(hash string) (bool, error)) error
}

// Notifications reads the outbox of notifications and keeps the secrets
// that sign webhooks; package sqldb implements it.
type Notifications interface {
	Inbox(ctx context.Context, productionID string, inboxes []string, limit int) ([]setsafe.Notification, error)
	// InboxAfter and DeliveriesAfter read a part at a time, as Records'
	// lists are.
	InboxAfter(ctx context.Context, productionID string, inboxes []string, cursor string, limit int) ([]setsafe.Notification, string, error)
	Deliveries(ctx context.Context, productionID string, limit int) ([]setsafe.Delivery, error)
	DeliveriesAfter(ctx context.Context, productionID, cursor string, limit int) ([]setsafe.Delivery, string, error)
	WebhookSecrets(ctx context.Context, productionID string) ([]string, error)
}

// Answers keeps the requests recorded with an idempotency key and their
// answers; package sqldb implements it.
type Answers interface {
	// Repeat returns what the request with the key's hash recorded, or nil.
	Repeat(ctx context.Context, key []byte) (*setsafe.Repeated, error)
	// KeepAnswer keeps a sealed answer unless one is kept already, and
	// says whether it kept this one.
	KeepAnswer(ctx context.Context, key, answer []byte) (bool, error)
}
