package crewlist

import (
	"strings"
	"unicode"

	"github.com/setsafe/setsafe"
)

// titles maps job titles, as [simplify] writes them, to the setsafe role
// they hold. Producer and investigator are left out on purpose: those
// roles are granted by hand, never from a spreadsheet.
var titles = map[string]setsafe.Role{
	"armorer": setsafe.RoleArmorer, "armourer": setsafe.RoleArmorer, "key armorer": setsafe.RoleArmorer,
	"key armourer": setsafe.RoleArmorer, "head armorer": setsafe.RoleArmorer, "head armourer": setsafe.RoleArmorer,
	"assistant armorer": setsafe.RoleAssistantArmorer, "assistant armourer": setsafe.RoleAssistantArmorer,
	"armorer assistant": setsafe.RoleAssistantArmorer, "armourer assistant": setsafe.RoleAssistantArmorer,
	"1st ad": setsafe.RoleFirstAD, "first ad": setsafe.RoleFirstAD, "1st a d": setsafe.RoleFirstAD, "first a d": setsafe.RoleFirstAD, "1st assistant director": setsafe.RoleFirstAD,
	"first assistant director": setsafe.RoleFirstAD, "1st asst director": setsafe.RoleFirstAD,
	"property master": setsafe.RolePropertyMaster, "prop master": setsafe.RolePropertyMaster, "props master": setsafe.RolePropertyMaster,
	"safety coordinator": setsafe.RoleSafetyCoordinator, "safety co ordinator": setsafe.RoleSafetyCoordinator,
	"set safety coordinator": setsafe.RoleSafetyCoordinator, "safety supervisor": setsafe.RoleSafetyCoordinator,
	"stunt coordinator": setsafe.RoleStuntCoordinator, "stunt co ordinator": setsafe.RoleStuntCoordinator,
	"unit production manager": setsafe.RoleUPM, "upm": setsafe.RoleUPM,
	"department head": setsafe.RoleDepartmentHead, "head of department": setsafe.RoleDepartmentHead, "hod": setsafe.RoleDepartmentHead,
	"cast": setsafe.RoleCast, "actor": setsafe.RoleCast, "actress": setsafe.RoleCast, "performer": setsafe.RoleCast,
	"cast member": setsafe.RoleCast, "principal cast": setsafe.RoleCast,
	// Spanish, for crews that work in both languages.
	"armero": setsafe.RoleArmorer, "armera": setsafe.RoleArmorer,
	"primer ayudante de dirección": setsafe.RoleFirstAD, "primera ayudante de dirección": setsafe.RoleFirstAD,
	"coordinador de seguridad": setsafe.RoleSafetyCoordinator, "coordinadora de seguridad": setsafe.RoleSafetyCoordinator,
	"coordinador de especialistas": setsafe.RoleStuntCoordinator, "coordinadora de especialistas": setsafe.RoleStuntCoordinator,
	"reparto": setsafe.RoleCast, "actriz": setsafe.RoleCast,
}

// RoleFor returns the setsafe role of someone with a job title in a
// department: the role the title names, cast for anyone in the Cast
// department, and crew for everyone else. Only a whole title counts:
// "2nd AD" is crew, not 1st AD.
func RoleFor(jobTitle, department string) setsafe.Role {
	if r, ok := titles[simplify(jobTitle)]; ok {
		return r
	}
	if d := simplify(department); d == "cast" || d == "reparto" {
		return setsafe.RoleCast
	}
	return setsafe.RoleCrew
}

// simplify lowers a heading or title and keeps its letters and digits,
// the words separated by single spaces: "E-Mail " becomes "e mail".
func simplify(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
