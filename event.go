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
	new     func() Body
}

// bodyTypes registers every event type with its current body version.
// A body version is raised when a body's encoding changes; decoders for older
// versions then stay here so that old ledgers can still be read.
var bodyTypes = map[string]bodyType{}

// fold is what every event body does to the state: it checks that the
// event fits the state and changes the state's rows, or says why it does not
// fit. Each body type's apply is written beside the type.
type fold interface {
	apply(s *State, e Event) error
}

// register adds an event type, with its current body version. It is called
// from the init of the file that holds the body type; a body type without a
// fold does not compile here.
func register[B any, P interface {
	*B
	Body
	fold
}](version int) {
	var zero P = new(B)
	bodyTypes[zero.EventType()] = bodyType{version: version, new: func() Body { return P(new(B)) }}
}

// EventTypes returns the names of all event types, sorted.
func EventTypes() []string { return slices.Sorted(maps.Keys(bodyTypes)) }

// BodyVersion returns the current body version of an event type, or 0 if the
// type is unknown.
func BodyVersion(eventType string) int { return bodyTypes[eventType].version }

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
	if version != t.version {
		return nil, fmt.Errorf("event type %s has no body version %d (current: %d)", eventType, version, t.version)
	}
	b := t.new()
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

// RefersTo returns what an event's body is about.
func RefersTo(b Body) References {
	var r References
	r.Firearms, r.Lots = armoryItems(b)
	people := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(r.People, id) {
				r.People = append(r.People, id)
			}
		}
	}
	switch b := b.(type) {
	case *ComplianceContactNamed:
		people(b.PersonID)
	case *TrainingRecorded:
		people(b.PersonID)
	case *PermitRecorded:
		people(b.PersonID)
	case *MeetingHeld:
		people(b.LedBy)
	case *MeetingAttended:
		people(b.PersonID)
	case *AmmoLotVerifiedInert:
		people(b.By)
	case *FirearmUnsecured:
		people(b.PersonID)
	case *FirearmHandedOver:
		people(b.From, b.To)
		r.SetUp = b.SetUp
	case *FirearmShownClear:
		people(b.Witnesses...)
	case *FirearmInspected:
		people(b.By)
		if !slices.Contains(r.Firearms, b.FirearmID) {
			r.Firearms = append(r.Firearms, b.FirearmID)
		}
	case *ActionRefused:
		people(b.From, b.To)
	case *RoundsDestroyed:
		people(b.Witness)
	case *DischargeReported:
		people(b.ReportedBy)
	case *ReviewSignedOff:
		people(b.PersonID)
	case *LiveRoundReported:
		people(b.ReportedBy)
	case *LiveRoundCleared:
		people(b.RemovedBy, b.VerifiedBy)
	case *PersonAdded:
		people(b.ID)
	case *PersonUpdated:
		people(b.ID)
	case *PersonLeft:
		people(b.ID)
	case *PersonAccountLinked:
		people(b.ID)
	case *PersonAccountUnlinked:
		people(b.ID)
	case *PersonPINSet:
		people(b.ID)
	case *RoleGranted:
		people(b.PersonID)
	case *RoleRevoked:
		people(b.PersonID)
	case *SetUpPlanned:
		r.SetUp = b.ID
	case *ShotPlanRecorded:
		r.SetUp = b.SetUpID
	case *SetUpStarted:
		r.SetUp = b.SetUpID
	case *StopWorkCalled:
		people(b.CalledBy)
		r.SetUp = b.SetUpID
	case *StopWorkLifted:
		people(b.LiftedBy)
	}
	return r
}

// ArmoryItems returns the firearms and ammunition lots an event is about,
// as [RefersTo] reads them.
func ArmoryItems(b Body) (firearms, lots []string) {
	r := RefersTo(b)
	return r.Firearms, r.Lots
}

// armoryItems returns the firearms and lots part of [RefersTo].
func armoryItems(b Body) (firearms, lots []string) {
	switch b := b.(type) {
	case *FirearmInspected:
		return []string{b.FirearmID}, nil
	case *FirearmReceived:
		return []string{b.ID}, nil
	case *FirearmUnsecured:
		return []string{b.FirearmID}, nil
	case *FirearmSecured:
		return []string{b.FirearmID}, nil
	case *FirearmHandedOver:
		return []string{b.FirearmID}, nil
	case *FirearmShownClear:
		return []string{b.FirearmID}, nil
	case *FirearmLoaded:
		return []string{b.FirearmID}, []string{b.LotID}
	case *FirearmUnloaded:
		return []string{b.FirearmID}, []string{b.LotID}
	case *DischargeReported:
		return []string{b.FirearmID}, nil
	case *FirearmReturnedToService:
		return []string{b.FirearmID}, nil
	case *FirearmOutOfService:
		return []string{b.FirearmID}, nil
	case *FirearmReturnedToOwner:
		return []string{b.FirearmID}, nil
	case *RoundsReturned:
		return nil, []string{b.LotID}
	case *RoundsDestroyed:
		return nil, []string{b.LotID}
	case *AmmoLotReceived:
		return nil, []string{b.ID}
	case *AmmoLotVerifiedInert:
		return nil, []string{b.LotID}
	case *FileAttached:
		if b.Subject == SubjectFirearm {
			return []string{b.SubjectID}, nil
		}
	case *ActionRefused:
		if b.FirearmID != "" {
			firearms = []string{b.FirearmID}
		}
		if b.LotID != "" {
			lots = []string{b.LotID}
		}
		return firearms, lots
	}
	return nil, nil
}
