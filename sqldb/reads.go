package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// find reads rows of the table of R matching where (which may also order and
// limit) from the read pool.
func find[R setsafe.Row](ctx context.Context, db *DB, where string, args ...any) ([]R, error) {
	var zero R
	t := tableOf(zero)
	rows, err := db.query(ctx, t.selectSQL(where), args...)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read %s: %w", t.name, err))
	}
	defer rows.Close()
	var out []R
	for rows.Next() {
		targets := t.scanTargets()
		if err := rows.Scan(targets...); err != nil {
			return nil, db.classify(fmt.Errorf("read %s: %w", t.name, err))
		}
		r, _ := t.fromTargets(targets)
		out = append(out, r.(R))
	}
	if err := rows.Err(); err != nil {
		return nil, db.classify(fmt.Errorf("read %s: %w", t.name, err))
	}
	return out, nil
}

func findOne[R setsafe.Row](ctx context.Context, db *DB, notFound *setsafe.Error, where string, args ...any) (R, error) {
	rows, err := find[R](ctx, db, where, args...)
	if err != nil {
		var zero R
		return zero, err
	}
	if len(rows) == 0 {
		var zero R
		return zero, notFound
	}
	return rows[0], nil
}

// Production returns a production's details.
func (db *DB) Production(ctx context.Context, id string) (*setsafe.Production, error) {
	return findOne[*setsafe.Production](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is no production %q.", id), "ledger_id = ?", id)
}

// Productions returns the productions an account may see: all of them for a
// site administrator, otherwise those where it is an active person with a
// role. Ordered by name.
func (db *DB) Productions(ctx context.Context, a setsafe.Access) ([]*setsafe.Production, error) {
	if a.System || a.SiteAdmin {
		return find[*setsafe.Production](ctx, db, "1 = 1 ORDER BY name, id")
	}
	if a.Actor.Kind != setsafe.ActorAccount || !a.AccountActive {
		return nil, nil
	}
	return find[*setsafe.Production](ctx, db, `ledger_id IN (
		SELECT p.ledger_id FROM people p JOIN role_grants g ON g.ledger_id = p.ledger_id AND g.person_id = p.id
		WHERE p.account_id = ? AND p.active = ?) ORDER BY name, id`, a.Actor.ID, true)
}

// People returns everyone on a production, ordered by name.
func (db *DB) People(ctx context.Context, productionID string) ([]*setsafe.Person, error) {
	return find[*setsafe.Person](ctx, db, "ledger_id = ? ORDER BY name, id", productionID)
}

// Person returns one person of a production.
func (db *DB) Person(ctx context.Context, productionID, id string) (*setsafe.Person, error) {
	return findOne[*setsafe.Person](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is nobody with ID %q on this production.", id),
		"ledger_id = ? AND id = ?", productionID, id)
}

// Grants returns the current role grants of a production; of one person if
// personID is not empty.
func (db *DB) Grants(ctx context.Context, productionID, personID string) ([]*setsafe.RoleGrant, error) {
	if personID != "" {
		return find[*setsafe.RoleGrant](ctx, db, "ledger_id = ? AND person_id = ? ORDER BY role", productionID, personID)
	}
	return find[*setsafe.RoleGrant](ctx, db, "ledger_id = ? ORDER BY person_id, role", productionID)
}

// Account returns an account.
func (db *DB) Account(ctx context.Context, id string) (*setsafe.Account, error) {
	return findOne[*setsafe.Account](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is no account %q.", id),
		"ledger_id = ? AND id = ?", setsafe.SiteLedger, id)
}

// AccountByEmail returns the account with an e-mail address.
func (db *DB) AccountByEmail(ctx context.Context, email string) (*setsafe.Account, error) {
	return findOne[*setsafe.Account](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is no account with that e-mail address."),
		"ledger_id = ? AND email = ?", setsafe.SiteLedger, strings.ToLower(strings.TrimSpace(email)))
}

// Accounts returns every account, ordered by e-mail address.
func (db *DB) Accounts(ctx context.Context) ([]*setsafe.Account, error) {
	return find[*setsafe.Account](ctx, db, "ledger_id = ? ORDER BY email", setsafe.SiteLedger)
}

// HasAccounts reports whether any account exists; a new site has none until
// its first administrator is set up.
func (db *DB) HasAccounts(ctx context.Context) (bool, error) {
	var n int
	err := db.queryRow(ctx, "SELECT COUNT(*) FROM accounts WHERE ledger_id = ?", setsafe.SiteLedger).Scan(&n)
	return n > 0, db.classify(err)
}

// APITokens returns an account's API tokens, newest first.
func (db *DB) APITokens(ctx context.Context, accountID string) ([]*setsafe.APIToken, error) {
	return find[*setsafe.APIToken](ctx, db, "ledger_id = ? AND account_id = ? ORDER BY created_us DESC, id", setsafe.SiteLedger, accountID)
}

// APIToken returns one API token.
func (db *DB) APIToken(ctx context.Context, id string) (*setsafe.APIToken, error) {
	return findOne[*setsafe.APIToken](ctx, db, setsafe.Errorf(setsafe.ENotFound, "There is no API token %q.", id),
		"ledger_id = ? AND id = ?", setsafe.SiteLedger, id)
}

// Access derives what an actor may do in a ledger from the stored
// projections, for reads, in one query. Writes derive it again inside their
// transaction.
func (db *DB) Access(ctx context.Context, actor setsafe.Actor, ledgerID string) (setsafe.Access, error) {
	var q string
	switch actor.Kind {
	case setsafe.ActorAccount:
		q = `SELECT a.site_admin, a.disabled, COALESCE(p.id, ''), COALESCE(g.role, '')
			FROM accounts a
			LEFT JOIN people p ON p.ledger_id = ? AND p.account_id = a.id AND p.active = ?
			LEFT JOIN role_grants g ON g.ledger_id = p.ledger_id AND g.person_id = p.id
			WHERE a.ledger_id = ? AND a.id = ?`
	case setsafe.ActorPerson:
		q = `SELECT ?, ?, p.id, COALESCE(g.role, '')
			FROM people p LEFT JOIN role_grants g ON g.ledger_id = p.ledger_id AND g.person_id = p.id
			WHERE p.ledger_id = ? AND p.id = ? AND p.active = ?`
	default:
		return setsafe.NewAccess(actor, nil, nil, nil), nil
	}
	args := []any{ledgerID, true, setsafe.SiteLedger, actor.ID}
	if actor.Kind == setsafe.ActorPerson {
		args = []any{false, false, ledgerID, actor.ID, true}
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return setsafe.Access{}, db.classify(fmt.Errorf("read access: %w", err))
	}
	defer rows.Close()
	var account *setsafe.Account
	var person *setsafe.Person
	held := map[setsafe.Role]bool{}
	for rows.Next() {
		var admin, disabled bool
		var personID string
		var role setsafe.Role
		if err := rows.Scan(&admin, &disabled, &personID, &role); err != nil {
			return setsafe.Access{}, db.classify(fmt.Errorf("read access: %w", err))
		}
		if actor.Kind == setsafe.ActorAccount {
			account = &setsafe.Account{ID: actor.ID, SiteAdmin: admin, Disabled: disabled}
		}
		if personID != "" && ledgerID != setsafe.SiteLedger {
			person = &setsafe.Person{ID: personID, AccountID: actor.ID, Active: true}
			held[role] = true
		}
	}
	if err := rows.Err(); err != nil {
		return setsafe.Access{}, db.classify(fmt.Errorf("read access: %w", err))
	}
	var roles []setsafe.Role
	for _, r := range setsafe.Roles {
		if held[r] {
			roles = append(roles, r)
		}
	}
	return setsafe.NewAccess(actor, account, person, roles), nil
}

// APITokenHolder returns an API token, the hash of its secret and the account
// it acts as, in one query.
func (db *DB) APITokenHolder(ctx context.Context, id string) (setsafe.APITokenHolder, error) {
	var h setsafe.APITokenHolder
	var expires sql.NullInt64
	h.Token, h.Account = &setsafe.APIToken{ID: id}, &setsafe.Account{}
	err := db.queryRow(ctx, `SELECT t.account_id, t.revoked, t.expires_us, c.hash, a.disabled
		FROM api_tokens t
		JOIN credentials c ON c.ledger_id = t.ledger_id AND c.kind = ? AND c.subject = t.id
		JOIN accounts a ON a.ledger_id = t.ledger_id AND a.id = t.account_id
		WHERE t.ledger_id = ? AND t.id = ?`, string(setsafe.CredentialAPIToken), setsafe.SiteLedger, id).
		Scan(&h.Token.AccountID, &h.Token.Revoked, &expires, &h.Hash, &h.Account.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return setsafe.APITokenHolder{}, setsafe.Errorf(setsafe.ENotFound, "There is no API token %q.", id)
	}
	if err != nil {
		return setsafe.APITokenHolder{}, db.classify(fmt.Errorf("read API token: %w", err))
	}
	if expires.Valid {
		h.Token.ExpiresAt = time.UnixMicro(expires.Int64).UTC()
	}
	h.Account.ID = h.Token.AccountID
	return h, nil
}

// LeafHash returns the stored leaf hash of an entry.
func (db *DB) LeafHash(ctx context.Context, ledgerID string, seq int64) ([]byte, error) {
	var leaf []byte
	err := db.queryRow(ctx, "SELECT leaf_hash FROM ledger WHERE ledger_id = ? AND seq = ?", ledgerID, seq).Scan(&leaf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, setsafe.Errorf(setsafe.ENotFound, "Ledger %s has no entry %d.", ledgerID, seq)
	}
	return leaf, db.classify(err)
}

// Entries returns up to limit entries of a ledger with sequence numbers
// greater than after, in order.
func (db *DB) Entries(ctx context.Context, ledgerID string, after int64, limit int) ([]ledger.Entry, error) {
	rows, err := db.query(ctx, "SELECT seq, entry, leaf_hash FROM ledger WHERE ledger_id = ? AND seq > ? ORDER BY seq LIMIT ?", ledgerID, after, limit)
	if err != nil {
		return nil, db.classify(fmt.Errorf("read ledger: %w", err))
	}
	defer rows.Close()
	var out []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		if err := rows.Scan(&e.Seq, &e.Bytes, &e.LeafHash); err != nil {
			return nil, db.classify(fmt.Errorf("read ledger: %w", err))
		}
		if e.Event, err = ledger.DecodeEntry(e.Bytes); err != nil {
			return nil, fmt.Errorf("ledger %s entry %d is damaged (run setsafe verify): %w", ledgerID, e.Seq, err)
		}
		out = append(out, e)
	}
	return out, db.classify(rows.Err())
}

// LedgerEntry returns one entry of a ledger.
func (db *DB) LedgerEntry(ctx context.Context, ledgerID string, seq int64) (ledger.Entry, error) {
	es, err := db.Entries(ctx, ledgerID, seq-1, 1)
	if err != nil {
		return ledger.Entry{}, err
	}
	if len(es) == 0 || es[0].Seq != seq {
		return ledger.Entry{}, setsafe.Errorf(setsafe.ENotFound, "Ledger %s has no entry %d.", ledgerID, seq)
	}
	return es[0], nil
}

// LedgerSize returns the number of entries in a ledger.
func (db *DB) LedgerSize(ctx context.Context, ledgerID string) (int64, error) {
	h, err := db.head(ctx, db.query, ledgerID)
	return h.size, err
}

// InclusionProof returns the proof that entry seq is in the ledger's tree of
// the given size.
func (db *DB) InclusionProof(ctx context.Context, ledgerID string, seq, size int64) ([][]byte, error) {
	if err := db.checkSizes(ctx, ledgerID, size); err != nil {
		return nil, err
	}
	if seq < 1 || seq > size {
		return nil, setsafe.Errorf(setsafe.EInvalid, "Entry %d is not in a tree of size %d; pick an entry from 1 to %d.", seq, size, size)
	}
	p, err := ledger.InclusionProof(seq, uint64(size), db.nodeRows(ctx, db.query, ledgerID))
	return p, db.classify(err)
}

// ConsistencyProof returns the proof that the ledger's tree of size from is
// a prefix of its tree of size to.
func (db *DB) ConsistencyProof(ctx context.Context, ledgerID string, from, to int64) ([][]byte, error) {
	if err := db.checkSizes(ctx, ledgerID, to); err != nil {
		return nil, err
	}
	if from < 0 || from > to {
		return nil, setsafe.Errorf(setsafe.EInvalid, "The first size must be from 0 to %d.", to)
	}
	p, err := ledger.ConsistencyProof(uint64(from), uint64(to), db.nodeRows(ctx, db.query, ledgerID))
	return p, db.classify(err)
}

func (db *DB) checkSizes(ctx context.Context, ledgerID string, size int64) error {
	n, err := db.LedgerSize(ctx, ledgerID)
	if err != nil {
		return err
	}
	if size < 1 || size > n {
		return setsafe.Errorf(setsafe.EInvalid, "Ledger %s has %d entries; a tree size must be from 1 to %d.", ledgerID, n, n)
	}
	return nil
}

func (db *DB) nodeRows(ctx context.Context, run reader, ledgerID string) ledger.NodeRows {
	return func(seqs []int64) (map[int64]ledger.StoredNodes, error) {
		out := map[int64]ledger.StoredNodes{}
		err := inChunks(seqs, func(chunk []int64) error {
			args := []any{ledgerID}
			for _, s := range chunk {
				args = append(args, s)
			}
			rows, err := run(ctx, "SELECT seq, leaf_hash, nodes FROM ledger WHERE ledger_id = ? AND seq IN ("+placeholders(len(chunk))+")", args...)
			if err != nil {
				return fmt.Errorf("read tree nodes: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var seq int64
				var n ledger.StoredNodes
				if err := rows.Scan(&seq, &n.Leaf, &n.Nodes); err != nil {
					return err
				}
				out[seq] = n
			}
			return rows.Err()
		})
		return out, err
	}
}
