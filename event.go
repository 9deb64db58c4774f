package setsafe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	fastjson "github.com/segmentio/encoding/json"
)

// Event is one entry of a ledger: something that happened, who did it and
// when. Events are never changed or deleted; a correction is a new event whose
// Corrects field names the sequence number of the event it corrects.
type Event struct {
	// Ledger is the production ID, or [SiteLedger].
	Ledger string
	// Seq is the event's position in its ledger, starting at 1.
	Seq int64
	// Time is when the event was recorded, in microseconds, UTC.
	Time time.Time
	// Actor is who caused the event.
	Actor Actor
	// Corrects is the sequence number of the event this one corrects, or 0.
	Corrects int64
	// Body says what happened; its type decides the event type.
	Body Body
}

// Type returns the event type, such as "role.granted".
func (e Event) Type() string { return e.Body.EventType() }

// Body is the content of an event. Each body type has a name and a version;
// its canonical encoding is its JSON form as produced by encoding/json.
type Body interface {
	EventType() string
}

// SiteBody is implemented by bodies that belong in the site ledger rather
// than in a production's ledger.
type SiteBody interface {
	Body
	siteEvent()
}

type bodyType struct {
	version int
	name    string
	new     func() Body
	// older makes the bodies of earlier versions, by version.
	older map[int]func() Body
}

// bodyTypes registers every event type with its current body version and
// its plain words. A body version is raised when a body's encoding changes;
// decoders for older versions then stay here so that old ledgers can still
// be read.
var bodyTypes = map[string]bodyType{}

// fold is what every event body does to the state: it checks that the
// event fits the state and changes the state's rows, or says why it does not
// fit. Each body type's apply is written beside the type.
type fold interface {
	apply(s *State, e Event) error
}

// register adds an event type, with its current body version and its name
// in plain English words, as people on a set would say what happened (the
// pages translate it; the Spanish catalogue is keyed by these words). It is
// called from the init of the file that holds the body type; a body type
// without a fold, or without saying what it refers to, does not compile
// here.
func register[B any, P interface {
	*B
	Body
	fold
	about
}](version int, name string) {
	var zero P = new(B)
	t := bodyTypes[zero.EventType()]
	t.version, t.name, t.new = version, name, func() Body { return P(new(B)) }
	bodyTypes[zero.EventType()] = t
}

// registerOlder adds the decoding of an older body version of an event
// type registered with [register] (in the same init, after it): B reads
// what that version recorded, folds it and says what it refers to, so that
// old ledgers still verify and fold. B says its version by implementing
// olderBody; new events are always written in the current version.
func registerOlder[B any, P interface {
	*B
	Body
	fold
	about
	olderBody
}]() {
	var zero P = new(B)
	t, ok := bodyTypes[zero.EventType()]
	if !ok || zero.bodyVersion() >= t.version {
		panic("registerOlder: " + zero.EventType() + " is not registered with a later version")
	}
	if t.older == nil {
		t.older = map[int]func() Body{}
	}
	t.older[zero.bodyVersion()] = func() Body { return P(new(B)) }
	bodyTypes[zero.EventType()] = t
}

// olderBody is a body of an older version than its type's current one.
type olderBody interface {
	bodyVersion() int
}

// BodyVersionOf returns the body version a body is encoded in: the
// current one of its type, or the older one it was recorded in.
func BodyVersionOf(b Body) int {
	if o, ok := b.(olderBody); ok {
		return o.bodyVersion()
	}
	return BodyVersion(b.EventType())
}

// EventTypes returns the names of all event types, sorted.
func EventTypes() []string { return slices.Sorted(maps.Keys(bodyTypes)) }

// BodyVersion returns the current body version of an event type, or 0 if the
// type is unknown.
func BodyVersion(eventType string) int { return bodyTypes[eventType].version }

// EventName returns what an event type means in plain English words, such
// as "Handed over" for "firearm.handed_over"; the type itself when it is
// not registered.
func EventName(eventType string) string {
	if t, ok := bodyTypes[eventType]; ok {
		return t.name
	}
	return eventType
}

// NewBody returns a new zero body of the named event type, or nil.
func NewBody(eventType string) Body {
	if t, ok := bodyTypes[eventType]; ok {
		return t.new()
	}
	return nil
}

// EncodeBody returns the canonical encoding of a body.
func EncodeBody(b Body) ([]byte, error) {
	if _, ok := bodyTypes[b.EventType()]; !ok {
		return nil, fmt.Errorf("encode event body: unknown event type %q", b.EventType())
	}
	data, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("encode %s body: %w", b.EventType(), err)
	}
	return data, nil
}

// DecodeBody decodes the body of an event of the given type and version. It
// accepts only the canonical encoding: the body must be exactly what
// [EncodeBody] makes of the decoded value, so unknown fields, other spellings
// of the same text, white space and trailing data are all refused.
func DecodeBody(eventType string, version int, data []byte) (Body, error) {
	t, ok := bodyTypes[eventType]
	if !ok {
		return nil, fmt.Errorf("unknown event type %q", eventType)
	}
	newBody := t.new
	if version != t.version {
		if newBody = t.older[version]; newBody == nil {
			return nil, fmt.Errorf("event type %s has no body version %d (current: %d)", eventType, version, t.version)
		}
	}
	b := newBody()
	// A fast decoder, for verification reads every entry; the canonical
	// check below, with the standard encoder, is what makes it strict.
	if err := fastjson.Unmarshal(data, b); err != nil {
		return nil, fmt.Errorf("decode %s body: %w", eventType, err)
	}
	again, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("decode %s body: %w", eventType, err)
	}
	if !bytes.Equal(again, data) {
		return nil, fmt.Errorf("decode %s body: not in canonical form (unknown fields, or not as setsafe writes it)", eventType)
	}
	return b, nil
}

// References are what an event is about, read from its body: the firearms
// and ammunition lots it concerns, the people it names besides whoever
// recorded it, and the set-up it happened in. An event about none of them
// has the zero References.
type References struct {
	Firearms, Lots []string
	// People are the people the event names besides who recorded it.
	People []string
	SetUp  string
}

// about is what every event body says of itself beside its fold: what it
// refers to. Each body type's refers is written beside the type.
type about interface {
	refers() References
}

// RefersTo returns what an event's body is about; a body that is not an
// event type's refers to nothing.
func RefersTo(b Body) References {
	switch a := b.(type) {
	case about:
		return a.refers()
	case EventBody:
		return a.References()
	}
	return References{}
}

// ArmoryItems returns the firearms and ammunition lots an event is about,
// as [RefersTo] reads them.
func ArmoryItems(b Body) (firearms, lots []string) {
	r := RefersTo(b)
	return r.Firearms, r.Lots
}

// named returns the people an event names, each once and in order, leaving
// out the blanks of optional fields.
func named(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
