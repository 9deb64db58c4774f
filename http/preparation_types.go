package http

import "github.com/setsafe/setsafe"

// PreparationRequest records a preparation a set-up's hazards need, with
// exactly the facts its kind takes (see the kinds in GET
// /api/v1/safety-rules or docs/hazards.md): file_id for a document,
// window_from, window_until and confirmed_by for a window, limit and
// reading for a limit, count for a count.
type PreparationRequest struct {
	// Kind is a kind of preparation, such as track_window or
	// weather_limits.
	Kind string `json:"kind"`
	// Ready is true when it is done and sound; false says the set-up
	// waits for it.
	Ready bool   `json:"ready"`
	Notes string `json:"notes,omitempty"`
	// FileID is the SHA-256 of the document attached to the set-up with
	// POST .../setups/{setup}/documents.
	FileID string `json:"file_id,omitempty"`
	// WindowFrom and WindowUntil are RFC 3339, or YYYY-MM-DDTHH:MM on the
	// set's clock: no trains expected from, until.
	WindowFrom  string `json:"window_from,omitempty"`
	WindowUntil string `json:"window_until,omitempty"`
	// ConfirmedBy is who outside the production confirmed the window.
	ConfirmedBy string `json:"confirmed_by,omitempty"`
	// Limit and Reading are in the kind's unit, such as km/h.
	Limit   *float64 `json:"limit,omitempty"`
	Reading *float64 `json:"reading,omitempty"`
	// Count is how many, such as the charges placed.
	Count int64 `json:"count,omitempty"`
	// OccurredAt is when it was done, if not just now: RFC 3339, or
	// YYYY-MM-DDTHH:MM on the set's clock; never in the future.
	OccurredAt string `json:"occurred_at,omitempty"`
}

// Command is the command the request asks for, on a set-up.
func (r PreparationRequest) Command(setupID string) setsafe.RecordPreparation {
	return setsafe.RecordPreparation{ID: setsafe.NewID(), Kind: r.Kind, SetUpID: setupID, Ready: r.Ready, Notes: r.Notes,
		FileID: r.FileID, WindowFrom: r.WindowFrom, WindowUntil: r.WindowUntil, ConfirmedBy: r.ConfirmedBy,
		Limit: r.Limit, Reading: r.Reading, Count: r.Count, OccurredAt: r.OccurredAt}
}

// PreparationsView is a set-up's preparations: where each its hazards
// need stands now, every record, the earliest first, and its documents.
type PreparationsView struct {
	SetUpID   string                      `json:"setup_id"`
	Needed    []setsafe.PreparationStatus `json:"needed"`
	Records   []*setsafe.Preparation      `json:"records"`
	Documents []*setsafe.Attachment       `json:"documents"`
}
