package setsafe

import "fmt"

// Apply folds one event into the state. The event must be the next one of
// this ledger. Apply refuses an event that does not fit the state (a role
// granted to a person who does not exist, say); such an event can only come
// from a damaged or forged ledger.
func (s *State) Apply(e Event) error {
	if s.own == nil {
		return fmt.Errorf("event %d applied to a snapshot of ledger %q", e.Seq, s.Ledger)
	}
	if e.Ledger != s.Ledger {
		return fmt.Errorf("event of ledger %q applied to ledger %q", e.Ledger, s.Ledger)
	}
	if e.Seq != s.Size+1 {
		return fmt.Errorf("event %d applied after event %d", e.Seq, s.Size)
	}
	if e.Body == nil {
		return fmt.Errorf("event %d has no body", e.Seq)
	}
	_, site := e.Body.(SiteBody)
	if site != (s.Ledger == SiteLedger) {
		if site {
			return fmt.Errorf("event %d: %s belongs in the site ledger", e.Seq, e.Type())
		}
		return fmt.Errorf("event %d: %s belongs in a production's ledger", e.Seq, e.Type())
	}
	if _, created := e.Body.(*ProductionCreated); s.Ledger != SiteLedger && s.Production() == nil && !created {
		return fmt.Errorf("event %d: the production's ledger does not start with production.created", e.Seq)
	}
	if err := s.apply(e); err != nil {
		return fmt.Errorf("event %d (%s): %w", e.Seq, e.Type(), err)
	}
	s.Size = e.Seq
	s.LastTime = e.Time
	return nil
}

// apply folds an event through its body's own fold, then through the
// subdomains' folds that observe its type. A body whose type is not
// registered, or has no fold, has no projection.
func (s *State) apply(e Event) error {
	f, ok := foldOf(e.Body)
	if _, known := bodyTypes[e.Type()]; !ok || !known {
		return fmt.Errorf("no projection for event type %s", e.Type())
	}
	if err := f(s, e); err != nil {
		return err
	}
	for _, observe := range observers[e.Type()] {
		if err := observe(&Folding{s: s}, e); err != nil {
			return err
		}
	}
	return nil
}
