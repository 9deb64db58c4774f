package witness

import "github.com/setsafe/setsafe"

// Permissions of the witnesses. Whoever may read the production's ledger
// (setsafe.PermViewLedger) sees its witnesses, its checkpoints and who
// cosigned them.
const (
	// PermConfigure adds and removes witnesses, sets the quorum and the
	// rungs that receive a copy of final checkpoints.
	PermConfigure setsafe.Permission = "witnesses.configure"
	// PermHandleRefusals acknowledges and resolves a witness's refusal.
	PermHandleRefusals setsafe.Permission = "witness_refusals.handle"
)

// alarmRoles are told of a witness's refusal the moment it is recorded:
// those who answer for the production and its safety. The studio's
// safety department, outside the production, is told on its rung of the
// ladder.
var alarmRoles = []setsafe.Role{setsafe.RoleProducer, setsafe.RoleUPM, setsafe.RoleSafetyCoordinator}

func init() {
	// The studio's safety department is a rung of the ladder, not a role
	// in the production: it is told and receives copies there.
	setsafe.Allow(PermConfigure, false, alarmRoles...)
	setsafe.Allow(PermHandleRefusals, false, alarmRoles...)
}

// CanSee reports whether the access may see the production's witnesses,
// checkpoints and refusals: whoever may read its ledger.
func CanSee(a setsafe.Access) bool { return a.Can(setsafe.PermViewLedger) }
