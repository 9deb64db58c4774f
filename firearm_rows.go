package setsafe

import (
	"strings"
	"time"
)

// The projection table of firearms.
const tableFirearms = "firearms"

func init() {
	rowTypes[tableFirearms] = func() Row { return new(Firearm) }
}

// Firearm is a firearm in a production's armory: what it is, whose it is,
// and where it is now. At every moment it is either secured in a named
// store or in a named person's custody.
type Firearm struct {
	ID           string `db:"id,key" json:"id"`
	Make         string `db:"make" json:"make"`
	Model        string `db:"model" json:"model"`
	Serial       string `db:"serial" json:"serial"`
	Kind         string `db:"kind" json:"kind"`
	Calibre      string `db:"calibre" json:"calibre"`
	Chambers     int64  `db:"chambers" json:"chambers"`
	Owner        string `db:"owner" json:"owner"`
	OwnerLicence string `db:"owner_licence" json:"owner_licence"`
	Condition    string `db:"condition" json:"condition"`
	// Custodian is the person holding it, or "" when it is secured.
	Custodian string `db:"custodian" json:"custodian,omitempty"`
	// Store is the locked store holding it, or "" when a person holds it.
	Store        string    `db:"store" json:"store,omitempty"`
	CustodySince time.Time `db:"custody_since_us" json:"custody_since"`
	OutOfService bool      `db:"out_of_service" json:"out_of_service"`
	// OutOfServiceSince is when it last went out of service; zero when it
	// never did, or did before the record kept it.
	OutOfServiceSince time.Time `db:"out_of_service_us" json:"out_of_service_since,omitzero"`
	// Returned is set once the firearm went back to its owner; it then
	// takes part in nothing but the record.
	Returned bool `db:"returned" json:"returned"`
	// SetUpID is the set-up it was last issued or loaded for, if any
	// (FA-8).
	SetUpID string `db:"setup_id" json:"setup_id,omitempty"`
	// LoadedLot and LoadedRounds say what is in it.
	LoadedLot    string `db:"loaded_lot" json:"loaded_lot,omitempty"`
	LoadedRounds int64  `db:"loaded_rounds" json:"loaded_rounds"`
	// The last show-clear: when, whether every chamber, and who confirmed
	// seeing it (person IDs, space-separated).
	ShownClearAt        time.Time `db:"shown_clear_us" json:"shown_clear_at,omitzero"`
	ShownClearAll       bool      `db:"shown_clear_all" json:"shown_clear_all"`
	ShownClearWitnesses string    `db:"shown_clear_witnesses" json:"-"`
	ReceivedAt          time.Time `db:"received_us" json:"received_at"`
	// The last inspection: when and by whom (a person ID).
	InspectedAt time.Time `db:"inspected_us" json:"inspected_at,omitzero"`
	InspectedBy string    `db:"inspected_by" json:"inspected_by,omitempty"`
	// InspectedClear is whether the last inspection saw the bore clear and
	// the firearm working as it should, and came after the firearm last
	// went out of service: going out of service clears it.
	InspectedClear bool  `db:"inspected_clear" json:"inspected_clear"`
	LastSeq        int64 `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Firearm) Table() string { return tableFirearms }

// Key implements Row.
func (f *Firearm) Key() string { return f.ID }

// Name is how people on set call the firearm in messages.
func (f *Firearm) Name() string {
	name := strings.TrimSpace(f.Make + " " + f.Model)
	if f.Serial != "" {
		name += " (SN " + f.Serial + ")"
	}
	return "the " + name
}

// Witnesses returns the people who confirmed the last show-clear.
func (f *Firearm) Witnesses() []string { return strings.Fields(f.ShownClearWitnesses) }

// Firearm returns the firearm with the given ID, or nil.
func (s *State) Firearm(id string) *Firearm { return lookup[*Firearm](s, tableFirearms, id) }

// Firearms returns every firearm of the production, ordered by ID.
func (s *State) Firearms() []*Firearm { return all[*Firearm](s, tableFirearms) }
