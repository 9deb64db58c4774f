package setsafe

import "fmt"

func init() {
	register[TrainingRecorded](1, "Training recorded")
}

// TrainingRecorded records a course a person completed. Dates are days,
// YYYY-MM-DD; an empty expiry means the course has none of its own.
type TrainingRecorded struct {
	ID        string `json:"id"`
	PersonID  string `json:"person_id"`
	Course    string `json:"course"`
	Provider  string `json:"provider"`
	Firearms  bool   `json:"firearms"`
	Hours     int64  `json:"hours"`
	Completed string `json:"completed"`
	Expires   string `json:"expires"`
}

// EventType implements Body.
func (*TrainingRecorded) EventType() string { return "training.recorded" }

func (b *TrainingRecorded) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	completed, err := parseDay(b.Completed)
	if err != nil {
		return err
	}
	expires, err := parseDay(b.Expires)
	if err != nil {
		return err
	}
	s.put(&Training{ID: b.ID, PersonID: b.PersonID, Course: b.Course, Provider: b.Provider, Firearms: b.Firearms,
		Hours: b.Hours, Completed: completed, Expires: expires, LastSeq: e.Seq})
	return nil
}

func (b *TrainingRecorded) refers() References {
	return References{People: named(b.PersonID)}
}
