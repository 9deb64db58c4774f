package incident

import (
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/setsafetest"
)

var t0 = time.Date(2021, 10, 21, 14, 0, 0, 0, time.UTC)

// world is one production, built by running commands as the ledger
// writer does: authorize, decide, fold.
type world struct{ *setsafetest.World }

var op = setsafetest.Operator

// newWorld is setsafetest.RedMesa, with its producer (dana), safety
// coordinator (sofia), armorer (hannah), 1st AD (marcus), two crew (jack,
// ana) and read-only investigator (grace); and a revolver and a lot of
// dummies.
func newWorld(t *testing.T) *world {
	w := &world{setsafetest.RedMesa(t, t0)}
	w.Must(op, setsafe.RecordPermit{ID: "permit1", PersonID: "hannah", Kind: "armorer", Number: "NM-1", Issuer: "State", Expires: "2022-12-31"})
	w.Must(op, setsafe.ReceiveFirearm{ID: "colt", Make: "Colt", Model: "Single Action Army", Serial: "4417", Kind: "blank_firing",
		Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"})
	w.Must(op, setsafe.ReceiveAmmoLot{ID: "dummies", Label: "D-1", Kind: "dummy", Calibre: ".45 Colt", Source: "PDQ Arm & Prop",
		Headstamp: "PDQ 45", Count: 50, Origin: setsafe.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45"}, By: "hannah"})
	return w
}

func person(id string) setsafe.Actor { return setsafe.PersonActor(id) }

var wantCode = setsafetest.WantCode
