package setsafe

import (
	"fmt"
)

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

func (s *State) apply(e Event) error {
	switch b := e.Body.(type) {
	case *AccountCreated:
		if s.Account(b.ID) != nil {
			return fmt.Errorf("account %s already exists", b.ID)
		}
		s.put(&Account{ID: b.ID, Email: b.Email, Name: b.Name, CreatedAt: e.Time, LastSeq: e.Seq})
	case *AccountUpdated:
		return s.updateAccount(b.ID, e, func(a *Account) { a.Email, a.Name = b.Email, b.Name })
	case *AccountPasswordSet:
		return s.updateAccount(b.ID, e, func(a *Account) { a.PasswordSetAt = e.Time })
	case *AccountDisabled:
		return s.updateAccount(b.ID, e, func(a *Account) { a.Disabled = true })
	case *AccountEnabled:
		return s.updateAccount(b.ID, e, func(a *Account) { a.Disabled = false })
	case *SiteAdminGranted:
		return s.updateAccount(b.AccountID, e, func(a *Account) { a.SiteAdmin = true })
	case *SiteAdminRevoked:
		return s.updateAccount(b.AccountID, e, func(a *Account) { a.SiteAdmin = false })
	case *APITokenCreated:
		if s.Account(b.AccountID) == nil {
			return fmt.Errorf("account %s does not exist", b.AccountID)
		}
		if s.APIToken(b.ID) != nil {
			return fmt.Errorf("API token %s already exists", b.ID)
		}
		s.put(&APIToken{ID: b.ID, AccountID: b.AccountID, Name: b.Name, CreatedAt: e.Time, ExpiresAt: b.ExpiresAt, LastSeq: e.Seq})
	case *APITokenRevoked:
		t := edit(s.APIToken(b.ID))
		if t == nil {
			return fmt.Errorf("API token %s does not exist", b.ID)
		}
		t.Revoked, t.LastSeq = true, e.Seq
		s.put(t)
	case *ProductionRegistered:
		if s.RegisteredProduction(b.ID) != nil {
			return fmt.Errorf("production %s is already registered", b.ID)
		}
		s.put(&RegisteredProduction{ID: b.ID, RegisteredAt: e.Time, LastSeq: e.Seq})

	case *ProductionCreated:
		if e.Seq != 1 || b.ID != s.Ledger {
			return fmt.Errorf("production.created must be event 1 of ledger %s", s.Ledger)
		}
		s.put(&Production{ID: b.ID, Name: b.Name, Company: b.Company, Location: b.Location, TimeZone: b.TimeZone, CreatedAt: e.Time, LastSeq: e.Seq})
	case *ProductionUpdated:
		p := edit(s.Production())
		p.Name, p.Company, p.Location, p.TimeZone, p.LastSeq = b.Name, b.Company, b.Location, b.TimeZone, e.Seq
		s.put(p)
	case *PersonAdded:
		if s.Person(b.ID) != nil {
			return fmt.Errorf("person %s already exists", b.ID)
		}
		s.put(&Person{ID: b.ID, Name: b.Name, Department: b.Department, JobTitle: b.JobTitle,
			Email: b.Email, Phone: b.Phone, Active: true, AddedAt: e.Time, LastSeq: e.Seq})
	case *PersonUpdated:
		return s.updatePerson(b.ID, e, func(p *Person) {
			p.Name, p.Department, p.JobTitle, p.Email, p.Phone = b.Name, b.Department, b.JobTitle, b.Email, b.Phone
		})
	case *PersonLeft:
		for _, r := range s.RolesOf(b.ID) {
			s.remove(s.Grant(b.ID, r))
		}
		return s.updatePerson(b.ID, e, func(p *Person) { p.Active, p.LeftAt = false, e.Time })
	case *PersonAccountLinked:
		return s.updatePerson(b.ID, e, func(p *Person) { p.AccountID = b.AccountID })
	case *PersonAccountUnlinked:
		return s.updatePerson(b.ID, e, func(p *Person) { p.AccountID = "" })
	case *PersonPINSet:
		return s.updatePerson(b.ID, e, func(p *Person) { p.HasPIN = true })
	case *RoleGranted:
		if s.Person(b.PersonID) == nil {
			return fmt.Errorf("person %s does not exist", b.PersonID)
		}
		if !b.Role.Valid() {
			return fmt.Errorf("unknown role %q", b.Role)
		}
		s.put(&RoleGrant{PersonID: b.PersonID, Role: b.Role, GrantedAt: e.Time, GrantedBy: e.Actor.String(), LastSeq: e.Seq})
	case *RoleRevoked:
		g := s.Grant(b.PersonID, b.Role)
		if g == nil {
			return fmt.Errorf("person %s does not hold role %s", b.PersonID, b.Role)
		}
		s.remove(g)
	default:
		if ok, err := s.applyArmory(e); ok {
			return err
		}
		return fmt.Errorf("no projection for event type %s", e.Type())
	}
	return nil
}

func (s *State) updateAccount(id string, e Event, change func(*Account)) error {
	a := edit(s.Account(id))
	if a == nil {
		return fmt.Errorf("account %s does not exist", id)
	}
	change(a)
	a.LastSeq = e.Seq
	s.put(a)
	return nil
}

func (s *State) updatePerson(id string, e Event, change func(*Person)) error {
	p := edit(s.Person(id))
	if p == nil {
		return fmt.Errorf("person %s does not exist", id)
	}
	change(p)
	p.LastSeq = e.Seq
	s.put(p)
	return nil
}
