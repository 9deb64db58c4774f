package http

import (
	"time"

	"github.com/setsafe/setsafe"
)

// ConcernRequest raises a concern by name or confidentially, signed in.
type ConcernRequest struct {
	// Category is firearms, stunts, vehicles, fatigue_and_hours,
	// fire_and_pyrotechnics, water, heights, animals, equipment or other.
	Category string `json:"category"`
	// Severity is critical, high or normal.
	Severity string `json:"severity"`
	// SetUpID, LocationID (a location of the production) or Location (in
	// words) says where. A critical concern stops the set-up it names and
	// every set-up at the location it names.
	SetUpID    string `json:"setup_id,omitempty"`
	LocationID string `json:"location_id,omitempty"`
	Location   string `json:"location,omitempty"`
	// Hazard is the hazard it is about, if not the one its category names
	// (firearms, stunts, vehicles, pyrotechnics, water, heights, animals):
	// a critical concern stops every set-up with it.
	Hazard      string `json:"hazard,omitempty"`
	Description string `json:"description"`
	// Mode is named (the handlers see your name) or confidential (only
	// the safety coordinator does).
	Mode string `json:"mode"`
	// OccurredAt is when what you report happened, if not just now: RFC
	// 3339, or YYYY-MM-DDTHH:MM on the set's clock; never in the future,
	// and no more than 30 days ago. A confidential report's is kept to
	// the minute.
	OccurredAt string        `json:"occurred_at,omitempty"`
	Photos     []PhotoUpload `json:"photos,omitempty"`
}

// AnonymousConcernRequest raises a concern without signing in. Nothing
// that would say who sent it is kept. Its fields are in the order to send
// them: when the photos come last, the report's words and work are checked,
// and the report let through or refused, before the photos are read.
type AnonymousConcernRequest struct {
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	SetUpID     string `json:"setup_id,omitempty"`
	Hazard      string `json:"hazard,omitempty"`
	LocationID  string `json:"location_id,omitempty"`
	Location    string `json:"location,omitempty"`
	Description string `json:"description"`
	// OccurredAt is when what you report happened, if not just now: RFC
	// 3339, or YYYY-MM-DDTHH:MM on the set's clock; never in the future,
	// and no more than 30 days ago. It is kept to the minute, as the
	// report's own time is: a finer time could tell who sent it.
	OccurredAt string `json:"occurred_at,omitempty"`
	Work
	Photos []PhotoUpload `json:"photos,omitempty"`
}

// Work is what a request on the anonymous routes shows when many come in
// (429 says so): a challenge from GET /api/v1/report/{production}/challenge,
// fetched by the same client, and either a proof of work for it or,
// without one, the wait: a challenge at least wait_seconds old.
type Work struct {
	Challenge string `json:"challenge,omitempty"`
	// Proof is a number, in decimal, such that the SHA-256 of the challenge,
	// a colon and the proof starts with the challenge's bits of zeros.
	Proof string `json:"proof,omitempty"`
}

// ChallengeView is a challenge for the work asked when many reports or
// receipt codes come in: a proof of Bits of work, or the challenge Wait
// old. Each challenge is good once, for six hours, and only for the client
// that fetched it: sent from another address, it stands for nothing.
type ChallengeView struct {
	Challenge string `json:"challenge"`
	// Bits is the work asked of this client now: 0 when none is.
	Bits int `json:"bits"`
	// WaitSeconds is how old the challenge must be to stand for the work.
	WaitSeconds int `json:"wait_seconds"`
}

// PhotoUpload is a photo of the hazard: JPEG or PNG, up to 5 MiB. Its
// metadata (GPS position, camera, time taken) is removed before it is
// stored.
type PhotoUpload struct {
	ContentType string `json:"content_type"`
	// Data is the file, base64-encoded.
	Data []byte `json:"data"`
}

// ReceiptResult is an anonymous reporter's receipt code: shown once,
// stored only as a slow hash. A lost code cannot be recovered.
type ReceiptResult struct {
	Code string `json:"code"`
	ID   string `json:"id"`
}

// ConcernMoveRequest moves a concern on: acknowledged, action_planned,
// resolved or rejected, and why (required except to acknowledge).
type ConcernMoveRequest struct {
	State string `json:"state"`
	Why   string `json:"why,omitempty"`
}

// ConcernTriageRequest is the safety coordinator's triage of a concern:
// founded, or unfounded with the reason (required then). An anonymous
// critical concern climbs the ladder until it is triaged; its reporter
// reads the triage with the receipt code.
type ConcernTriageRequest struct {
	Triage string `json:"triage"`
	Reason string `json:"reason,omitempty"`
}

// ConcernDecisionRequest decides on the work an open critical concern
// stops: proceed, with the measures taken, or stop until it is resolved.
// The reason is required.
type ConcernDecisionRequest struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// ConcernTextRequest is an answer to the reporter, or the reporter's
// reply.
type ConcernTextRequest struct {
	Text string `json:"text"`
}

// ReceiptRequest names an anonymous concern by its receipt code.
type ReceiptRequest struct {
	Code string `json:"code"`
	Work
}

// ReceiptReplyRequest is an anonymous reporter's reply, with the receipt
// code.
type ReceiptReplyRequest struct {
	Code string `json:"code"`
	Text string `json:"text"`
	Work
}

// ConcernView is a concern as the caller may see it: a confidential
// reporter's name is left out for all but the safety coordinator and the
// reporter. Overdue is by the server's clock.
type ConcernView struct {
	setsafe.Concern
	Overdue bool `json:"overdue"`
}

// ConcernList is a production's concerns, most urgent first.
type ConcernList struct {
	// Now is the server's time the overdue flags were worked out at.
	Now      time.Time     `json:"now"`
	Concerns []ConcernView `json:"concerns"`
	// NextCursor, when the list goes on, is the cursor of its next part.
	NextCursor string `json:"next_cursor,omitempty"`
}

// ConcernDetail is a concern with its conversation and photos.
type ConcernDetail struct {
	Concern  ConcernView               `json:"concern"`
	Messages []*setsafe.ConcernMessage `json:"messages"`
	Photos   []*setsafe.Attachment     `json:"photos"`
}
