package http

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/ledger"
)

// The JSON shapes of the API. Hashes and entries are base64, as in
// checkpoints.

// ProductionView is a production as the API shows it.
type ProductionView struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
	// LabelStock is the stock of label sheets its labels print on by
	// default.
	LabelStock string    `json:"label_stock"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeq    int64     `json:"last_seq"`
	// YourRoles are the caller's roles in the production.
	YourRoles []setsafe.Role `json:"your_roles"`
}

// NewProductionView is a production as the caller with access a sees it.
func NewProductionView(p *setsafe.Production, a setsafe.Access) ProductionView {
	roles := a.Roles
	if roles == nil {
		roles = []setsafe.Role{}
	}
	return ProductionView{ID: p.ID, Name: p.Name, Company: p.Company, Location: p.Location, TimeZone: p.TimeZone,
		LabelStock: p.Stock(), CreatedAt: p.CreatedAt, LastSeq: p.LastSeq, YourRoles: roles}
}

// PersonView is a person as the API shows it. Contact details appear only
// to those whose roles allow them, and to the person.
type PersonView struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Department string         `json:"department"`
	JobTitle   string         `json:"job_title"`
	Email      string         `json:"email,omitempty"`
	Phone      string         `json:"phone,omitempty"`
	AccountID  string         `json:"account_id,omitempty"`
	HasPIN     bool           `json:"has_pin"`
	Active     bool           `json:"active"`
	Roles      []setsafe.Role `json:"roles"`
	// TitleDuties are the duties the job title says, or the department's
	// when the title says none.
	TitleDuties []setsafe.Duty `json:"title_duties"`
	// TitleUnplaced are the parts of the job title that say no duty
	// setsafe knows.
	TitleUnplaced []string `json:"title_unplaced"`
	// TitleDutiesSetAside are the duties someone who may grant the armorer
	// role recorded the title does not mean on this production (FA-4).
	TitleDutiesSetAside []setsafe.Duty `json:"title_duties_set_aside"`
	// Warning says, for an armorer whose title says another duty that
	// nobody set aside, that FA-4 refuses their firearm work; empty
	// otherwise.
	Warning string    `json:"warning,omitempty"`
	AddedAt time.Time `json:"added_at"`
	LastSeq int64     `json:"last_seq"`
}

func personView(p *setsafe.Person, grants []*setsafe.RoleGrant, a setsafe.Access) PersonView {
	v := PersonView{ID: p.ID, Name: p.Name, Department: p.Department, JobTitle: p.JobTitle, HasPIN: p.HasPIN,
		Active: p.Active, AddedAt: p.AddedAt, LastSeq: p.LastSeq, Roles: []setsafe.Role{}}
	if a.Can(setsafe.PermViewContacts) || a.PersonID == p.ID {
		v.Email, v.Phone, v.AccountID = p.Email, p.Phone, p.AccountID
	}
	for _, r := range setsafe.Roles {
		for _, g := range grants {
			if g.PersonID == p.ID && g.Role == r {
				v.Roles = append(v.Roles, r)
			}
		}
	}
	td := p.TitleDuties()
	v.TitleDuties, v.TitleUnplaced, v.TitleDutiesSetAside = nonNil(td.Duties), nonNil(td.Unplaced), []setsafe.Duty{}
	for _, d := range strings.Fields(p.TitleSetAside) {
		v.TitleDutiesSetAside = append(v.TitleDutiesSetAside, setsafe.Duty(d))
	}
	v.Warning = TitleWarning(p, v.Roles)
	return v
}

// TitleWarning says, for a person holding an armorer's role whose job
// title says another duty nobody set aside, that FA-4 refuses their
// firearm work until the title is corrected or the duty set aside; "" for
// anyone else.
func TitleWarning(p *setsafe.Person, roles []setsafe.Role) string {
	if !slices.Contains(roles, setsafe.RoleArmorer) && !slices.Contains(roles, setsafe.RoleAssistantArmorer) {
		return ""
	}
	others := p.OtherTitleDuties()
	if len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("%s's job title, %q, says they also work as %s: as an armorer they have no other duties, and firearm work is refused (FA-4) until the title is corrected or someone who grants roles records that it does not mean that here.",
		p.Name, p.JobTitle, gate.Duties(dutyKeys(others)))
}

func dutyKeys(duties []setsafe.Duty) []string {
	out := make([]string, len(duties))
	for i, d := range duties {
		out[i] = string(d)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// AccountView is a site account as the API shows it.
type AccountView struct {
	ID          string    `json:"id"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	SiteAdmin   bool      `json:"site_admin"`
	Disabled    bool      `json:"disabled"`
	HasPassword bool      `json:"has_password"`
	CreatedAt   time.Time `json:"created_at"`
}

// NewAccountView is an account as answered, without its password hash.
func NewAccountView(a *setsafe.Account) AccountView {
	return AccountView{ID: a.ID, Email: a.Email, Name: a.Name, SiteAdmin: a.SiteAdmin, Disabled: a.Disabled,
		HasPassword: a.HasPassword(), CreatedAt: a.CreatedAt}
}

// TokenView is an API token. Token holds the secret only in the answer
// that creates it.
type TokenView struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	AccountID string    `json:"account_id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Revoked   bool      `json:"revoked"`
	Token     string    `json:"token,omitempty"`
}

// NewTokenView is an API token as answered, without its secret.
func NewTokenView(t *setsafe.APIToken) TokenView {
	return TokenView{ID: t.ID, Name: t.Name, AccountID: t.AccountID, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, Revoked: t.Revoked}
}

// RecordedView names a ledger entry that a request appended.
type RecordedView struct {
	Ledger string    `json:"ledger"`
	Seq    int64     `json:"seq"`
	Type   string    `json:"type"`
	Time   time.Time `json:"time"`
}

// Recorded names the entries a change recorded.
func Recorded(evs []setsafe.Event) []RecordedView {
	out := make([]RecordedView, len(evs))
	for i, e := range evs {
		out[i] = RecordedView{Ledger: e.Ledger, Seq: e.Seq, Type: e.Type(), Time: e.Time}
	}
	return out
}

// EntryView is a ledger entry: the decoded event, and the exact bytes whose
// hash is its Merkle leaf.
type EntryView struct {
	Ledger   string          `json:"ledger"`
	Seq      int64           `json:"seq"`
	Time     time.Time       `json:"time"`
	Actor    string          `json:"actor"`
	Type     string          `json:"type"`
	Corrects int64           `json:"corrects,omitempty"`
	Body     json.RawMessage `json:"body"`
	Entry    []byte          `json:"entry"`
	LeafHash []byte          `json:"leaf_hash"`
}

// NewEntryView is a ledger entry as answered, with its body and leaf hash.
func NewEntryView(e ledger.Entry) EntryView {
	body, _ := setsafe.EncodeBody(e.Event.Body)
	return EntryView{Ledger: e.Event.Ledger, Seq: e.Seq, Time: e.Event.Time, Actor: e.Event.Actor.String(), Type: e.Event.Type(),
		Corrects: e.Event.Corrects, Body: body, Entry: e.Bytes, LeafHash: e.LeafHash}
}

// EntriesView is a page of ledger entries.
type EntriesView struct {
	Entries []EntryView `json:"entries"`
	// NextAfter, when not zero, is the value of after for the next page.
	NextAfter int64 `json:"next_after,omitempty"`
	// Size is the ledger's current number of entries.
	Size int64 `json:"size"`
}

// CheckpointView is a signed checkpoint.
type CheckpointView struct {
	Ledger string `json:"ledger"`
	Size   uint64 `json:"size"`
	Root   []byte `json:"root"`
	// Note is the signed note, in the C2SP signed-note format.
	Note string `json:"note"`
}

// NewCheckpointView is a signed checkpoint as answered.
func NewCheckpointView(cp ledger.Checkpoint) CheckpointView {
	return CheckpointView{Ledger: cp.Ledger, Size: cp.Size, Root: cp.Root, Note: string(cp.Note)}
}

// InclusionView is an RFC 6962 inclusion proof.
type InclusionView struct {
	Ledger   string   `json:"ledger"`
	Seq      int64    `json:"seq"`
	Size     int64    `json:"size"`
	LeafHash []byte   `json:"leaf_hash"`
	Hashes   [][]byte `json:"hashes"`
}

// ConsistencyView is an RFC 6962 consistency proof.
type ConsistencyView struct {
	Ledger string   `json:"ledger"`
	From   int64    `json:"from"`
	To     int64    `json:"to"`
	Hashes [][]byte `json:"hashes"`
}

// VerifierKeyView is the key that checks this server's checkpoints.
type VerifierKeyView struct {
	Key string `json:"key"`
}

// HealthView is the answer of /healthz and /readyz.
type HealthView struct {
	// Status is "ok", or "unavailable" when the server is not ready.
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	// Reason says, of a server not ready, what is wrong: "database" (it
	// does not answer), "migrations" (its schema lacks some) or
	// "signing_key" (none is loaded).
	Reason string `json:"reason,omitempty"`
	// Message says why, in words.
	Message string `json:"message,omitempty"`
}

// AccountList lists accounts.
type AccountList struct {
	Accounts []AccountView `json:"accounts"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}

// TokenList lists API tokens.
type TokenList struct {
	Tokens []TokenView `json:"tokens"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}

// ProductionList lists productions.
type ProductionList struct {
	Productions []ProductionView `json:"productions"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}

// PeopleList lists the people of a production.
type PeopleList struct {
	People []PersonView `json:"people"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}
