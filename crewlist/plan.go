package crewlist

import (
	"slices"
	"strings"

	"github.com/setsafe/setsafe"
)

// ReimportReason is the reason recorded with the details a crew list
// changes of someone already on the production.
const ReimportReason = "Crew list re-import"

// Plan is what importing a crew list would do to a production, worked
// out before anything changes: whom it adds, whose details it updates,
// who is on it unchanged, and who is on the production but no longer on
// the list. The preview shows a plan; the import carries it out
// ([Plan.Steps]).
type Plan struct {
	// Add are the people not on the production yet.
	Add []Person
	// Update are the people on the production whose details the list
	// changes.
	Update []Update
	// Unchanged are the people on the production the list gives as they
	// are.
	Unchanged []Known
	// NoLongerListed are the people on the production the list does not
	// give. They stay: only someone who may remove people says they left.
	NoLongerListed []Listed
	// Problems are the rows that cannot be imported, and Warnings what to
	// look at on rows that are.
	Problems []Problem
	Warnings []Problem
	// Unplaced are the job titles of people to add that say no duty
	// setsafe knows, for the importer to choose their role.
	Unplaced []Unplaced
	Ignored  []string
	Encoding Encoding
}

// Listed is someone on the production.
type Listed struct {
	ID, Name string
}

// Known is a row of the crew list that is someone on the production: the
// one with its e-mail address or else, without one, its exact name.
type Known struct {
	Person
	// Existing is who they are on the production.
	Existing Listed
	// ByEmail is set when the e-mail address matched.
	ByEmail bool
}

// Update is someone on the production whose details the crew list
// changes.
type Update struct {
	Known
	Changes []Change
}

// Change is one detail a crew list changes: Field is "department",
// "job_title", "email" or "phone", as the API names them.
type Change struct {
	Field, Old, New string
}

// PlanImport works out what importing a crew list does to a production
// with people on it (those who left are not matched, nor listed). A known
// person's department, job title, e-mail address and phone are updated
// to the list's, but a blank cell never erases what is known: a list may
// leave out a column or a phone. Their name stays as it is.
func PlanImport(people []*setsafe.Person, list *List) Plan {
	plan := Plan{Problems: slices.Clone(list.Problems), Warnings: list.Warnings, Ignored: list.Ignored, Encoding: list.Encoding}
	byEmail, byName := map[string]*setsafe.Person{}, map[string]*setsafe.Person{}
	for _, p := range people {
		if !p.Active {
			continue
		}
		if p.Email != "" {
			byEmail[strings.ToLower(p.Email)] = p
		}
		if _, ok := byName[p.Name]; !ok {
			byName[p.Name] = p
		}
	}
	seen := map[string]int{} // person ID: the row that matched them
	adding := map[int]bool{}
	for _, p := range list.People {
		existing, ok := byEmail[p.Email]
		byMail := ok && p.Email != ""
		if !byMail {
			existing, ok = byName[p.Name]
		}
		if !ok {
			plan.Add = append(plan.Add, p)
			adding[p.Row] = true
			continue
		}
		if row, dup := seen[existing.ID]; dup {
			// Two rows are one person: "R. Vega" by e-mail, "Rosa Vega" by name.
			plan.Problems = append(plan.Problems, Problem{p.Row, says(fmtSamePerson, existing.Name, row)})
			continue
		}
		seen[existing.ID] = p.Row
		k := Known{Person: p, Existing: Listed{existing.ID, existing.Name}, ByEmail: byMail}
		if ch := changes(existing, p.PersonDetails); len(ch) > 0 {
			plan.Update = append(plan.Update, Update{k, ch})
		} else {
			plan.Unchanged = append(plan.Unchanged, k)
		}
	}
	for _, p := range people {
		if _, listed := seen[p.ID]; p.Active && !listed {
			plan.NoLongerListed = append(plan.NoLongerListed, Listed{p.ID, p.Name})
		}
	}
	slices.SortStableFunc(plan.Problems, func(a, b Problem) int { return a.Row - b.Row })
	slices.SortStableFunc(plan.NoLongerListed, func(a, b Listed) int { return strings.Compare(a.Name, b.Name) })
	for _, u := range list.Unplaced {
		u.Rows = slices.DeleteFunc(slices.Clone(u.Rows), func(row int) bool { return !adding[row] })
		if len(u.Rows) > 0 {
			plan.Unplaced = append(plan.Unplaced, u)
		}
	}
	return plan
}

// changes returns the details the list gives that differ from what is
// known; blank cells change nothing.
func changes(p *setsafe.Person, pd setsafe.PersonDetails) []Change {
	var out []Change
	// The name stays: the list found them by it or by their e-mail
	// address, and "R. Vega" on a list does not rename Rosa Vega.
	for _, f := range []struct{ field, old, new string }{
		{"department", p.Department, pd.Department},
		{"job_title", p.JobTitle, pd.JobTitle},
		{"email", p.Email, pd.Email},
		{"phone", p.Phone, pd.Phone},
	} {
		if f.new != "" && f.new != f.old {
			out = append(out, Change{f.field, f.old, f.new})
		}
	}
	return out
}

// Step is one command of an import, for the row it comes from.
type Step struct {
	Row  int
	Name string
	// Command is an [setsafe.AddPerson] or an [setsafe.UpdatePerson].
	Command setsafe.Command
}

// Steps turns a plan into the commands that carry it out: each person to
// add, with the role their title proposes or the importer chose for it
// (choices are keyed by [TitleKey]) when grantRoles is set, and without
// a role otherwise; then each update of known people, with
// [ReimportReason]. newID makes the ID of each person added.
func (plan Plan) Steps(choices map[string]setsafe.Role, grantRoles bool, newID func() string) []Step {
	var out []Step
	for _, p := range plan.Add {
		p = p.Placed(choices)
		c := setsafe.AddPerson{ID: newID(), PersonDetails: p.PersonDetails}
		if grantRoles {
			c.Roles = []setsafe.Role{p.Role}
		}
		out = append(out, Step{p.Row, p.Name, c})
	}
	for _, u := range plan.Update {
		c := setsafe.UpdatePerson{ID: u.Existing.ID, Reason: ReimportReason}
		for _, ch := range u.Changes {
			v := ch.New
			switch ch.Field {
			case "department":
				c.Department = &v
			case "job_title":
				c.JobTitle = &v
			case "email":
				c.Email = &v
			case "phone":
				c.Phone = &v
			}
		}
		out = append(out, Step{u.Row, u.Name, c})
	}
	return out
}
