package setsafe

// Check returns the details as [AddPerson] would record them (trimmed, the
// e-mail address in lower case), or an EInvalid error naming each detail
// that [AddPerson] would refuse, so that a list of people can be checked
// before any of them is added.
func (pd PersonDetails) Check() (PersonDetails, error) {
	p := Problems{}
	clean := pd.clean(p)
	return clean, p.Err()
}
