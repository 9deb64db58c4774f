package setsafe

import (
	"slices"
)

// Role is what a person does on a production, as far as setsafe's
// permissions and safety rules are concerned. Roles are granted per
// production; a person may hold several.
type Role string

// Production roles.
const (
	RoleProducer          Role = "producer"
	RoleUPM               Role = "unit_production_manager"
	RoleFirstAD           Role = "first_ad"
	RoleArmorer           Role = "armorer"
	RoleAssistantArmorer  Role = "assistant_armorer"
	RolePropertyMaster    Role = "property_master"
	RoleSafetyCoordinator Role = "safety_coordinator"
	RoleStuntCoordinator  Role = "stunt_coordinator"
	RoleDepartmentHead    Role = "department_head"
	RoleCast              Role = "cast"
	RoleCrew              Role = "crew"
	RoleInvestigator      Role = "investigator"

	// The people hazards need on site (see gate.Hazards), and the
	// location manager who records the permissions they need.
	RolePyrotechnician      Role = "pyrotechnician"
	RoleSpecialEffects      Role = "special_effects"
	RoleFireSafetyOfficer   Role = "fire_safety_officer"
	RolePrecisionDriver     Role = "precision_driver"
	RoleSafetyDiver         Role = "safety_diver"
	RoleRigger              Role = "rigger"
	RoleKeyGrip             Role = "key_grip"
	RoleAnimalHandler       Role = "animal_handler"
	RoleAnimalSafetyRep     Role = "animal_safety_representative"
	RoleRailroadRep         Role = "railroad_representative"
	RoleAviationCoordinator Role = "aviation_coordinator"
	RoleDronePilot          Role = "drone_pilot"
	RoleMedic               Role = "medic"
	RoleLocationManager     Role = "location_manager"
)

// Roles lists every production role, in the order people expect to read
// them (production office first, then the set, then outsiders).
var Roles = []Role{
	RoleProducer, RoleUPM, RoleFirstAD, RoleSafetyCoordinator, RoleArmorer,
	RoleAssistantArmorer, RolePropertyMaster, RoleStuntCoordinator,
	RolePyrotechnician, RoleSpecialEffects, RoleFireSafetyOfficer, RolePrecisionDriver,
	RoleSafetyDiver, RoleRigger, RoleKeyGrip, RoleAnimalHandler, RoleAnimalSafetyRep,
	RoleRailroadRep, RoleAviationCoordinator, RoleDronePilot, RoleMedic, RoleLocationManager,
	RoleDepartmentHead, RoleCast, RoleCrew, RoleInvestigator,
}

var roleTitles = map[Role]string{
	RoleProducer:          "Producer",
	RoleUPM:               "Unit production manager",
	RoleFirstAD:           "1st assistant director",
	RoleArmorer:           "Armorer",
	RoleAssistantArmorer:  "Assistant armorer",
	RolePropertyMaster:    "Property master",
	RoleSafetyCoordinator: "Safety coordinator",
	RoleStuntCoordinator:  "Stunt coordinator",
	RoleDepartmentHead:    "Department head",
	RoleCast:              "Cast",
	RoleCrew:              "Crew",
	RoleInvestigator:      "Investigator (read-only)",

	RolePyrotechnician:      "Licensed pyrotechnician",
	RoleSpecialEffects:      "Special effects",
	RoleFireSafetyOfficer:   "Fire safety officer",
	RolePrecisionDriver:     "Precision driver",
	RoleSafetyDiver:         "Safety diver",
	RoleRigger:              "Rigger",
	RoleKeyGrip:             "Key grip",
	RoleAnimalHandler:       "Animal handler",
	RoleAnimalSafetyRep:     "Animal safety representative",
	RoleRailroadRep:         "Railroad representative (flagman)",
	RoleAviationCoordinator: "Aviation coordinator",
	RoleDronePilot:          "Licensed drone pilot",
	RoleMedic:               "Medic",
	RoleLocationManager:     "Location manager",
}

// Valid reports whether r is a known production role.
func (r Role) Valid() bool { _, ok := roleTitles[r]; return ok }

// Title returns the role's name as people on set say it.
func (r Role) Title() string {
	if t, ok := roleTitles[r]; ok {
		return t
	}
	return string(r)
}

// RoleNames returns the machine names of all roles, for error messages.
func RoleNames() []string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return names
}

// Permission is something an actor may be allowed to do. Production
// permissions come from roles in that production; site permissions from being
// a site administrator.
type Permission string

// Permissions in a production.
const (
	PermViewProduction Permission = "production.view"
	PermEditProduction Permission = "production.edit"
	PermViewPeople     Permission = "people.view"
	PermViewContacts   Permission = "people.contacts"
	PermManagePeople   Permission = "people.manage"
	PermGrantRoles     Permission = "roles.grant"
	PermViewLedger     Permission = "ledger.view"
	PermViewArmory     Permission = "armory.view"
	PermArmory         Permission = "armory.manage"
	PermManageSafety   Permission = "safety.manage"
	PermRunMeetings    Permission = "meetings.run"
	// PermViewConcerns reads every concern of the production; reporters
	// read their own without it.
	PermViewConcerns Permission = "concerns.view"
	// PermHandleConcerns acknowledges, answers, resolves and rejects
	// concerns.
	PermHandleConcerns Permission = "concerns.handle"
	// PermTakePart is taking part in the production's work as a person on
	// it: raising concerns and replying to one's own, calling stop-work,
	// reporting discharges and live rounds, confirming one's own attendance
	// and setting one's own PIN, and trying the firearm actions the gate
	// decides on (a refusal is recorded). Every role but the read-only
	// investigator allows it.
	PermTakePart Permission = "production.take_part"
	// PermRecordPermissions records the permissions hazards need from
	// outside the production (a railroad's track access, a fire
	// department's permit) and their refusals, and the locations they
	// cover.
	PermRecordPermissions Permission = "permissions.record"
)

// Site permissions.
const (
	PermManageAccounts    Permission = "accounts.manage"
	PermCreateProductions Permission = "productions.create"
	PermViewSiteLedger    Permission = "site.ledger.view"
)

// everyRole is what any role in a production allows.
var everyRole = []Permission{PermViewProduction, PermViewPeople}

var rolePermissions = map[Role][]Permission{
	RoleProducer: {PermTakePart, PermRecordPermissions, PermEditProduction, PermViewContacts, PermManagePeople, PermGrantRoles, PermViewLedger, PermViewArmory, PermManageSafety,
		PermRunMeetings, PermViewConcerns, PermHandleConcerns},
	RoleUPM: {PermTakePart, PermRecordPermissions, PermEditProduction, PermViewContacts, PermManagePeople, PermGrantRoles, PermViewLedger, PermViewArmory, PermManageSafety,
		PermRunMeetings, PermViewConcerns, PermHandleConcerns},
	RoleFirstAD:           {PermTakePart, PermViewContacts, PermManagePeople, PermViewArmory, PermRunMeetings},
	RoleSafetyCoordinator: {PermTakePart, PermRecordPermissions, PermViewContacts, PermViewLedger, PermViewArmory, PermManageSafety, PermRunMeetings, PermViewConcerns, PermHandleConcerns},
	RoleArmorer:           {PermTakePart, PermViewContacts, PermViewArmory, PermArmory, PermRunMeetings},
	RoleAssistantArmorer:  {PermTakePart, PermViewArmory, PermArmory},
	RolePropertyMaster:    {PermTakePart, PermViewArmory},
	RoleStuntCoordinator:  {PermTakePart, PermViewContacts},
	RoleDepartmentHead:    {PermTakePart, PermViewContacts, PermViewConcerns, PermHandleConcerns},
	RoleCast:              {PermTakePart},
	RoleCrew:              {PermTakePart},
	// An investigator reads everything and changes nothing, refused
	// attempts included: nothing they do is recorded.
	RoleInvestigator: {PermViewContacts, PermViewLedger, PermViewArmory, PermViewConcerns},

	RolePyrotechnician:      {PermTakePart, PermViewContacts},
	RoleSpecialEffects:      {PermTakePart},
	RoleFireSafetyOfficer:   {PermTakePart, PermViewContacts},
	RolePrecisionDriver:     {PermTakePart},
	RoleSafetyDiver:         {PermTakePart},
	RoleRigger:              {PermTakePart},
	RoleKeyGrip:             {PermTakePart, PermViewContacts},
	RoleAnimalHandler:       {PermTakePart},
	RoleAnimalSafetyRep:     {PermTakePart, PermViewContacts},
	RoleRailroadRep:         {PermTakePart},
	RoleAviationCoordinator: {PermTakePart, PermViewContacts},
	RoleDronePilot:          {PermTakePart},
	RoleMedic:               {PermTakePart, PermViewContacts},
	RoleLocationManager:     {PermTakePart, PermViewContacts, PermRecordPermissions},
}

// readPermissions are the permissions that only read.
var readPermissions = []Permission{PermViewProduction, PermViewPeople, PermViewContacts, PermViewLedger, PermViewArmory, PermViewConcerns, PermViewSiteLedger}

// ReadOnly reports whether the role only reads: it allows nothing that
// records anything in the ledger.
func (r Role) ReadOnly() bool {
	return !slices.ContainsFunc(rolePermissions[r], func(p Permission) bool { return !slices.Contains(readPermissions, p) })
}

// siteAdminInProduction is what a site administrator may do in any
// production without holding a role there: enough to set up its first
// producer, not to read its evidence.
var siteAdminInProduction = []Permission{PermViewProduction, PermViewPeople, PermManagePeople, PermGrantRoles}

var sitePermissions = []Permission{PermManageAccounts, PermCreateProductions, PermViewSiteLedger}

// Access is what one actor may do in one ledger: derived from the actor's
// account, the person it is linked to in a production, and that person's
// roles.
type Access struct {
	Actor Actor
	// System is the operator at the command line, or setsafe itself.
	System bool
	// AccountActive is true when the actor is an account that exists and is
	// not disabled.
	AccountActive bool
	// SiteAdmin is true for a site administrator's account.
	SiteAdmin bool
	// PersonID is the person the actor is in the production, if any.
	PersonID string
	// Roles are the person's current roles in the production.
	Roles []Role
}

// Can reports whether the access allows the permission. Anything not
// explicitly allowed is denied.
func (a Access) Can(p Permission) bool {
	if a.System {
		return true
	}
	if a.SiteAdmin && (slices.Contains(sitePermissions, p) || slices.Contains(siteAdminInProduction, p)) {
		return true
	}
	if len(a.Roles) > 0 && slices.Contains(everyRole, p) {
		return true
	}
	for _, r := range a.Roles {
		if slices.Contains(rolePermissions[r], p) {
			return true
		}
	}
	return false
}

// IsAccount reports whether the actor is the active account with the given ID.
func (a Access) IsAccount(id string) bool {
	return a.AccountActive && a.Actor.Kind == ActorAccount && a.Actor.ID == id
}

// Has reports whether the access includes the role.
func (a Access) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// Require returns nil if the access allows p, and otherwise an EForbidden
// error that says what is missing.
func (a Access) Require(p Permission) error {
	if a.Can(p) {
		return nil
	}
	switch {
	case a.Actor.IsZero() || a.Actor.Kind == ActorAnonymous:
		return Errorf(EUnauthorized, "Sign in first.")
	case a.readOnly() && !slices.Contains(readPermissions, p):
		return Errorf(EForbidden, "Your roles here only read: they record nothing, not even an attempt (%s needed).", p)
	case p == PermTakePart && a.PersonID == "":
		// A site administrator, say: there is no one to record as the
		// reporter, the caller or the witness.
		return Errorf(EForbidden, "Only people on the production's crew or cast list can do this; ask its producer to add you. "+
			"Anyone may raise a concern anonymously on the production's report page.")
	}
	return Errorf(EForbidden, "None of your roles here allows this (%s needed).", p)
}

// readOnly reports whether every role the access holds only reads.
func (a Access) readOnly() bool {
	return !a.System && !a.SiteAdmin && len(a.Roles) > 0 && !slices.ContainsFunc(a.Roles, func(r Role) bool { return !r.ReadOnly() })
}
