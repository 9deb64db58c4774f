package setsafe

// Triages of a concern.
const (
	TriageFounded   = "founded"
	TriageUnfounded = "unfounded"
)

// Triages lists the triages of a concern.
var Triages = []string{TriageFounded, TriageUnfounded}

// Decisions on the work a critical concern stops.
const (
	// DecisionProceed lets the work go on, with the measures taken.
	DecisionProceed = "proceed"
	// DecisionStop keeps the work stopped until the concern is resolved.
	DecisionStop = "stop"
)

// Decisions lists the decisions on a critical concern.
var Decisions = []string{DecisionProceed, DecisionStop}

// coordinatesSafety says whether the access is the safety coordinator's or
// a producer's, who handle concerns: those who triage concerns and decide
// on the work a critical one stops.
func coordinatesSafety(a Access, what string) error {
	if a.System {
		return nil
	}
	if err := a.Require(PermHandleConcerns); err != nil {
		return err
	}
	if a.Has(RoleSafetyCoordinator) || a.Has(RoleProducer) {
		return nil
	}
	return Errorf(EForbidden, "Only the safety coordinator or a producer can %s.", what)
}

// TriageConcern is the safety coordinator's reading of a concern: founded,
// or unfounded with the reason why. An anonymous critical concern climbs
// the ladder until it is triaged, as an unacknowledged concern does; triage
// does its acknowledging. The reporter reads it, an anonymous one with the
// receipt code.
type TriageConcern struct {
	ID     string
	Triage string
	// Reason is required when unfounded.
	Reason string
	By     string
}

// Authorize implements Command.
func (c TriageConcern) Authorize(a Access, _ *State) error {
	return coordinatesSafety(a, "triage a concern")
}

// Decide implements Command.
func (c TriageConcern) Decide(s *State, d Decision) (Outcome, error) {
	by, cn, err := concernToHandle(s, d, c.ID, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	OneOf(p, "triage", c.Triage, Triages)
	reason := CleanReason(p, "reason", c.Reason, c.Triage == TriageUnfounded)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if cn.Closed() {
		return Outcome{}, Errorf(EConflict, "The concern is %s; there is nothing to triage.", spoken(cn.State))
	}
	if cn.Triage == c.Triage && cn.TriageReason == reason {
		return Outcome{}, nil
	}
	b := &ConcernTriaged{ID: cn.ID, Triage: c.Triage, Reason: reason, By: by, Deadline: cn.Deadline}
	if cn.awaitsAcknowledgement() {
		// Triaged in time or not, resolving is due by the resolution
		// clock from when it was raised, as after acknowledging.
		b.Deadline = cn.RaisedAt.Add(s.Clock(cn.Severity).Resolve())
	}
	return one(b), nil
}

// DecideConcern decides on the work an open critical concern stops (WS-3):
// proceed, saying the measures taken, or stop, keeping it stopped until the
// concern is resolved. Until someone decides to proceed, the concern stops
// the set-up, the location and the hazard it names.
type DecideConcern struct {
	ID       string
	Decision string
	Reason   string
	By       string
}

// Authorize implements Command.
func (c DecideConcern) Authorize(a Access, _ *State) error {
	return coordinatesSafety(a, "decide on the work a critical concern stops")
}

// Decide implements Command.
func (c DecideConcern) Decide(s *State, d Decision) (Outcome, error) {
	by, cn, err := concernToHandle(s, d, c.ID, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	OneOf(p, "decision", c.Decision, Decisions)
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	switch {
	case cn.Severity != SeverityCritical:
		return Outcome{}, Errorf(EConflict, "The concern is %s, not critical: it stops no work, so there is nothing to decide.", cn.Severity)
	case cn.Closed():
		return Outcome{}, Errorf(EConflict, "The concern is %s: it stops no work any more.", spoken(cn.State))
	case cn.Decision == c.Decision && cn.DecisionReason == reason:
		return Outcome{}, nil
	}
	return one(&ConcernDecided{ID: cn.ID, Decision: c.Decision, Reason: reason, By: by}), nil
}

// concernToHandle returns who acts and the concern a triage or a decision
// is about, or why there is none.
func concernToHandle(s *State, d Decision, id, by string) (string, *Concern, error) {
	who, err := ActingPerson(s, d, by)
	if err != nil {
		return "", nil, err
	}
	cn := s.Concern(id)
	if cn == nil {
		return "", nil, Errorf(ENotFound, "There is no concern %s.", id)
	}
	return who, cn, nil
}
