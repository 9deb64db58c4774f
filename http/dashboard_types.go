package http

import "github.com/setsafe/setsafe"

// StudioAccessRequest grants an account the studio's view across
// productions: its capacity (studio_safety or insurer) and the
// productions it spans, or ["*"] for all of them.
type StudioAccessRequest struct {
	Capacity    string   `json:"capacity"`
	Productions []string `json:"productions"`
}

// StudioAccessView is an account's studio view and the productions it
// spans now.
type StudioAccessView struct {
	*setsafe.StudioAccess
	Productions []string `json:"productions"`
}

// ReportRecipients are the rungs of the escalation ladder that get the
// daily safety report when the day is wrapped.
type ReportRecipients struct {
	Rungs []string `json:"rungs"`
}
