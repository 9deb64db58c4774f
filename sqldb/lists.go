package sqldb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// Lists that grow with use (people, productions, accounts, tokens,
// notifications) are read a part at a time: up to limit rows after the one
// a cursor points at, in the list's order, found by the database with the
// index of that order (keyset paging), so that reading the hundredth part
// costs what reading the first does and a row added or removed meanwhile
// moves no other row from one part to another.
//
// A cursor is opaque to callers: the list's name and the order key of the
// last row of the part before, base64url-encoded JSON. It is no secret
// (the caller read that row), and a cursor of another list, or one made
// up, is refused as invalid.

// listOrder is the order a list is read in: its columns, the last of
// which is unique, each ascending unless desc.
type listOrder struct {
	name    string
	columns []orderColumn
}

type orderColumn struct {
	name  string
	desc  bool
	whole bool // an integer column; the others are text
}

// orderBy is the list's ORDER BY clause.
func (o listOrder) orderBy() string {
	var parts []string
	for _, c := range o.columns {
		if c.desc {
			parts = append(parts, c.name+" DESC")
		} else {
			parts = append(parts, c.name)
		}
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

// after returns the condition that keeps the rows after the one a cursor
// points at, with its arguments; "1 = 1" for no cursor.
func (o listOrder) after(cursor string) (string, []any, error) {
	if cursor == "" {
		return "1 = 1", nil, nil
	}
	key, err := o.decode(cursor)
	if err != nil {
		return "", nil, err
	}
	// (a, b, c) after (x, y, z): a > x, or a = x and b > y, or a = x and
	// b = y and c > z; < for a column in descending order.
	var ors []string
	var args []any
	for i, c := range o.columns {
		var ands []string
		for j := range i {
			ands = append(ands, o.columns[j].name+" = ?")
			args = append(args, key[j])
		}
		op := " > ?"
		if c.desc {
			op = " < ?"
		}
		ands = append(ands, c.name+op)
		args = append(args, key[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args, nil
}

// cursor returns the cursor that points at a row with the given order key.
func (o listOrder) cursor(key ...any) string {
	words := []string{o.name}
	for _, k := range key {
		words = append(words, fmt.Sprint(k))
	}
	b, _ := json.Marshal(words)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decode reads the order key a cursor of this list holds.
func (o listOrder) decode(cursor string) ([]any, error) {
	bad := &setsafe.Error{Code: setsafe.EInvalid, Message: "The cursor is not one this list gave; start again from the first part, without a cursor.",
		Fields: map[string]string{"cursor": "must be the next_cursor of an earlier answer of this list"}}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	var words []string
	if err != nil || json.Unmarshal(b, &words) != nil || len(words) != len(o.columns)+1 || words[0] != o.name {
		return nil, bad
	}
	key := make([]any, len(o.columns))
	for i, c := range o.columns {
		key[i] = words[i+1]
		if c.whole {
			n, err := strconv.ParseInt(words[i+1], 10, 64)
			if err != nil {
				return nil, bad
			}
			key[i] = n
		}
	}
	return key, nil
}

// part reads up to limit rows of the table of R that match where, after
// the one cursor points at, in o's order, and returns the cursor of the
// next part, or "" when these are the last. key gives a row's order key.
func part[R setsafe.Row](ctx context.Context, db *DB, o listOrder, key func(R) []any, cursor string, limit int, where string, args ...any) ([]R, string, error) {
	after, afterArgs, err := o.after(cursor)
	if err != nil {
		return nil, "", err
	}
	if limit < 1 {
		limit = 1
	}
	rows, err := find[R](ctx, db, where+" AND "+after+o.orderBy()+" LIMIT ?", append(append(args, afterArgs...), limit+1)...)
	if err != nil || len(rows) <= limit {
		return rows, "", err
	}
	rows = rows[:limit]
	return rows, o.cursor(key(rows[limit-1])...), nil
}

var (
	productionOrder = listOrder{name: "productions", columns: []orderColumn{{name: "name"}, {name: "id"}}}
	peopleOrder     = listOrder{name: "people", columns: []orderColumn{{name: "name"}, {name: "id"}}}
	accountOrder    = listOrder{name: "accounts", columns: []orderColumn{{name: "email"}, {name: "id"}}}
	tokenOrder      = listOrder{name: "tokens", columns: []orderColumn{{name: "COALESCE(created_us, 0)", desc: true, whole: true}, {name: "id"}}}
	inboxOrder      = listOrder{name: "inbox", columns: []orderColumn{{name: "seq", desc: true, whole: true}, {name: "recipient"}}}
	deliveryOrder   = listOrder{name: "deliveries", columns: []orderColumn{{name: "seq", desc: true, whole: true}, {name: "channel"}, {name: "recipient"}}}
)

// ProductionsAfter returns up to limit of the productions an account may
// see (see Productions) after the one cursor points at ("" for the
// first), ordered by name, and the cursor of the next part, or "" when
// these are the last.
func (db *DB) ProductionsAfter(ctx context.Context, a setsafe.Access, cursor string, limit int) ([]*setsafe.Production, string, error) {
	key := func(p *setsafe.Production) []any { return []any{p.Name, p.ID} }
	if a.System || a.SiteAdmin {
		return part(ctx, db, productionOrder, key, cursor, limit, "1 = 1")
	}
	if a.Actor.Kind != setsafe.ActorAccount || !a.AccountActive {
		_, _, err := productionOrder.after(cursor)
		return nil, "", err
	}
	return part(ctx, db, productionOrder, key, cursor, limit, `ledger_id IN (
		SELECT p.ledger_id FROM people p JOIN role_grants g ON g.ledger_id = p.ledger_id AND g.person_id = p.id
		WHERE p.account_id = ? AND p.active = ?)`, a.Actor.ID, true)
}

// PeopleAfter returns up to limit people of a production after the one
// cursor points at ("" for the first), ordered by name, and the cursor of
// the next part, or "" when these are the last.
func (db *DB) PeopleAfter(ctx context.Context, productionID, cursor string, limit int) ([]*setsafe.Person, string, error) {
	return part(ctx, db, peopleOrder, func(p *setsafe.Person) []any { return []any{p.Name, p.ID} }, cursor, limit, "ledger_id = ?", productionID)
}

// GrantsOf returns the current role grants of some people of a
// production.
func (db *DB) GrantsOf(ctx context.Context, productionID string, personIDs []string) ([]*setsafe.RoleGrant, error) {
	var out []*setsafe.RoleGrant
	err := inChunks(personIDs, func(chunk []string) error {
		args := []any{productionID}
		for _, id := range chunk {
			args = append(args, id)
		}
		grants, err := find[*setsafe.RoleGrant](ctx, db, "ledger_id = ? AND person_id IN ("+placeholders(len(chunk))+") ORDER BY person_id, role", args...)
		out = append(out, grants...)
		return err
	})
	return out, err
}

// AccountsAfter returns up to limit accounts after the one cursor points
// at ("" for the first), ordered by e-mail address, and the cursor of the
// next part, or "" when these are the last.
func (db *DB) AccountsAfter(ctx context.Context, cursor string, limit int) ([]*setsafe.Account, string, error) {
	return part(ctx, db, accountOrder, func(a *setsafe.Account) []any { return []any{a.Email, a.ID} }, cursor, limit, "ledger_id = ?", setsafe.SiteLedger)
}

// APITokensAfter returns up to limit of an account's API tokens after the
// one cursor points at ("" for the first), newest first, and the cursor of
// the next part, or "" when these are the last.
func (db *DB) APITokensAfter(ctx context.Context, accountID, cursor string, limit int) ([]*setsafe.APIToken, string, error) {
	return part(ctx, db, tokenOrder, func(t *setsafe.APIToken) []any { return []any{unixMicro(t.CreatedAt), t.ID} }, cursor, limit,
		"ledger_id = ? AND account_id = ?", setsafe.SiteLedger, accountID)
}

// unixMicro is a time as its column holds it: microseconds, 0 for none.
func unixMicro(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}
