package witness

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
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

// newWorld is setsafetest.RedMesa: a producer (dana), a safety
// coordinator (sofia), an armorer (hannah), a 1st AD (marcus), two crew
// (jack, ana) and a read-only investigator (grace).
func newWorld(t *testing.T) *world { return &world{setsafetest.RedMesa(t, t0)} }

func person(id string) setsafe.Actor { return setsafe.PersonActor(id) }

var wantCode = setsafetest.WantCode

// testKey returns a witness's cosignature verifier key for name, from a
// key derived from seed, with its public key.
func testKey(name string, seed byte) (string, ed25519.PublicKey) {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	pub := ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)
	typed := append([]byte{cosignatureType}, pub...)
	return fmt.Sprintf("%s+%x+%s", name, keyHash(name, typed), base64.StdEncoding.EncodeToString(typed)), pub
}
