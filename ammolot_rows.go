package setsafe

import (
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of ammunition lots.
const tableAmmoLots = "ammo_lots"

func init() {
	rowTypes[tableAmmoLots] = func() Row { return new(AmmoLot) }
}

// AmmoLot is a lot of rounds of one kind from one source, and its count.
type AmmoLot struct {
	ID           string `db:"id,key" json:"id"`
	Label        string `db:"label" json:"label"`
	Kind         string `db:"kind" json:"kind"`
	LoadStrength string `db:"load_strength" json:"load_strength,omitempty"`
	Calibre      string `db:"calibre" json:"calibre"`
	Source       string `db:"source" json:"source"`
	Headstamp    string `db:"headstamp" json:"headstamp"`
	// OriginKind says where the rounds were made (one of [OriginKinds]),
	// "" for a lot received before origins were recorded; the other
	// origin fields say by whom or how, as [LotOrigin] does.
	OriginKind     string `db:"origin_kind" json:"origin_kind,omitempty"`
	OriginMaker    string `db:"origin_maker" json:"origin_maker,omitempty"`
	OriginProduct  string `db:"origin_product" json:"origin_product,omitempty"`
	OriginHouse    string `db:"origin_house" json:"origin_house,omitempty"`
	OriginHouseLot string `db:"origin_house_lot" json:"origin_house_lot,omitempty"`
	OriginMadeFrom string `db:"origin_made_from" json:"origin_made_from,omitempty"`
	// Received is how many rounds came in; InStock are in the lot's box;
	// Loaded are in firearms now; Fired were fired in takes; Returned went
	// back to the source and Destroyed were destroyed. Received is always
	// the sum of the other five.
	Received  int64 `db:"received" json:"received"`
	InStock   int64 `db:"in_stock" json:"in_stock"`
	Loaded    int64 `db:"loaded" json:"loaded"`
	Fired     int64 `db:"fired" json:"fired"`
	Returned  int64 `db:"returned" json:"returned"`
	Destroyed int64 `db:"destroyed" json:"destroyed"`
	// Verified is set once a dummy lot's rounds were checked inert;
	// VerifiedRounds are the rounds in its box checked and not loaded
	// since, the only ones that may be loaded (AM-3). VerifiedMethod holds
	// the last check's methods, separated by spaces.
	Verified        bool   `db:"verified" json:"verified"`
	VerifiedRounds  int64  `db:"verified_rounds" json:"verified_rounds"`
	VerifiedBy      string `db:"verified_by" json:"verified_by,omitempty"`
	VerifiedMethod  string `db:"verified_method" json:"verified_method,omitempty"`
	VerifiedWitness string `db:"verified_witness" json:"verified_witness,omitempty"`
	// Quarantined is set when rounds failed their inert check, until the
	// lot is removed from set (its live round report QuarantineReport
	// cleared) and someone other than QuarantinedBy checks it again.
	Quarantined      bool      `db:"quarantined" json:"quarantined"`
	QuarantineReport string    `db:"quarantine_report" json:"quarantine_report,omitempty"`
	QuarantinedBy    string    `db:"quarantined_by" json:"quarantined_by,omitempty"`
	ReceivedAt       time.Time `db:"received_us" json:"received_at"`
	LastSeq          int64     `db:"last_seq" json:"last_seq"`
}

// Origin returns where the lot's rounds were made, as the gate reads it.
func (l *AmmoLot) Origin() gate.Origin {
	return gate.Origin{Kind: gate.OriginKind(l.OriginKind), Maker: l.OriginMaker, Product: l.OriginProduct, House: l.OriginHouse,
		HouseLot: l.OriginHouseLot, MadeFrom: gate.MadeFrom(l.OriginMadeFrom)}
}

// Table implements Row.
func (*AmmoLot) Table() string { return tableAmmoLots }

// Key implements Row.
func (l *AmmoLot) Key() string { return l.ID }

// AmmoLot returns the ammunition lot with the given ID, or nil.
func (s *State) AmmoLot(id string) *AmmoLot { return lookup[*AmmoLot](s, tableAmmoLots, id) }

// AmmoLots returns every ammunition lot, ordered by ID.
func (s *State) AmmoLots() []*AmmoLot { return all[*AmmoLot](s, tableAmmoLots) }
