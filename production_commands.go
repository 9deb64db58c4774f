package setsafe

import "strings"

// CreateProduction opens a new production with its own ledger. Use
// [CreateProductionRequest] to build the request: it registers the ID in the
// site ledger and writes the production's first event in the same
// transaction.
type CreateProduction struct {
	ID       string
	Name     string
	Company  string
	Location string
	TimeZone string
}

// CreateProductionRequest returns the request that creates a production.
func CreateProductionRequest(actor Actor, c CreateProduction) Request {
	return Request{Actor: actor, Steps: []Step{
		{Ledger: SiteLedger, Command: registerProduction{ID: c.ID}},
		{Ledger: c.ID, Command: c},
	}}
}

// Authorize implements Command.
func (c CreateProduction) Authorize(a Access, _ *State) error {
	return a.Require(PermCreateProductions)
}

// Decide implements Command.
func (c CreateProduction) Decide(s *State, d Decision) (Outcome, error) {
	if s.Size > 0 {
		return Outcome{}, Errorf(EConflict, "Production %s exists already.", c.ID)
	}
	p := Problems{}
	b := &ProductionCreated{
		ID:       c.ID,
		Name:     CleanText(p, "name", c.Name, MaxNameLength, true),
		Company:  CleanText(p, "company", c.Company, MaxNameLength, false),
		Location: CleanText(p, "location", c.Location, MaxNameLength, false),
		TimeZone: cleanTimeZone(p, "time_zone", c.TimeZone),
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	return one(b), nil
}

// ProductionIDError says what a production ID must look like.
func ProductionIDError() error {
	return &Error{Code: EInvalid, Message: "id: use 3 to 40 lowercase letters, digits and hyphens, such as red-mesa.",
		Fields: map[string]string{"id": "use 3 to 40 lowercase letters, digits and hyphens, such as red-mesa"}}
}

type registerProduction struct{ ID string }

func (c registerProduction) Authorize(a Access, _ *State) error {
	return a.Require(PermCreateProductions)
}

func (c registerProduction) Decide(s *State, d Decision) (Outcome, error) {
	if !ValidProductionID(c.ID) {
		return Outcome{}, ProductionIDError()
	}
	if s.RegisteredProduction(c.ID) != nil {
		return Outcome{}, &Error{Code: EConflict, Message: "A production with this ID exists already.", Fields: map[string]string{"id": "is taken"}}
	}
	return one(&ProductionRegistered{ID: c.ID}), nil
}

// UpdateProduction changes a production's details; a nil field keeps its
// value. Corrects and Reason mark it as the correction of an earlier event.
type UpdateProduction struct {
	Name     *string
	Company  *string
	Location *string
	TimeZone *string
	// LabelStock is the ID of one of LabelStocks.
	LabelStock *string
	Reason     string
	Corrects   int64
}

// Authorize implements Command.
func (c UpdateProduction) Authorize(a Access, _ *State) error { return a.Require(PermEditProduction) }

// Decide implements Command.
func (c UpdateProduction) Decide(s *State, d Decision) (Outcome, error) {
	prod, err := requireProduction(s)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	b := &ProductionUpdated{
		Name:     CleanText(p, "name", changed(c.Name, prod.Name), MaxNameLength, true),
		Company:  CleanText(p, "company", changed(c.Company, prod.Company), MaxNameLength, false),
		Location: CleanText(p, "location", changed(c.Location, prod.Location), MaxNameLength, false),
		TimeZone: cleanTimeZone(p, "time_zone", changed(c.TimeZone, prod.TimeZone)),
		Reason:   CleanReason(p, "reason", c.Reason, false),
	}
	stockChanged := false
	if c.LabelStock != nil {
		stock := strings.TrimSpace(*c.LabelStock)
		if !KnownLabelStock(stock) {
			p.Add("label_stock", "use one of %s", LabelStockIDs())
		}
		stockChanged = stock != prod.Stock()
		b.LabelStock = &stock
	}
	checkCorrects(p, s, c.Corrects, c.Reason)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if !stockChanged && c.Corrects == 0 {
		b.LabelStock = nil
	}
	if c.Corrects == 0 && !stockChanged && b.Name == prod.Name && b.Company == prod.Company && b.Location == prod.Location && b.TimeZone == prod.TimeZone {
		return Outcome{}, nil
	}
	return Outcome{Events: []Draft{{Body: b, Corrects: c.Corrects}}}, nil
}

func requireProduction(s *State) (*Production, error) {
	p := s.Production()
	if p == nil {
		return nil, Errorf(ENotFound, "There is no production %s.", s.Ledger)
	}
	return p, nil
}
