package setsafe

import "time"

func init() {
	register[AccountCreated](1)
	register[AccountUpdated](1)
	register[AccountPasswordSet](1)
	register[AccountDisabled](1)
	register[AccountEnabled](1)
	register[SiteAdminGranted](1)
	register[SiteAdminRevoked](1)
	register[APITokenCreated](1)
	register[APITokenRevoked](1)
	register[ProductionRegistered](1)

	register[ProductionCreated](1)
	register[ProductionUpdated](1)
	register[PersonAdded](1)
	register[PersonUpdated](1)
	register[PersonLeft](1)
	register[PersonAccountLinked](1)
	register[PersonAccountUnlinked](1)
	register[PersonPINSet](1)
	register[RoleGranted](1)
	register[RoleRevoked](1)
}

// Site ledger events.

// AccountCreated records a new site account.
type AccountCreated struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// AccountUpdated records a new e-mail address or name of an account.
type AccountUpdated struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// AccountPasswordSet records that an account's password was set or reset.
// The password's hash is kept outside the ledger.
type AccountPasswordSet struct {
	ID string `json:"id"`
}

// AccountDisabled records that an account may no longer sign in.
type AccountDisabled struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// AccountEnabled records that a disabled account may sign in again.
type AccountEnabled struct {
	ID string `json:"id"`
}

// SiteAdminGranted records that an account became a site administrator.
type SiteAdminGranted struct {
	AccountID string `json:"account_id"`
}

// SiteAdminRevoked records that an account stopped being a site
// administrator.
type SiteAdminRevoked struct {
	AccountID string `json:"account_id"`
	Reason    string `json:"reason"`
}

// APITokenCreated records a new API token. Its secret's hash is kept outside
// the ledger.
type APITokenCreated struct {
	ID        string    `json:"id"`
	AccountID string    `json:"account_id"`
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// APITokenRevoked records that an API token may no longer be used.
type APITokenRevoked struct {
	ID string `json:"id"`
}

// ProductionRegistered records that a production ID was taken on this site.
type ProductionRegistered struct {
	ID string `json:"id"`
}

// Production ledger events.

// ProductionCreated is the first event of every production's ledger.
type ProductionCreated struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
}

// ProductionUpdated records new details of a production.
type ProductionUpdated struct {
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
	Reason   string `json:"reason,omitempty"`
}

// PersonAdded records a person joining the crew or cast list.
type PersonAdded struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	JobTitle   string `json:"job_title"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
}

// PersonUpdated records new details of a person. When it corrects an earlier
// entry, the event's Corrects field says which, and Reason says why.
type PersonUpdated struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	JobTitle   string `json:"job_title"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	Reason     string `json:"reason,omitempty"`
}

// PersonLeft records that a person left the production. Their roles end with
// it; their record stays.
type PersonLeft struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// PersonAccountLinked records that a person signs in with a site account.
type PersonAccountLinked struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
}

// PersonAccountUnlinked records that a person no longer signs in with the
// account that was linked.
type PersonAccountUnlinked struct {
	ID string `json:"id"`
}

// PersonPINSet records that a person's PIN was set or changed. The PIN's
// hash is kept outside the ledger.
type PersonPINSet struct {
	ID string `json:"id"`
}

// RoleGranted records that a person took on a role in the production.
type RoleGranted struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
}

// RoleRevoked records that a person no longer holds a role.
type RoleRevoked struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
	Reason   string `json:"reason"`
}

// EventType implements Body.
func (*AccountCreated) EventType() string { return "account.created" }

// EventType implements Body.
func (*AccountUpdated) EventType() string { return "account.updated" }

// EventType implements Body.
func (*AccountPasswordSet) EventType() string { return "account.password_set" }

// EventType implements Body.
func (*AccountDisabled) EventType() string { return "account.disabled" }

// EventType implements Body.
func (*AccountEnabled) EventType() string { return "account.enabled" }

// EventType implements Body.
func (*SiteAdminGranted) EventType() string { return "site_admin.granted" }

// EventType implements Body.
func (*SiteAdminRevoked) EventType() string { return "site_admin.revoked" }

// EventType implements Body.
func (*APITokenCreated) EventType() string { return "api_token.created" }

// EventType implements Body.
func (*APITokenRevoked) EventType() string { return "api_token.revoked" }

// EventType implements Body.
func (*ProductionRegistered) EventType() string { return "production.registered" }

// EventType implements Body.
func (*ProductionCreated) EventType() string { return "production.created" }

// EventType implements Body.
func (*ProductionUpdated) EventType() string { return "production.updated" }

// EventType implements Body.
func (*PersonAdded) EventType() string { return "person.added" }

// EventType implements Body.
func (*PersonUpdated) EventType() string { return "person.updated" }

// EventType implements Body.
func (*PersonLeft) EventType() string { return "person.left" }

// EventType implements Body.
func (*PersonAccountLinked) EventType() string { return "person.account_linked" }

// EventType implements Body.
func (*PersonAccountUnlinked) EventType() string { return "person.account_unlinked" }

// EventType implements Body.
func (*PersonPINSet) EventType() string { return "person.pin_set" }

// EventType implements Body.
func (*RoleGranted) EventType() string { return "role.granted" }

// EventType implements Body.
func (*RoleRevoked) EventType() string { return "role.revoked" }

func (*AccountCreated) siteEvent()       {}
func (*AccountUpdated) siteEvent()       {}
func (*AccountPasswordSet) siteEvent()   {}
func (*AccountDisabled) siteEvent()      {}
func (*AccountEnabled) siteEvent()       {}
func (*SiteAdminGranted) siteEvent()     {}
func (*SiteAdminRevoked) siteEvent()     {}
func (*APITokenCreated) siteEvent()      {}
func (*APITokenRevoked) siteEvent()      {}
func (*ProductionRegistered) siteEvent() {}
