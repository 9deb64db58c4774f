package incident

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/setsafe/setsafe"
)

// The projection table of an investigation's contributing factors.
const tableFactors = "incident_factors"

func init() {
	setsafe.RegisterTable[Factor]()
}

// Categories of contributing factor.
const (
	FactorPeople       = "people"
	FactorEquipment    = "equipment"
	FactorProcedure    = "procedure"
	FactorEnvironment  = "environment"
	FactorOrganisation = "organisation"
)

// FactorCategories lists every category of contributing factor.
var FactorCategories = []string{FactorPeople, FactorEquipment, FactorProcedure, FactorEnvironment, FactorOrganisation}

// MaxWhys is how many times an investigation may ask "why?" of one
// factor: five is the custom, a few more are allowed.
const MaxWhys = 7

// Factor is a contributing factor an investigation found, with the chain
// of "why?" that leads from it toward the root cause.
type Factor struct {
	IncidentID  string    `db:"incident_id,key" json:"incident_id"`
	ID          string    `db:"id,key" json:"id"`
	Category    string    `db:"category" json:"category"`
	Description string    `db:"description" json:"description"`
	WhysJSON    string    `db:"whys" json:"-"`
	By          string    `db:"by_person" json:"by"`
	At          time.Time `db:"at_us" json:"at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Factor) Table() string { return tableFactors }

// Key implements setsafe.Row.
func (f *Factor) Key() string { return f.IncidentID + "/" + f.ID }

// Whys returns the answers to "why?", in the order they were asked.
func (f *Factor) Whys() []string {
	var out []string
	_ = json.Unmarshal([]byte(f.WhysJSON), &out) // written by the fold; empty if not
	return out
}

var factorsByIncident = setsafe.AddIndex(tableFactors, func(r setsafe.Row) (string, bool) { return r.(*Factor).IncidentID, true })

// Factors returns the contributing factors of an incident, in the order
// they were recorded.
func Factors(s *setsafe.State, incident string) []*Factor {
	out := setsafe.Grouped[*Factor](s, factorsByIncident, incident)
	slices.SortFunc(out, func(a, b *Factor) int { return int(a.LastSeq - b.LastSeq) })
	return out
}
