package crewlist

import (
	"strings"
	"unicode"

	"github.com/setsafe/setsafe"
)

// RoleFor returns the setsafe role a crew list proposes for someone with
// a job title in a department: the role the title places (see
// [setsafe.ReadTitle]), cast for anyone in the Cast department, and crew
// for everyone else. Producer and investigator are never proposed: those
// roles are granted by hand, never from a spreadsheet. Only a whole part
// of a title counts: "2nd AD" is crew, not 1st AD.
func RoleFor(jobTitle, department string) setsafe.Role {
	return setsafe.ReadTitle(jobTitle, department).Role()
}

// Placeable are the roles an importer may choose for a title the crew
// list could not place: every role but those granted only by hand.
func Placeable() []setsafe.Role {
	var out []setsafe.Role
	for _, r := range setsafe.Roles {
		if r != setsafe.RoleProducer && r != setsafe.RoleInvestigator {
			out = append(out, r)
		}
	}
	return out
}

// Unplaced is a job title that says no duty setsafe knows, and the rows
// that give it, for the importer to choose the role it gets.
type Unplaced struct {
	// Title is the title as the first row gives it.
	Title string
	Rows  []int
}

// Key is the title as the importer's choice names it: in one spelling,
// so that "Key Grip" and "key grip" are one choice.
func (u Unplaced) Key() string { return TitleKey(u.Title) }

// TitleKey writes a job title in the spelling that names an importer's
// choice for it.
func TitleKey(title string) string { return simplify(title) }

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
