package setsafe

import "time"

// The projection tables of productions: each production's own, and the
// site's register of production IDs.
const (
	tableProductions          = "productions"
	tableRegisteredProduction = "production_register"
)

func init() {
	rowTypes[tableProductions] = func() Row { return new(Production) }
	rowTypes[tableRegisteredProduction] = func() Row { return new(RegisteredProduction) }
}

// Production describes a production: a film, series or commercial with its
// own crew, roles and ledger. It is the only row of table productions in its
// own ledger.
type Production struct {
	ID       string `db:"id,key" json:"id"`
	Name     string `db:"name" json:"name"`
	Company  string `db:"company" json:"company"`
	Location string `db:"location" json:"location"`
	// TimeZone is the IANA zone of the set, which decides what "today" is.
	TimeZone string `db:"time_zone" json:"time_zone"`
	// LabelStock is the ID of the label sheets its labels print on (see
	// LabelStocks); empty for DefaultLabelStock.
	LabelStock string    `db:"label_stock" json:"label_stock,omitempty"`
	CreatedAt  time.Time `db:"created_us" json:"created_at"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Stock is the ID of the label sheets the production's labels print on.
func (p *Production) Stock() string {
	if p == nil || p.LabelStock == "" {
		return DefaultLabelStock
	}
	return p.LabelStock
}

// Table implements Row.
func (*Production) Table() string { return tableProductions }

// Key implements Row.
func (p *Production) Key() string { return p.ID }

// RegisteredProduction is the site's record that a production ID is taken.
type RegisteredProduction struct {
	ID           string    `db:"id,key" json:"id"`
	RegisteredAt time.Time `db:"registered_us" json:"registered_at"`
	LastSeq      int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*RegisteredProduction) Table() string { return tableRegisteredProduction }

// Key implements Row.
func (r *RegisteredProduction) Key() string { return r.ID }

// Production returns the production described by a production ledger, or nil
// if the ledger has no events yet.
func (s *State) Production() *Production { return lookup[*Production](s, tableProductions, s.Ledger) }

// RegisteredProduction returns the site's record of a production ID, or nil.
func (s *State) RegisteredProduction(id string) *RegisteredProduction {
	return lookup[*RegisteredProduction](s, tableRegisteredProduction, id)
}
