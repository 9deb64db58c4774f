package witness

import (
	"strings"

	"github.com/setsafe/setsafe"
)

// Cosigner is a witness that cosigned a checkpoint: its name and the ID
// of the key it signed with, as the cosignature line carries them.
type Cosigner struct {
	Witness string
	KeyHash string
}

// Final reports whether a checkpoint cosigned by cosigners is final: at
// least quorum of the witnesses configured cosigned it, each with the key
// it is configured with, each counted once. With no witness configured
// nothing is final.
func Final(configured []Witness, quorum int, cosigners []Cosigner) bool {
	if len(configured) == 0 {
		return false
	}
	quorum = max(quorum, 1)
	n := 0
	for _, w := range configured {
		hash := w.KeyHash()
		for _, c := range cosigners {
			if c.Witness == w.Name && hash != "" && strings.EqualFold(c.KeyHash, hash) {
				n++
				break
			}
		}
	}
	return n >= quorum
}

// IsFinal reports whether a checkpoint cosigned by cosigners is final
// under the production's witnesses and quorum now.
func IsFinal(s *setsafe.State, cosigners []Cosigner) bool {
	return Final(Configured(s), Quorum(s), cosigners)
}
