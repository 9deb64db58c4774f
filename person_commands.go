package setsafe

import (
	"fmt"
	"slices"
	"strings"
)

// PersonDetails are the details of a person that people type in.
type PersonDetails struct {
	Name       string
	Department string
	JobTitle   string
	Email      string
	Phone      string
}

// Check returns the details as [AddPerson] would record them (trimmed, the
// e-mail address in lower case), or an EInvalid error naming each detail
// that [AddPerson] would refuse, so that a list of people can be checked
// before any of them is added.
func (pd PersonDetails) Check() (PersonDetails, error) {
	p := Problems{}
	clean := pd.clean(p)
	return clean, p.Err()
}

func (pd PersonDetails) clean(p Problems) PersonDetails {
	return PersonDetails{
		Name:       CleanText(p, "name", pd.Name, MaxNameLength, true),
		Department: CleanText(p, "department", pd.Department, MaxShortText, false),
		JobTitle:   CleanText(p, "job_title", pd.JobTitle, MaxShortText, false),
		Email:      cleanEmail(p, "email", pd.Email, false),
		Phone:      cleanPhone(p, "phone", pd.Phone),
	}
}

// AddPerson adds someone to a production's crew or cast list, optionally
// linked to the site account they sign in with and with their first roles.
type AddPerson struct {
	ID string
	PersonDetails
	AccountID string
	Roles     []Role
	// ConfirmSameEmail adds the person although someone on the crew list
	// has their e-mail address: people who share one.
	ConfirmSameEmail bool
}

// Authorize implements Command.
func (c AddPerson) Authorize(a Access, _ *State) error {
	if err := a.Require(PermManagePeople); err != nil {
		return err
	}
	for _, r := range c.Roles {
		if err := authorizeRoleChange(a, r); err != nil {
			return err
		}
	}
	return nil
}

// Decide implements Command.
func (c AddPerson) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	pd := c.PersonDetails.clean(p)
	if !ValidID(c.ID) {
		p.Add("id", "is not a valid identifier")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.Person(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Person %s exists already.", c.ID)
	}
	if err := checkSameEmail(s, pd.Email, "", c.ConfirmSameEmail); err != nil {
		return Outcome{}, err
	}
	out := one(&PersonAdded{ID: c.ID, Name: pd.Name, Department: pd.Department, JobTitle: pd.JobTitle, Email: pd.Email, Phone: pd.Phone})
	if c.AccountID != "" {
		if err := checkLinkable(s, d.Site, c.AccountID); err != nil {
			return Outcome{}, err
		}
		out.Events = append(out.Events, Draft{Body: &PersonAccountLinked{ID: c.ID, AccountID: c.AccountID}})
	}
	seen := map[Role]bool{}
	var roles []Role
	for _, r := range c.Roles {
		if err := checkRole(r); err != nil {
			return Outcome{}, err
		}
		if !seen[r] {
			seen[r] = true
			roles = append(roles, r)
			out.Events = append(out.Events, Draft{Body: &RoleGranted{PersonID: c.ID, Role: r}})
		}
	}
	if refusal, err := checkDuties(s, d.Now, c.ID, pd.Name, roles); refusal != nil || err != nil {
		return deref(refusal), err
	}
	return out, nil
}

// PersonChanges are the details an update changes. A nil field keeps its
// value, so that an update cannot blank what its sender did not mention; an
// empty string clears an optional detail.
type PersonChanges struct {
	Name       *string
	Department *string
	JobTitle   *string
	Email      *string
	Phone      *string
}

// UpdatePerson changes a person's details. Corrects and Reason mark it as the
// correction of an earlier event.
type UpdatePerson struct {
	ID string
	PersonChanges
	Reason   string
	Corrects int64
	// ConfirmSameEmail gives the person an e-mail address that someone
	// else on the crew list has.
	ConfirmSameEmail bool
}

// Authorize implements Command.
func (c UpdatePerson) Authorize(a Access, _ *State) error { return a.Require(PermManagePeople) }

// Decide implements Command.
func (c UpdatePerson) Decide(s *State, d Decision) (Outcome, error) {
	person, err := existingPerson(s, c.ID)
	if err != nil {
		return Outcome{}, err
	}
	old := PersonDetails{person.Name, person.Department, person.JobTitle, person.Email, person.Phone}
	p := Problems{}
	pd := PersonDetails{
		Name:       changed(c.Name, old.Name),
		Department: changed(c.Department, old.Department),
		JobTitle:   changed(c.JobTitle, old.JobTitle),
		Email:      changed(c.Email, old.Email),
		Phone:      changed(c.Phone, old.Phone),
	}.clean(p)
	reason := CleanReason(p, "reason", c.Reason, false)
	checkCorrects(p, s, c.Corrects, c.Reason)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if c.Corrects == 0 && pd == old {
		return Outcome{}, nil
	}
	if pd.Email != old.Email {
		if err := checkSameEmail(s, pd.Email, person.ID, c.ConfirmSameEmail); err != nil {
			return Outcome{}, err
		}
	}
	b := &PersonUpdated{ID: person.ID, Name: pd.Name, Department: pd.Department, JobTitle: pd.JobTitle, Email: pd.Email, Phone: pd.Phone, Reason: reason}
	return Outcome{Events: []Draft{{Body: b, Corrects: c.Corrects}}}, nil
}

// changed returns the new value of a detail an update may leave out.
func changed(v *string, old string) string {
	if v == nil {
		return old
	}
	return *v
}

// RemovePerson records that a person left the production. Their roles end;
// their record stays. The last qualified armorer on duty does not leave
// while firearms are out (FA-2), unless Emergency is set by a producer or
// a site administrator: it is then recorded as an override (see
// [EndDuty]).
type RemovePerson struct {
	ID        string
	Reason    string
	Emergency bool
}

// Authorize implements Command. Removing a person ends their roles, so it
// takes the authority to revoke each of them.
func (c RemovePerson) Authorize(a Access, s *State) error {
	if c.Emergency {
		if err := authorizeEmergency(a); err != nil {
			return err
		}
	}
	return authorizePersonChange(a, s, c.ID)
}

// Decide implements Command.
func (c RemovePerson) Decide(s *State, d Decision) (Outcome, error) {
	person, err := existingPerson(s, c.ID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if !person.Active {
		return Outcome{}, nil
	}
	return endingDuty(s, d, person.ID, DutyChangeLeft, c.Emergency, reason, Draft{Body: &PersonLeft{ID: person.ID, Reason: reason}})
}

// LinkAccount lets a person sign in with a site account. An account is linked
// to at most one active person per production.
type LinkAccount struct {
	PersonID  string
	AccountID string
}

// Authorize implements Command. Linking hands the person's roles to the
// account, so it takes the authority to grant each of them.
func (c LinkAccount) Authorize(a Access, s *State) error {
	return authorizePersonChange(a, s, c.PersonID)
}

// Decide implements Command.
func (c LinkAccount) Decide(s *State, d Decision) (Outcome, error) {
	person, err := ActivePerson(s, c.PersonID)
	if err != nil {
		return Outcome{}, err
	}
	if person.AccountID == c.AccountID {
		return Outcome{}, nil
	}
	if err := checkLinkable(s, d.Site, c.AccountID); err != nil {
		return Outcome{}, err
	}
	return one(&PersonAccountLinked{ID: person.ID, AccountID: c.AccountID}), nil
}

// UnlinkAccount stops a person signing in with their linked account.
type UnlinkAccount struct{ PersonID string }

// Authorize implements Command. Unlinking takes the person's roles away from
// the account, so it takes the authority to revoke each of them.
func (c UnlinkAccount) Authorize(a Access, s *State) error {
	return authorizePersonChange(a, s, c.PersonID)
}

// Decide implements Command.
func (c UnlinkAccount) Decide(s *State, d Decision) (Outcome, error) {
	person, err := existingPerson(s, c.PersonID)
	if err != nil || person.AccountID == "" {
		return Outcome{}, err
	}
	return one(&PersonAccountUnlinked{ID: person.ID}), nil
}

// SetPIN sets a person's personal PIN, with which they confirm what they do
// on a shared device. People set their own; those who manage the crew list
// may set anyone's (with the person present to type it).
type SetPIN struct {
	PersonID string
	// Hash is the PIN's hash; the caller checks the PIN with [CheckPIN] first.
	Hash string
}

// Authorize implements Command. A PIN confirms what its holder does, so
// setting someone else's takes the authority to grant their roles, beyond
// cast and crew; and someone whose roles only read sets none, their own
// included.
func (c SetPIN) Authorize(a Access, s *State) error {
	if a.PersonID != "" && a.PersonID == c.PersonID {
		return a.Require(PermTakePart)
	}
	if err := a.Require(PermManagePeople); err != nil {
		return err
	}
	for _, r := range s.RolesOf(c.PersonID) {
		if r == RoleCast || r == RoleCrew {
			continue
		}
		if err := authorizeRoleChange(a, r); err != nil {
			return Errorf(EForbidden, "Only those who can grant the role %s can set the PIN of someone who holds it.", r.Title())
		}
	}
	return nil
}

// Decide implements Command.
func (c SetPIN) Decide(s *State, d Decision) (Outcome, error) {
	person, err := ActivePerson(s, c.PersonID)
	if err != nil {
		return Outcome{}, err
	}
	if c.Hash == "" {
		return Outcome{}, Errorf(EInvalid, "A PIN is required.")
	}
	out := one(&PersonPINSet{ID: person.ID})
	out.Credentials = []Credential{{Kind: CredentialPIN, Subject: person.ID, Hash: c.Hash}}
	return out, nil
}

// authorizePersonChange allows a change that decides who holds a person's
// roles (linking, unlinking, removing) to those who manage the crew list and
// may grant every role the person holds.
func authorizePersonChange(a Access, s *State, personID string) error {
	if err := a.Require(PermManagePeople); err != nil {
		return err
	}
	for _, r := range s.RolesOf(personID) {
		if err := authorizeRoleChange(a, r); err != nil {
			return Errorf(EForbidden, "This person holds the role %s; only those who can grant it can change whose they are.", r.Title())
		}
	}
	return nil
}

func existingPerson(s *State, id string) (*Person, error) {
	if _, err := requireProduction(s); err != nil {
		return nil, err
	}
	p := s.Person(id)
	if p == nil {
		return nil, Errorf(ENotFound, "There is nobody with ID %s on this production.", id)
	}
	return p, nil
}

// ActivePerson returns the person with the given ID, or an error saying
// there is nobody so or that they left the production.
func ActivePerson(s *State, id string) (*Person, error) {
	p, err := existingPerson(s, id)
	if err == nil && !p.Active {
		err = Errorf(EConflict, "%s has left the production.", p.Name)
	}
	return p, err
}

func checkLinkable(s, site *State, accountID string) error {
	acc := site.Account(accountID)
	if acc == nil {
		return &Error{Code: EInvalid, Message: "There is no such account.", Fields: map[string]string{"account_id": "does not exist"}}
	}
	if acc.Disabled {
		return &Error{Code: EConflict, Message: "The account is disabled.", Fields: map[string]string{"account_id": "is disabled"}}
	}
	if other := s.PersonByAccount(accountID); other != nil {
		return &Error{Code: EConflict, Message: "This account already signs in as " + other.Name + " on this production.",
			Fields: map[string]string{"account_id": "is linked to " + other.ID}}
	}
	return nil
}

// SetAsideTitleDuties records that a person's job title, as it now reads,
// does not mean some of the duties it seems to say on this production: the
// decision FA-4 asks for when an armorer's title also says props, say, and
// the production knows they do no props work. Only someone who may grant
// the armorer role decides it, with a reason the ledger keeps.
type SetAsideTitleDuties struct {
	PersonID string
	// JobTitle is the title as the person deciding read it; the decision
	// is refused when the title has changed since.
	JobTitle string
	// Duties are the duties set aside; none means every duty besides
	// armorer work that the title says.
	Duties []Duty
	Reason string
}

// Authorize implements Command.
func (c SetAsideTitleDuties) Authorize(a Access, _ *State) error {
	return authorizeRoleChange(a, RoleArmorer)
}

// Decide implements Command.
func (c SetAsideTitleDuties) Decide(s *State, _ Decision) (Outcome, error) {
	person, err := ActivePerson(s, c.PersonID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if c.JobTitle != person.JobTitle {
		return Outcome{}, &Error{Code: EConflict, Message: fmt.Sprintf("%s's job title is now %q; read it again before deciding what it means.", person.Name, person.JobTitle),
			Fields: map[string]string{"job_title": "is not the person's job title now"}}
	}
	others := person.OtherTitleDuties()
	if len(others) == 0 {
		return Outcome{}, Errorf(EConflict, "%s's job title %q says no duty besides armorer work that is not set aside already.", person.Name, person.JobTitle)
	}
	duties := c.Duties
	if len(duties) == 0 {
		duties = others
	}
	var keys []string
	for _, d := range duties {
		if !slices.Contains(others, d) {
			return Outcome{}, &Error{Code: EInvalid, Message: fmt.Sprintf("duties: %s's job title %q does not say %s, or it is set aside already.", person.Name, person.JobTitle, d),
				Fields: map[string]string{"duties": "must be among " + dutyKeys(others)}}
		}
		if !slices.Contains(keys, string(d)) {
			keys = append(keys, string(d))
		}
	}
	return one(&TitleDutiesSetAside{ID: person.ID, JobTitle: person.JobTitle, Duties: keys, Reason: reason}), nil
}

func dutyKeys(duties []Duty) string {
	keys := make([]string, len(duties))
	for i, d := range duties {
		keys[i] = string(d)
	}
	return strings.Join(keys, ", ")
}
