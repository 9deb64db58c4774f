package recordkeeping

import (
	"errors"
	"fmt"
)

// Problem is one thing wrong with what was given: the field it is in,
// what is wrong and how to fix it. Validation returns every Problem it
// finds, joined with [errors.Join]; [errors.As] finds the first.
type Problem struct {
	// Field names the field in the words of the forms or of the ITA file,
	// with the case number when the field belongs to a case.
	Field string
	// Wrong says what is wrong with the value.
	Wrong string
	// Fix says what to do about it.
	Fix string
}

// Error says the field, what is wrong and how to fix it.
func (p *Problem) Error() string {
	return fmt.Sprintf("%s: %s; %s", p.Field, p.Wrong, p.Fix)
}

// problems gathers Problems and joins them into one error.
type problems []error

func (ps *problems) add(field, wrong, fix string) {
	*ps = append(*ps, &Problem{Field: field, Wrong: wrong, Fix: fix})
}

func (ps problems) err() error {
	return errors.Join(ps...)
}
