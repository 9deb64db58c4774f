package setsafe

// ReportLiveRound reports a live round found or suspected on set. Anyone
// may; all firearm work stops at once (AM-1).
type ReportLiveRound struct {
	ID          string
	Description string
	// OccurredAt is when the round was found, if the reporter says (see
	// [OccurredLayout]): not in the future, and not more than
	// [MaxOccurredAgo] ago.
	OccurredAt string
	By         string
}

// Authorize implements Command.
func (c ReportLiveRound) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c ReportLiveRound) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	desc := CleanReason(p, "description", c.Description, true)
	at := CheckOccurred(p, "occurred_at", c.OccurredAt, d.Now, s.location(), false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*LiveRoundReport](s, tableLiveRounds, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Report %s exists already.", c.ID)
	}
	return one(&LiveRoundReported{ID: c.ID, Description: desc, ReportedBy: by, OccurredAt: at}), nil
}

// ClearLiveRound records the armorer removing a reported live round, with
// a second person (who confirmed with their PIN) verifying it is gone.
type ClearLiveRound struct {
	ID         string
	VerifiedBy string
	By         string
}

// Authorize implements Command.
func (c ClearLiveRound) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ClearLiveRound) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	x := lookup[*LiveRoundReport](s, tableLiveRounds, c.ID)
	if x == nil {
		return Outcome{}, Errorf(ENotFound, "There is no live round report %s.", c.ID)
	}
	if _, err := ActivePerson(s, c.VerifiedBy); err != nil {
		return Outcome{}, err
	}
	if c.VerifiedBy == by {
		return Outcome{}, &Error{Code: EInvalid, Message: "A second person verifies.", Fields: map[string]string{"verified_by": "must be someone other than the armorer"}}
	}
	if x.Cleared {
		return Outcome{}, nil
	}
	return one(&LiveRoundCleared{ID: x.ID, RemovedBy: by, VerifiedBy: c.VerifiedBy}), nil
}
