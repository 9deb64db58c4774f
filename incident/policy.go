package incident

import "github.com/setsafe/setsafe"

// Permissions of the incident register.
const (
	// PermView reads every incident of the production; whoever reported
	// one reads it without.
	PermView setsafe.Permission = "incidents.view"
	// PermInvestigate assigns investigators, records an investigation's
	// findings for any incident, plans and verifies corrective actions.
	PermInvestigate setsafe.Permission = "incidents.investigate"
	// PermKeepRecords keeps the injury and illness records (OSHA 300,
	// 300A, 301): records and corrects cases, the establishment and its
	// years, and reads the employees' personal details of the 301.
	PermKeepRecords setsafe.Permission = "injury_records.keep"
)

func init() {
	setsafe.Allow(PermView, true, setsafe.RoleProducer, setsafe.RoleUPM, setsafe.RoleSafetyCoordinator, setsafe.RoleFirstAD,
		setsafe.RoleArmorer, setsafe.RoleDepartmentHead, setsafe.RoleMedic, setsafe.RoleInvestigator)
	setsafe.Allow(PermInvestigate, false, setsafe.RoleProducer, setsafe.RoleUPM, setsafe.RoleSafetyCoordinator)
	setsafe.Allow(PermKeepRecords, false, setsafe.RoleProducer, setsafe.RoleUPM, setsafe.RoleSafetyCoordinator, setsafe.RoleMedic)
}

// Sign-off capacities: an investigation is closed when both signed.
const (
	CapacitySafety   = "safety_coordinator"
	CapacityProducer = "producer"
)

// holdsCapacity reports whether someone with these roles may sign an
// investigation off in the capacity given.
func holdsCapacity(roles []setsafe.Role, capacity string) bool {
	for _, r := range roles {
		switch {
		case capacity == CapacitySafety && r == setsafe.RoleSafetyCoordinator:
			return true
		case capacity == CapacityProducer && (r == setsafe.RoleProducer || r == setsafe.RoleUPM):
			return true
		}
	}
	return false
}

// mayInvestigate reports whether the access may record the investigation
// of an incident: with PermInvestigate, or as its assigned investigator.
func mayInvestigate(a setsafe.Access, x *Incident) bool {
	return a.Can(PermInvestigate) || x != nil && x.Investigator != "" && a.PersonID == x.Investigator
}

// CanRead reports whether the access may read an incident: with PermView,
// or as the person who reported it or investigates it.
func CanRead(a setsafe.Access, x *Incident) bool {
	return a.Can(PermView) || x != nil && a.PersonID != "" && (a.PersonID == x.ReportedBy || a.PersonID == x.Investigator)
}
