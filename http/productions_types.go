package http

import "github.com/setsafe/setsafe"

// ProductionRequest creates a production.
type ProductionRequest struct {
	// ID names the production in URLs and in its ledger's origin: 3 to 40
	// lowercase letters, digits and hyphens, such as "red-mesa".
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company,omitempty"`
	Location string `json:"location,omitempty"`
	// TimeZone is the IANA time zone of the set, such as "America/Denver".
	TimeZone string `json:"time_zone"`
}

// ProductionUpdate changes a production's details; a field left out keeps
// its value, and an empty string clears an optional one.
type ProductionUpdate struct {
	Name     *string `json:"name,omitempty"`
	Company  *string `json:"company,omitempty"`
	Location *string `json:"location,omitempty"`
	TimeZone *string `json:"time_zone,omitempty"`
	// LabelStock is the stock of label sheets the production's labels
	// print on by default: a4-3x8, avery-l7160, avery-l7163, avery-5160
	// or avery-5163.
	LabelStock *string `json:"label_stock,omitempty"`
	Reason     string  `json:"reason,omitempty"`
	// Corrects is the sequence number of the entry this change corrects.
	Corrects int64 `json:"corrects,omitempty"`
}

// Command is the change the update asks for.
func (u ProductionUpdate) Command() setsafe.UpdateProduction {
	return setsafe.UpdateProduction{Name: u.Name, Company: u.Company, Location: u.Location, TimeZone: u.TimeZone,
		LabelStock: u.LabelStock, Reason: u.Reason, Corrects: u.Corrects}
}

// PersonRequest adds a person to a production.
type PersonRequest struct {
	Name       string `json:"name"`
	Department string `json:"department,omitempty"`
	JobTitle   string `json:"job_title,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	// AccountID links the person to the site account they sign in with.
	AccountID string `json:"account_id,omitempty"`
	// Roles are granted with the person, in the same entry batch.
	Roles []setsafe.Role `json:"roles,omitempty"`
	// ConfirmSameEmail adds the person although someone on the crew list
	// has their e-mail address, which is refused otherwise.
	ConfirmSameEmail bool `json:"confirm_same_email,omitempty"`
}

// PersonUpdate changes a person's details; a field left out keeps its value,
// and an empty string clears an optional one.
type PersonUpdate struct {
	Name       *string `json:"name,omitempty"`
	Department *string `json:"department,omitempty"`
	JobTitle   *string `json:"job_title,omitempty"`
	Email      *string `json:"email,omitempty"`
	Phone      *string `json:"phone,omitempty"`
	Reason     string  `json:"reason,omitempty"`
	// Corrects is the sequence number of the entry this change corrects.
	Corrects int64 `json:"corrects,omitempty"`
	// ConfirmSameEmail gives the person an e-mail address someone else on
	// the crew list has, which is refused otherwise.
	ConfirmSameEmail bool `json:"confirm_same_email,omitempty"`
}

// LinkRequest links a person to a site account.
type LinkRequest struct {
	AccountID string `json:"account_id"`
}

// PINRequest sets a person's PIN: 4 to 8 digits.
type PINRequest struct {
	PIN string `json:"pin"`
}

// RoleRequest grants a role.
type RoleRequest struct {
	Role setsafe.Role `json:"role"`
}

// TitleDutiesRequest records that a person's job title does not mean
// some duties it seems to say on this production (FA-4).
type TitleDutiesRequest struct {
	// JobTitle is the title as you read it; the request is refused when
	// it has changed since.
	JobTitle string `json:"job_title"`
	// Duties are the duties set aside, such as "props"; none sets aside
	// every duty besides armorer work that the title says.
	Duties []setsafe.Duty `json:"duties,omitempty"`
	// Reason says why the title does not mean them here.
	Reason string `json:"reason"`
}

// RevokeRequest ends a role.
type RevokeRequest struct {
	Reason string `json:"reason"`
	// Corrects is the sequence number of the grant, if it was a mistake.
	Corrects int64 `json:"corrects,omitempty"`
	// Emergency, for a producer or a site administrator, takes the
	// armorer's role from the last qualified armorer on duty although
	// firearms are out (FA-2): recorded as an override, it leaves a duty
	// gap.
	Emergency bool `json:"emergency,omitempty"`
}

// LeaveRequest records a person leaving the production, with the reason.
type LeaveRequest struct {
	Reason string `json:"reason"`
	// Emergency, for a producer or a site administrator, lets the last
	// qualified armorer on duty leave although firearms are out (FA-2):
	// recorded as an override, it leaves a duty gap.
	Emergency bool `json:"emergency,omitempty"`
}

// ProductionResult is the entries a change appended and the production as
// it is now. The production is left out when the change took away the
// caller's right to see it.
type ProductionResult struct {
	Production *ProductionView `json:"production,omitempty"`
	Recorded   []RecordedView  `json:"recorded"`
}

// PersonResult is the entries a change appended and the person as they are
// now. The person is left out when the change took away the caller's right
// to see them, as when someone unlinks their own account.
type PersonResult struct {
	Person   *PersonView    `json:"person,omitempty"`
	Recorded []RecordedView `json:"recorded"`
}
