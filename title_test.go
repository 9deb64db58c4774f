package setsafe

import (
	"slices"
	"testing"
)

func TestReadTitle(t *testing.T) {
	tests := []struct {
		title, department string
		duties            []Duty
		role              Role
		unplaced          []string
	}{
		{"Armorer", "Props", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"ARMOURER", "", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Key Armorer", "", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Armero/a", "", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Armera", "Utilería", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Asst. Armorer", "", []Duty{DutyAssistantArmorer}, RoleAssistantArmorer, nil},
		{"Assistant armourer", "", []Duty{DutyAssistantArmorer}, RoleAssistantArmorer, nil},
		{"Armorer's assistant", "", []Duty{DutyAssistantArmorer}, RoleAssistantArmorer, nil},
		{"armero asistente", "", []Duty{DutyAssistantArmorer}, RoleAssistantArmorer, nil},
		{"Ayudante de armería", "", []Duty{DutyAssistantArmorer}, RoleAssistantArmorer, nil},
		{"Property master", "", []Duty{DutyProps}, RolePropertyMaster, nil},
		{"Prop Master", "", []Duty{DutyProps}, RolePropertyMaster, nil},
		{"Props", "", []Duty{DutyProps}, RoleCrew, nil},
		{"Asst. props", "", []Duty{DutyProps}, RoleCrew, nil},
		{"Key assistant props", "", []Duty{DutyProps}, RoleCrew, nil},
		{"utilería", "", []Duty{DutyProps}, RoleCrew, nil},
		{"Utilero", "", []Duty{DutyProps}, RoleCrew, nil},
		{"Auxiliar de utilería", "", []Duty{DutyProps}, RoleCrew, nil},
		{"1st AD", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"First A.D.", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"First assistant director", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"1st Asst. Director", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"Primer asistente de dirección", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"primer ayudante de direccion", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"Stunt Co-ordinator", "", []Duty{DutyStunts}, RoleStuntCoordinator, nil},
		{"Stunt double", "", []Duty{DutyStunts}, RoleCrew, nil},
		{"Jefa de armería", "", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Gun wrangler", "", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Firearms Safety Coordinator", "", []Duty{DutyArmorer}, RoleArmorer, nil},
		{"Weapons Coordinator / Prop Master", "", []Duty{DutyArmorer, DutyProps}, RoleArmorer, nil},
		{"1ª AD", "", []Duty{DutyFirstAD}, RoleFirstAD, nil},
		{"Coordinadora de dobles", "", []Duty{DutyStunts}, RoleStuntCoordinator, nil},
		{"Fight coordinator", "", []Duty{DutyStunts}, RoleStuntCoordinator, nil},
		{"Set Safety Officer", "", []Duty{Duty(RoleSafetyCoordinator)}, RoleSafetyCoordinator, nil},
		{"Responsable de seguridad", "", []Duty{Duty(RoleSafetyCoordinator)}, RoleSafetyCoordinator, nil},
		{"Second AD", "", nil, RoleCrew, []string{"Second AD"}},
		{"Doble de acción", "", []Duty{DutyStunts}, RoleCrew, nil},
		{"SFX Supervisor", "", []Duty{DutySpecialEffects}, RoleCrew, nil},
		{"Pyro", "", []Duty{DutySpecialEffects}, RoleCrew, nil},
		{"Pirotécnico", "", []Duty{DutySpecialEffects}, RoleCrew, nil},
		{"Producer", "Production", []Duty{DutyProducer}, RoleCrew, nil},
		// Several jobs in one title say each.
		{"Armorer / key assistant props", "", []Duty{DutyArmorer, DutyProps}, RoleArmorer, nil},
		{"Armorer & Props", "", []Duty{DutyArmorer, DutyProps}, RoleArmorer, nil},
		{"Armorer and property master", "", []Duty{DutyArmorer, DutyProps}, RoleArmorer, nil},
		{"Armero y utilero", "", []Duty{DutyArmorer, DutyProps}, RoleArmorer, nil},
		{"Armorer - SFX", "", []Duty{DutyArmorer, DutySpecialEffects}, RoleArmorer, nil},
		{"Props, Armorer", "", []Duty{DutyProps, DutyArmorer}, RoleArmorer, nil},
		// A title that names a role only in part is not that role.
		{"2nd AD", "", nil, RoleCrew, []string{"2nd AD"}},
		{"Armorer / Driver", "", []Duty{DutyArmorer}, RoleArmorer, []string{"Driver"}},
		// The department says a duty only when the title says none.
		{"Sheriff Cole", "Cast", []Duty{Duty(RoleCast)}, RoleCast, nil},
		{"", "Props", []Duty{DutyProps}, RoleCrew, nil},
		{"", "", nil, RoleCrew, nil},
		{"Gaffer", "Lighting", nil, RoleCrew, []string{"Gaffer"}},
	}
	for _, tt := range tests {
		got := ReadTitle(tt.title, tt.department)
		if !slices.Equal(got.Duties, tt.duties) || got.Role() != tt.role || !slices.Equal(got.Unplaced, tt.unplaced) {
			t.Errorf("ReadTitle(%q, %q) = duties %v, role %s, unplaced %q; want %v, %s, %q",
				tt.title, tt.department, got.Duties, got.Role(), got.Unplaced, tt.duties, tt.role, tt.unplaced)
		}
	}
}

func TestOtherDutiesLeaveTheArmorersWork(t *testing.T) {
	got := ReadTitle("Armorer / Asst. armorer / props", "").OtherDuties()
	if !slices.Equal(got, []Duty{DutyProps}) {
		t.Errorf("other duties = %v, want props only", got)
	}
}

func TestEveryDutyHasATitle(t *testing.T) {
	for _, pl := range jobTitles {
		if pl.duty.Title() == "" || pl.duty.Title() == string(pl.duty) && !Role(pl.duty).Valid() {
			t.Errorf("duty %q has no title", pl.duty)
		}
	}
}
