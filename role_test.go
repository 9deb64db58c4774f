package setsafe

import (
	"slices"
	"testing"
)

// TestRolePermissions is the permission table written out by hand: a change
// to what a role may do must change this test too.
func TestRolePermissions(t *testing.T) {
	all := []Permission{PermViewProduction, PermTakePart, PermEditProduction, PermViewPeople, PermViewContacts, PermManagePeople, PermGrantRoles, PermViewLedger,
		PermRecordPermissions, PermManageAccounts, PermCreateProductions, PermViewSiteLedger}
	want := map[Role][]Permission{
		RoleProducer:          {PermViewProduction, PermTakePart, PermEditProduction, PermViewPeople, PermViewContacts, PermManagePeople, PermGrantRoles, PermViewLedger, PermRecordPermissions},
		RoleUPM:               {PermViewProduction, PermTakePart, PermEditProduction, PermViewPeople, PermViewContacts, PermManagePeople, PermGrantRoles, PermViewLedger, PermRecordPermissions},
		RoleFirstAD:           {PermViewProduction, PermTakePart, PermViewPeople, PermViewContacts, PermManagePeople},
		RoleSafetyCoordinator: {PermViewProduction, PermTakePart, PermViewPeople, PermViewContacts, PermViewLedger, PermRecordPermissions},
		RoleArmorer:           {PermViewProduction, PermTakePart, PermViewPeople, PermViewContacts},
		RoleAssistantArmorer:  {PermViewProduction, PermTakePart, PermViewPeople},
		RolePropertyMaster:    {PermViewProduction, PermTakePart, PermViewPeople},
		RoleStuntCoordinator:  {PermViewProduction, PermTakePart, PermViewPeople, PermViewContacts},
		RoleDepartmentHead:    {PermViewProduction, PermTakePart, PermViewPeople, PermViewContacts},
		RoleCast:              {PermViewProduction, PermTakePart, PermViewPeople},
		RoleCrew:              {PermViewProduction, PermTakePart, PermViewPeople},
		RoleInvestigator:      {PermViewProduction, PermViewPeople, PermViewContacts, PermViewLedger},
	}
	crew := []Permission{PermViewProduction, PermTakePart, PermViewPeople}
	withContacts := []Permission{PermViewProduction, PermTakePart, PermViewPeople, PermViewContacts}
	want[RoleLocationManager] = append(slices.Clone(withContacts), PermRecordPermissions)
	for _, r := range []Role{RoleSpecialEffects, RolePrecisionDriver, RoleSafetyDiver, RoleRigger, RoleAnimalHandler, RoleRailroadRep, RoleDronePilot} {
		want[r] = crew
	}
	for _, r := range []Role{RolePyrotechnician, RoleFireSafetyOfficer, RoleKeyGrip, RoleAnimalSafetyRep, RoleAviationCoordinator, RoleMedic} {
		want[r] = withContacts
	}
	if len(want) != len(Roles) {
		t.Fatalf("the table covers %d roles of %d", len(want), len(Roles))
	}
	for role, perms := range want {
		a := Access{Actor: AccountActor("x"), AccountActive: true, PersonID: "p", Roles: []Role{role}}
		for _, p := range all {
			if got := a.Can(p); got != slices.Contains(perms, p) {
				t.Errorf("%s can %s: %v", role, p, got)
			}
		}
	}
	admin := Access{Actor: AccountActor("x"), AccountActive: true, SiteAdmin: true}
	for _, p := range all {
		want := !slices.Contains([]Permission{PermTakePart, PermEditProduction, PermViewContacts, PermViewLedger, PermRecordPermissions}, p)
		if admin.Can(p) != want {
			t.Errorf("site administrator can %s: %v", p, !want)
		}
	}
	none := Access{Actor: AccountActor("x"), AccountActive: true}
	for _, p := range all {
		if none.Can(p) {
			t.Errorf("an account without roles can %s", p)
		}
	}
	if err := (Access{}).Require(PermViewPeople); ErrorCode(err) != EUnauthorized {
		t.Errorf("nobody: %v", err)
	}
	if err := none.Require(PermViewPeople); ErrorCode(err) != EForbidden {
		t.Errorf("no role: %v", err)
	}
}

func TestNewAccess(t *testing.T) {
	acc := &Account{ID: "a1"}
	person := &Person{ID: "p1", AccountID: "a1", Active: true}
	roles := []Role{RoleArmorer}
	tests := []struct {
		name      string
		actor     Actor
		account   *Account
		person    *Person
		wantRoles bool
		wantAdmin bool
	}{
		{"linked account", AccountActor("a1"), acc, person, true, false},
		{"site administrator", AccountActor("a1"), &Account{ID: "a1", SiteAdmin: true}, nil, false, true},
		{"disabled account", AccountActor("a1"), &Account{ID: "a1", Disabled: true, SiteAdmin: true}, person, false, false},
		{"missing account", AccountActor("a1"), nil, person, false, false},
		{"another account's person", AccountActor("a2"), &Account{ID: "a2"}, person, false, false},
		{"person who left", AccountActor("a1"), acc, &Person{ID: "p1", AccountID: "a1"}, false, false},
		{"person by PIN", PersonActor("p1"), nil, person, true, false},
		{"anonymous", Anonymous, nil, nil, false, false},
	}
	for _, tt := range tests {
		a := NewAccess(tt.actor, tt.account, tt.person, roles)
		if (len(a.Roles) > 0) != tt.wantRoles || a.SiteAdmin != tt.wantAdmin {
			t.Errorf("%s: %+v", tt.name, a)
		}
	}
	if a := NewAccess(SystemActor("cli"), nil, nil, nil); !a.Can(PermManageAccounts) {
		t.Error("the operator cannot manage accounts")
	}
}
