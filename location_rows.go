package setsafe

import "time"

// The projection table of locations.
const tableLocations = "locations"

func init() {
	rowTypes[tableLocations] = func() Row { return new(Location) }
}

// Location is a place the production shoots at.
type Location struct {
	ID      string    `db:"id,key" json:"id"`
	Name    string    `db:"name" json:"name"`
	Address string    `db:"address" json:"address,omitempty"`
	AddedAt time.Time `db:"added_us" json:"added_at"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Location) Table() string { return tableLocations }

// Key implements Row.
func (l *Location) Key() string { return l.ID }

// Locations returns every location, ordered by ID.
func (s *State) Locations() []*Location { return all[*Location](s, tableLocations) }

// Location returns the location with the given ID, or nil.
func (s *State) Location(id string) *Location {
	if id == "" {
		return nil
	}
	return lookup[*Location](s, tableLocations, id)
}

// LocationName returns the name of the location with the given ID, or ""
// when there is none.
func (s *State) LocationName(id string) string {
	if l := s.Location(id); l != nil {
		return l.Name
	}
	return ""
}
