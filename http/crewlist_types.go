package http

import (
	"github.com/setsafe/setsafe"
)

// CrewListImport is a crew list to import, with the roles the importer
// chose for the job titles the list could not place.
type CrewListImport struct {
	// File is the crew list as the spreadsheet saved it (CSV in UTF-8,
	// Windows-1252 or UTF-16, separated by commas, semicolons or tabs, or
	// an Excel workbook), in base64.
	File []byte `json:"file"`
	// Roles are the roles chosen for unplaced job titles, by title as the
	// preview gives it; titles left out stay crew.
	Roles map[string]setsafe.Role `json:"roles,omitempty"`
}

// CrewListRow is a person on a crew list, on its row.
type CrewListRow struct {
	Row        int    `json:"row"`
	Name       string `json:"name"`
	Department string `json:"department,omitempty"`
	JobTitle   string `json:"job_title,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	// Role is the role the job title proposes for someone to add.
	Role setsafe.Role `json:"role,omitempty"`
	// OtherDuties are, for an armorer, the duties besides armorer work
	// the title says: FA-4 refuses their firearm work until the title is
	// corrected or the duty set aside.
	OtherDuties []setsafe.Duty `json:"other_duties,omitempty"`
}

// CrewListChange is one detail a crew list changes of someone on the
// production.
type CrewListChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// CrewListKnown is a row of a crew list that is someone on the
// production: by the same e-mail address, or else by the same name.
type CrewListKnown struct {
	CrewListRow
	PersonID string `json:"person_id"`
	// ByEmail is set when the e-mail address matched them.
	ByEmail bool `json:"by_email"`
	// Changes are the details the import changes; blank cells change
	// nothing.
	Changes []CrewListChange `json:"changes,omitempty"`
}

// CrewListPerson is someone on the production.
type CrewListPerson struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
}

// CrewListNote is what to say about a row.
type CrewListNote struct {
	Row     int    `json:"row"`
	Message string `json:"message"`
}

// CrewListTitle is a job title that says no duty setsafe knows, on the
// rows of people to add, for the importer to choose its role.
type CrewListTitle struct {
	Title string `json:"title"`
	Rows  []int  `json:"rows"`
}

// CrewListPlan is what importing a crew list would do; nothing has
// changed yet.
type CrewListPlan struct {
	// Encoding is how the file's text was read: UTF-8, UTF-16,
	// Windows-1252, or Excel workbook.
	Encoding  string          `json:"encoding"`
	Add       []CrewListRow   `json:"add"`
	Update    []CrewListKnown `json:"update"`
	Unchanged []CrewListKnown `json:"unchanged"`
	// NoLongerListed are on the production but not on the list. The
	// import leaves them on it.
	NoLongerListed []CrewListPerson `json:"no_longer_listed"`
	// Problems are rows that are not imported, with what to fix.
	Problems []CrewListNote `json:"problems"`
	// Warnings are what to look at on rows that are imported.
	Warnings []CrewListNote  `json:"warnings"`
	Unplaced []CrewListTitle `json:"unplaced"`
	// Ignored are the headings of columns that are not read.
	Ignored []string `json:"ignored"`
	// Placeable are the roles that may be chosen for unplaced titles.
	Placeable []setsafe.Role `json:"placeable"`
	// GrantsRoles is false when the caller may add people but not grant
	// roles: they are added without one.
	GrantsRoles bool `json:"grants_roles"`
}

// CrewListOutcome is what the import did with one row.
type CrewListOutcome struct {
	Row      int    `json:"row"`
	Name     string `json:"name"`
	PersonID string `json:"person_id,omitempty"`
	// Error says why the row was not imported.
	Error string `json:"error,omitempty"`
}

// CrewListResult is what an import did: who was added and updated, the
// rows that failed, and who is on the production but no longer on the
// list (left on it), with the entries it recorded.
type CrewListResult struct {
	Added          []CrewListOutcome `json:"added"`
	Updated        []CrewListOutcome `json:"updated"`
	Failed         []CrewListOutcome `json:"failed"`
	NoLongerListed []CrewListPerson  `json:"no_longer_listed"`
	Problems       []CrewListNote    `json:"problems"`
	Recorded       []RecordedView    `json:"recorded"`
}
