package setsafe

import "fmt"

func init() {
	register[LocationAdded](1, "Location added")
	register[SetUpLocated](1, "Set-up placed at a location")
}

// LocationAdded records a place the production shoots at: a stage, a
// ranch, a stretch of railroad track. Set-ups, permissions, concerns and
// stop-works name it by its ID, so that what stops one place stops every
// set-up there.
type LocationAdded struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
}

// EventType implements Body.
func (*LocationAdded) EventType() string { return "location.added" }

func (b *LocationAdded) apply(s *State, e Event) error {
	if s.Location(b.ID) != nil {
		return fmt.Errorf("location %s exists already", b.ID)
	}
	s.put(&Location{ID: b.ID, Name: b.Name, Address: b.Address, AddedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *LocationAdded) refers() References { return References{} }

// SetUpLocated records where a set-up is shot.
type SetUpLocated struct {
	SetUpID    string `json:"setup_id"`
	LocationID string `json:"location_id"`
}

// EventType implements Body.
func (*SetUpLocated) EventType() string { return "setup.located" }

func (b *SetUpLocated) apply(s *State, e Event) error {
	u := s.SetUp(b.SetUpID)
	if u == nil {
		return fmt.Errorf("set-up %s does not exist", b.SetUpID)
	}
	if s.Location(b.LocationID) == nil {
		return fmt.Errorf("location %s does not exist", b.LocationID)
	}
	next := *u
	next.LocationID, next.LastSeq = b.LocationID, e.Seq
	s.put(&next)
	return nil
}

func (b *SetUpLocated) refers() References { return References{SetUp: b.SetUpID} }
