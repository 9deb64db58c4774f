package setsafe

import (
	"fmt"
	"strings"
)

// ActorKind says what kind of party acted.
type ActorKind string

// Actor kinds.
const (
	// ActorAccount is a signed-in account acting by session or API token.
	ActorAccount ActorKind = "account"
	// ActorPerson is a person of a production, identified by their account
	// or by their personal PIN.
	ActorPerson ActorKind = "person"
	// ActorAnonymous is someone who chose not to be identified.
	ActorAnonymous ActorKind = "anonymous"
	// ActorSystem is the operator at the command line or setsafe itself.
	ActorSystem ActorKind = "system"
)

// Actor is who caused an event. Its string form ("account:ID",
// "person:ID", "anonymous", "system:NAME") is what the ledger records.
type Actor struct {
	Kind ActorKind
	ID   string
}

// AccountActor returns the actor for a signed-in account.
func AccountActor(id string) Actor { return Actor{Kind: ActorAccount, ID: id} }

// PersonActor returns the actor for a person of a production.
func PersonActor(id string) Actor { return Actor{Kind: ActorPerson, ID: id} }

// SystemActor returns the actor for the operator or a part of setsafe, named
// for the record ("cli", "demo", "setup").
func SystemActor(name string) Actor { return Actor{Kind: ActorSystem, ID: name} }

// Anonymous is the actor of an anonymous report.
var Anonymous = Actor{Kind: ActorAnonymous}

// String returns the form the ledger records.
func (a Actor) String() string {
	if a.Kind == ActorAnonymous {
		return string(ActorAnonymous)
	}
	return string(a.Kind) + ":" + a.ID
}

// IsZero reports whether the actor is unset.
func (a Actor) IsZero() bool { return a.Kind == "" }

// ParseActor parses the ledger's string form of an actor.
func ParseActor(s string) (Actor, error) {
	if s == string(ActorAnonymous) {
		return Anonymous, nil
	}
	kind, id, ok := strings.Cut(s, ":")
	switch ActorKind(kind) {
	case ActorAccount, ActorPerson, ActorSystem:
		if ok && id != "" && !strings.ContainsAny(id, ": \n") {
			return Actor{Kind: ActorKind(kind), ID: id}, nil
		}
	}
	return Actor{}, fmt.Errorf("actor %q is not of the form account:ID, person:ID, system:NAME or anonymous", s)
}
