package setsafe

// AddLocation records a place the production shoots at. Those who record
// the permissions locations need (the location manager, the safety
// coordinator, producers) add them.
type AddLocation struct {
	ID      string
	Name    string
	Address string
}

// Authorize implements Command.
func (c AddLocation) Authorize(a Access, _ *State) error { return a.Require(PermRecordPermissions) }

// Decide implements Command.
func (c AddLocation) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &LocationAdded{ID: c.ID, Name: CleanText(p, "name", c.Name, MaxNameLength, true), Address: CleanText(p, "address", c.Address, MaxReasonLength, false)}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.Location(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Location %s exists already.", c.ID)
	}
	return one(b), nil
}

// PlaceSetUp records where a set-up is shot, so that what names the
// location (a permission, a concern, a stop-work) applies to it. Those who
// plan set-ups place them.
type PlaceSetUp struct {
	SetUpID    string
	LocationID string
}

// Authorize implements Command.
func (c PlaceSetUp) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c PlaceSetUp) Decide(s *State, d Decision) (Outcome, error) {
	u := s.SetUp(c.SetUpID)
	if u == nil {
		return Outcome{}, Errorf(ENotFound, "There is no set-up %s.", c.SetUpID)
	}
	p := Problems{}
	if s.Location(c.LocationID) == nil {
		p.Add("location_id", "must name a location of this production; add the location first")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if u.LocationID == c.LocationID {
		return Outcome{}, nil
	}
	return one(&SetUpLocated{SetUpID: u.ID, LocationID: c.LocationID}), nil
}
