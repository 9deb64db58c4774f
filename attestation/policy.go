package attestation

import "github.com/setsafe/setsafe"

// Permissions of attestations.
const (
	// PermSign signs a compliance attestation in the site's name: the
	// producer, or the production's safety coordinator, who answer for
	// the production's safety to insurers and unions.
	PermSign setsafe.Permission = "attestations.sign"
	// PermView previews a statement and reads the signed ones: those who
	// read the ledger, since a statement lists its entries.
	PermView = setsafe.PermViewLedger
)

func init() {
	setsafe.Allow(PermSign, false, setsafe.RoleProducer, setsafe.RoleSafetyCoordinator)
}
