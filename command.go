package setsafe

import (
	"time"
)

// Command is a request to change a ledger. The ledger's writer calls
// Authorize and then Decide with the current state, inside the transaction
// that appends the events Decide returns; so a command always sees the state
// it changes, and two commands never decide on the same state.
//
// Commands must not change the State they are given.
type Command interface {
	// Authorize returns nil if the access allows the command, and an
	// EForbidden or EUnauthorized error otherwise.
	Authorize(a Access, s *State) error
	// Decide returns the events to append, or an error that says why the
	// command cannot be carried out.
	Decide(s *State, d Decision) (Outcome, error)
}

// Decision is what a command may consult besides its ledger's state.
type Decision struct {
	// Now is the time the events will carry.
	Now time.Time
	// Actor is who asked.
	Actor Actor
	// Access is what the actor may do in the ledger.
	Access Access
	// Site is the state of the site ledger, for accounts. For commands on the
	// site ledger it is the same as the state.
	Site *State
}

// Outcome is what a command decided: events to append and credentials to
// store with them, in the same transaction.
type Outcome struct {
	Events      []Draft
	Credentials []Credential
	// Files are stored with the events that refer to them.
	Files []File
	// Unnamed records the events under the anonymous actor rather than the
	// person who asked: a confidential reporter's name stays out of the
	// ledger that producers and investigators read.
	Unnamed bool
	// WebhookSecrets are stored beside the events that record they were
	// set, never in them.
	WebhookSecrets []WebhookSecret
	// Refusal, when set, fails the request after its events are appended:
	// they record that a safety rule refused the action, and the record of
	// a refusal is evidence too.
	Refusal *Error
}

// Draft is an event before the ledger gives it a sequence number and a time.
type Draft struct {
	Body     Body
	Corrects int64
}

// RecordedActor returns the actor the ledger records for the outcome's
// events, decided with access a.
func (o Outcome) RecordedActor(a Access) Actor {
	if o.Unnamed {
		return Anonymous
	}
	return a.RecordedActor()
}

func one(b Body) Outcome { return Outcome{Events: []Draft{{Body: b}}} }

// CredentialKind says what a stored credential is for.
type CredentialKind string

// Credential kinds.
const (
	CredentialPassword CredentialKind = "password"  // subject: account ID
	CredentialPIN      CredentialKind = "pin"       // subject: person ID in the ledger's production
	CredentialAPIToken CredentialKind = "api_token" // subject: token ID
	CredentialReceipt  CredentialKind = "receipt"   // subject: an anonymous concern's ID
)

// Credential is a secret's hash, stored beside the ledger but never in it:
// the ledger is evidence that others read, and hashes of short secrets such
// as PINs must not leave the server.
type Credential struct {
	Kind    CredentialKind
	Subject string
	Hash    string
}

// Request asks a ledger writer to carry out commands as one actor. All steps
// succeed together or none does.
type Request struct {
	Actor Actor
	Steps []Step
	// Idempotency, if set, records the request's key with its entries, so
	// that the same request sent again records nothing new.
	Idempotency *Idempotency
}

// Step is one command on one ledger.
type Step struct {
	Ledger  string
	Command Command
}

// On returns a request for one command on one ledger.
func On(ledger string, actor Actor, c Command) Request {
	return Request{Actor: actor, Steps: []Step{{Ledger: ledger, Command: c}}}
}

// NewAccess derives what an actor may do in a ledger from its account (nil
// for people acting by PIN), the person it is in the production (nil if none)
// and that person's roles.
func NewAccess(actor Actor, account *Account, person *Person, roles []Role) Access {
	a := Access{Actor: actor}
	switch actor.Kind {
	case ActorSystem:
		a.System = true
		return a
	case ActorAccount:
		if account == nil || account.Disabled || account.ID != actor.ID {
			return a
		}
		a.AccountActive, a.SiteAdmin = true, account.SiteAdmin
		if person != nil && person.Active && person.AccountID == account.ID {
			a.PersonID, a.Roles = person.ID, roles
		}
	case ActorPerson:
		if person != nil && person.Active && person.ID == actor.ID {
			a.PersonID, a.Roles = person.ID, roles
		}
	}
	return a
}

// AccessFor derives an actor's access to the ledger whose state is s, with
// site the site ledger's state.
func AccessFor(actor Actor, site, s *State) Access {
	var account *Account
	var person *Person
	if actor.Kind == ActorAccount {
		account = site.Account(actor.ID)
		if s != site {
			person = s.PersonByAccount(actor.ID)
		}
	} else if actor.Kind == ActorPerson && s != site {
		person = s.Person(actor.ID)
	}
	var roles []Role
	if person != nil {
		roles = s.RolesOf(person.ID)
	}
	return NewAccess(actor, account, person, roles)
}

// RecordedActor returns the actor the ledger records for an access: a signed-in
// account that is a person of the production is recorded as that person.
func (a Access) RecordedActor() Actor {
	if a.Actor.Kind == ActorAccount && a.PersonID != "" {
		return PersonActor(a.PersonID)
	}
	return a.Actor
}

func deref(o *Outcome) Outcome {
	if o == nil {
		return Outcome{}
	}
	return *o
}
