package http

import (
	"time"

	"github.com/setsafe/setsafe"
)

// SetUpRequest plans a set-up: a scene's shot on a day, with its hazards.
type SetUpRequest struct {
	// Day is YYYY-MM-DD; empty means today on set.
	Day     string   `json:"day,omitempty"`
	Scene   string   `json:"scene"`
	Name    string   `json:"name"`
	Hazards []string `json:"hazards"`
	// TowardPeople marks a shot with a firearm pointed toward the camera
	// or a person (FA-9).
	TowardPeople bool `json:"toward_people,omitempty"`
	// LocationID is the location it is shot at, if known.
	LocationID string `json:"location_id,omitempty"`
}

// ShotPlanRequest records how a shot toward people is made safe.
type ShotPlanRequest struct {
	Shields         bool   `json:"shields"`
	MinimumDistance bool   `json:"minimum_distance"`
	RemoteCamera    bool   `json:"remote_camera"`
	PeopleCleared   bool   `json:"people_cleared"`
	Notes           string `json:"notes,omitempty"`
}

// StopWorkRequest stops work: the production (scope production), one
// set-up (setup, with setup_id), one hazard (hazard, with hazard) or every
// set-up at one location (location, with location_id).
type StopWorkRequest struct {
	Scope      string `json:"scope"`
	SetUpID    string `json:"setup_id,omitempty"`
	Hazard     string `json:"hazard,omitempty"`
	LocationID string `json:"location_id,omitempty"`
	Reason     string `json:"reason"`
	// Injury says someone was hurt: an incident is opened for it.
	Injury bool `json:"injury,omitempty"`
	// Person and PIN are set on the shared device of the day (signed in by
	// someone who runs safety meetings) when another person calls the
	// stop-work with their PIN; left out, the signed-in person calls it.
	Person string `json:"person,omitempty"`
	PIN    string `json:"pin,omitempty"`
}

// LiftRequest lifts a stop-work with its resolution.
type LiftRequest struct {
	Resolution string `json:"resolution"`
}

// DischargeRequest reports a misfire, discharge or malfunction. Any kind
// is a malfunction: the firearm goes out of service and the incident is
// opened for investigation.
type DischargeRequest struct {
	// Kind is unintended_discharge (a load that should be inert fired: a
	// "pop"), misfire, hang_fire, suspected_squib (a weak report, something
	// may be stuck in the bore), unexpected_recoil, negligent_discharge or
	// malfunction (any other fault in firing: a jam, a failure to cycle).
	Kind        string `json:"kind"`
	Description string `json:"description"`
	// OccurredAt is when it happened, if not just now: RFC 3339, or
	// YYYY-MM-DDTHH:MM on the set's clock; never in the future, and no
	// more than 30 days ago. The report's own time stays when it was
	// recorded.
	OccurredAt string `json:"occurred_at,omitempty"`
}

// InvestigationRequest records a discharge's findings and corrective
// action.
type InvestigationRequest struct {
	Findings         string `json:"findings"`
	CorrectiveAction string `json:"corrective_action"`
}

// ServiceRequest returns a firearm to service after its bore inspection.
// Only a qualified armorer (on armorer duty, with a current permit) who
// saw the bore clear may, after an inspection at the bench since it went
// out of service that found its bore clear and it working (FA-7).
type ServiceRequest struct {
	BoreClear bool `json:"bore_clear"`
}

// SignOffRequest signs the review of repeated warning signs.
type SignOffRequest struct {
	Note string `json:"note"`
}

// SetUpView is a set-up with the gate's verdict on starting it now.
type SetUpView struct {
	setsafe.SetUp
	Hazards []string    `json:"hazards"`
	Verdict VerdictView `json:"verdict"`
}

// DayView is a day's board: its set-ups, each GO or NO-GO, and the
// stop-works in force.
type DayView struct {
	Day       string              `json:"day"`
	SetUps    []SetUpView         `json:"setups"`
	StopWorks []*setsafe.StopWork `json:"stop_works"`
	// Alerts are the alerts not yet resolved, the earliest first.
	Alerts []*setsafe.Alert `json:"alerts"`
}

// ReconcileRequest is the armorer's count at wrap.
type ReconcileRequest struct {
	Counts []setsafe.LotCount `json:"counts"`
}

// ReconcileResult answers a count with what did not match the record.
type ReconcileResult struct {
	Recorded      []RecordedView  `json:"recorded"`
	Discrepancies []setsafe.Found `json:"discrepancies"`
}

// ResolveRequest resolves a discrepancy.
type ResolveRequest struct {
	Resolution string `json:"resolution"`
}

// LiveRoundRequest reports a live round on set.
type LiveRoundRequest struct {
	Description string `json:"description"`
	// OccurredAt is when the round was found, if not just now: RFC 3339,
	// or YYYY-MM-DDTHH:MM on the set's clock; never in the future, and no
	// more than 30 days ago.
	OccurredAt string `json:"occurred_at,omitempty"`
}

// ClearRequest clears a live round report: the armorer removed it, and a
// second person verifies with their PIN.
type ClearRequest struct {
	VerifiedBy string `json:"verified_by"`
	PIN        string `json:"pin"`
}

// UnloadRequest says how many of the rounds loaded were fired. Blanks
// fired are counted; dummies fired were never inert, and the unload
// reports the discharge too: the firearm goes out of service.
type UnloadRequest struct {
	Fired int64 `json:"fired"`
}

// ReconciliationView is a count at wrap, as recorded in its entry: the
// rounds counted of each lot and what did not match the record.
type ReconciliationView struct {
	// Seq is the sequence number of its entry in the production's ledger.
	Seq           int64              `json:"seq"`
	Time          time.Time          `json:"time"`
	Day           string             `json:"day"`
	Counts        []setsafe.LotCount `json:"counts"`
	Discrepancies []setsafe.Found    `json:"discrepancies"`
}
