package setsafe

import "fmt"

func init() {
	register[ProductionRegistered](1, "Production registered on the site")
	register[ProductionCreated](1, "Production created")
	register[ProductionUpdated](1, "Production details changed")
}

// ProductionRegistered records that a production ID was taken on this site.
type ProductionRegistered struct {
	ID string `json:"id"`
}

// EventType implements Body.
func (*ProductionRegistered) EventType() string { return "production.registered" }

func (*ProductionRegistered) siteEvent() {}

func (b *ProductionRegistered) apply(s *State, e Event) error {
	if s.RegisteredProduction(b.ID) != nil {
		return fmt.Errorf("production %s is already registered", b.ID)
	}
	s.put(&RegisteredProduction{ID: b.ID, RegisteredAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (*ProductionRegistered) refers() References { return References{} }

// ProductionCreated is the first event of every production's ledger.
type ProductionCreated struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
}

// EventType implements Body.
func (*ProductionCreated) EventType() string { return "production.created" }

func (b *ProductionCreated) apply(s *State, e Event) error {
	if e.Seq != 1 || b.ID != s.Ledger {
		return fmt.Errorf("production.created must be event 1 of ledger %s", s.Ledger)
	}
	s.put(&Production{ID: b.ID, Name: b.Name, Company: b.Company, Location: b.Location, TimeZone: b.TimeZone, CreatedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (*ProductionCreated) refers() References { return References{} }

// ProductionUpdated records new details of a production.
type ProductionUpdated struct {
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
	// LabelStock is the stock of label sheets chosen; entries without it
	// keep the stock chosen before.
	LabelStock *string `json:"label_stock,omitempty"`
	Reason     string  `json:"reason,omitempty"`
}

// EventType implements Body.
func (*ProductionUpdated) EventType() string { return "production.updated" }

func (b *ProductionUpdated) apply(s *State, e Event) error {
	p := edit(s.Production())
	p.Name, p.Company, p.Location, p.TimeZone, p.LastSeq = b.Name, b.Company, b.Location, b.TimeZone, e.Seq
	if b.LabelStock != nil {
		p.LabelStock = *b.LabelStock
	}
	s.put(p)
	return nil
}

func (*ProductionUpdated) refers() References { return References{} }
