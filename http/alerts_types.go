package http

import "github.com/setsafe/setsafe"

// SetUpStateRequest calls where a set-up stands: rehearsal, standing_by,
// rolling, cut, on_hold or wrapped.
type SetUpStateRequest struct {
	State string `json:"state"`
}

// AcknowledgeAlertRequest takes charge of an alert, saying what is being
// done about it.
type AcknowledgeAlertRequest struct {
	Reason string `json:"reason"`
}

// AlertsView lists the alerts not yet resolved, the earliest raised first.
type AlertsView struct {
	Alerts []*setsafe.Alert `json:"alerts"`
}
