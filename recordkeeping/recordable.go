package recordkeeping

import (
	"errors"
	"fmt"
)

// Outcomes are the plain questions that decide whether a case is recorded
// (1904.4) and how (1904.7). Counts are calendar days, not counting the
// day of the injury or of the onset of the illness; give them as they
// are, Recordable and the log cap them (see [CapDays]).
type Outcomes struct {
	// WorkRelated: did an event or exposure in the work environment cause
	// or contribute to it, or significantly aggravate a pre-existing
	// condition (1904.5)?
	WorkRelated bool
	// NewCase: is it a new case, not a recurrence of one already recorded
	// (1904.6)?
	NewCase bool
	// Death: did the employee die of it (1904.7(b)(2))?
	Death bool
	// DaysAway is the number of calendar days away from work
	// (1904.7(b)(3)).
	DaysAway int
	// DaysRestricted is the number of calendar days of restricted work or
	// transfer to another job (1904.7(b)(4)).
	DaysRestricted int
	// MedicalTreatment: was there medical treatment beyond first aid
	// (1904.7(b)(5))? First aid is only what 1904.7(b)(5)(ii) lists
	// (non-prescription medication at non-prescription strength, wound
	// coverings, hot or cold therapy, non-rigid supports, eye patches,
	// removing splinters, and the like).
	MedicalTreatment bool
	// LossOfConsciousness: did the employee lose consciousness
	// (1904.7(b)(6))?
	LossOfConsciousness bool
	// SignificantDiagnosis: did a physician or other licensed health care
	// professional diagnose a significant injury or illness, such as
	// cancer, a chronic irreversible disease, a fractured or cracked bone
	// or a punctured eardrum (1904.7(b)(7))?
	SignificantDiagnosis bool
}

// Criterion is one of the general recording criteria of 1904.7(a).
type Criterion int

// The general recording criteria, in the order of 1904.7(b)(2) to (b)(7).
const (
	CriterionDeath Criterion = iota + 1
	CriterionDaysAway
	CriterionRestricted
	CriterionMedicalTreatment
	CriterionLossOfConsciousness
	CriterionSignificantDiagnosis
)

// Section is the paragraph of 29 CFR 1904 that sets the criterion.
func (c Criterion) Section() string {
	switch c {
	case CriterionDeath:
		return "1904.7(b)(2)"
	case CriterionDaysAway:
		return "1904.7(b)(3)"
	case CriterionRestricted:
		return "1904.7(b)(4)"
	case CriterionMedicalTreatment:
		return "1904.7(b)(5)"
	case CriterionLossOfConsciousness:
		return "1904.7(b)(6)"
	case CriterionSignificantDiagnosis:
		return "1904.7(b)(7)"
	}
	return "1904.7(a)"
}

// String says the criterion in the words of 1904.7(b).
func (c Criterion) String() string {
	switch c {
	case CriterionDeath:
		return "death"
	case CriterionDaysAway:
		return "days away from work"
	case CriterionRestricted:
		return "restricted work or transfer to another job"
	case CriterionMedicalTreatment:
		return "medical treatment beyond first aid"
	case CriterionLossOfConsciousness:
		return "loss of consciousness"
	case CriterionSignificantDiagnosis:
		return "significant injury or illness diagnosed by a physician or other licensed health care professional"
	}
	return fmt.Sprintf("criterion %d", int(c))
}

// Decision says whether a case is recorded on the 300 log and why.
type Decision struct {
	Recordable bool
	// Criteria are the general recording criteria the case meets, in the
	// order of 1904.7(b); empty when it is not recordable.
	Criteria []Criterion
	// Why says the decision in words, with the sections it rests on.
	Why string
}

// Recordable decides whether a case is recorded (1904.4(a)): it must be
// work-related (1904.5), a new case (1904.6) and meet one or more of the
// general recording criteria of 1904.7. A case with first aid only meets
// none and is not recorded.
func Recordable(o Outcomes) (Decision, error) {
	if err := o.validate(); err != nil {
		return Decision{}, err
	}
	switch {
	case !o.WorkRelated:
		return Decision{Why: "not recorded: not work-related (1904.4(a)(1), 1904.5)"}, nil
	case !o.NewCase:
		return Decision{Why: "not recorded: not a new case, a recurrence of one already recorded (1904.4(a)(2), 1904.6)"}, nil
	}
	met := []struct {
		yes bool
		c   Criterion
	}{
		{o.Death, CriterionDeath},
		{o.DaysAway > 0, CriterionDaysAway},
		{o.DaysRestricted > 0, CriterionRestricted},
		{o.MedicalTreatment, CriterionMedicalTreatment},
		{o.LossOfConsciousness, CriterionLossOfConsciousness},
		{o.SignificantDiagnosis, CriterionSignificantDiagnosis},
	}
	var d Decision
	for _, m := range met {
		if m.yes {
			d.Criteria = append(d.Criteria, m.c)
		}
	}
	if len(d.Criteria) == 0 {
		d.Why = "not recorded: work-related and new, but it meets none of the general recording criteria; first aid only is not recorded (1904.7(a), 1904.7(b)(5)(ii))"
		return d, nil
	}
	d.Recordable = true
	d.Why = "recorded: work-related and new (1904.4(a)), and it meets "
	for i, c := range d.Criteria {
		if i > 0 {
			d.Why += "; "
		}
		d.Why += c.String() + " (" + c.Section() + ")"
	}
	return d, nil
}

// ErrNotRecordable is returned by [Classify] for a case that is not
// recorded: it has no place on the log.
var ErrNotRecordable = errors.New("the case is not recordable, so it has no classification on the 300 log")

// Classification is the one box of columns G to J checked for a case: its
// most serious outcome (1904.7(b)). The numbers are the ITA case file's
// incident_outcome codes (see ita.go).
type Classification int

// The classifications, most serious first.
const (
	ClassDeath           Classification = 1 // (G) death
	ClassDaysAway        Classification = 2 // (H) days away from work
	ClassRestricted      Classification = 3 // (I) job transfer or restriction
	ClassOtherRecordable Classification = 4 // (J) other recordable case
)

// Column is the 300 column the classification is checked in, G to J.
func (c Classification) Column() string {
	switch c {
	case ClassDeath:
		return "G"
	case ClassDaysAway:
		return "H"
	case ClassRestricted:
		return "I"
	case ClassOtherRecordable:
		return "J"
	}
	return "?"
}

// String says the outcome as the 300 heads its column.
func (c Classification) String() string {
	switch c {
	case ClassDeath:
		return "death"
	case ClassDaysAway:
		return "days away from work"
	case ClassRestricted:
		return "job transfer or restriction"
	case ClassOtherRecordable:
		return "other recordable case"
	}
	return fmt.Sprintf("classification %d", int(c))
}

// Classify gives the most serious outcome of a recordable case, in the
// order of 1904.7(b): death (G), else days away from work (H), else job
// transfer or restriction (I), else other recordable case (J). It returns
// [ErrNotRecordable] for a case that is not recorded.
func Classify(o Outcomes) (Classification, error) {
	d, err := Recordable(o)
	if err != nil {
		return 0, err
	}
	if !d.Recordable {
		return 0, fmt.Errorf("%w: %s", ErrNotRecordable, d.Why)
	}
	away, restricted := CapDays(o.DaysAway, o.DaysRestricted)
	switch {
	case o.Death:
		return ClassDeath, nil
	case away > 0:
		return ClassDaysAway, nil
	case restricted > 0:
		return ClassRestricted, nil
	}
	return ClassOtherRecordable, nil
}

// MaxDays is the cap on a case's days away and days of restriction or
// transfer together.
const MaxDays = 180

// CapDays caps the day counts of columns K and L.
//
// The rule: days are calendar days, the day of the injury or onset not
// counted (1904.7(b)(3)(i)); an employer may stop counting days away once
// days away and days of restricted work or transfer together reach 180
// calendar days (1904.7(b)(3)(vii)), and likewise days of restricted work
// or transfer (1904.7(b)(4)(x)). Counts alone do not say which days came
// first, so days away take precedence: days away are capped at 180, and
// days of restriction at what is left of the 180. 150 days away and 60
// days restricted become 150 and 30; 200 and 10 become 180 and 0.
// Negative counts, which validation refuses, are taken as 0.
func CapDays(away, restricted int) (int, int) {
	away = min(max(away, 0), MaxDays)
	restricted = min(max(restricted, 0), MaxDays-away)
	return away, restricted
}

// validate refuses day counts that are not counts.
func (o Outcomes) validate() error {
	if o.DaysAway < 0 {
		return fmt.Errorf("days away from work is %d, less than 0", o.DaysAway)
	}
	if o.DaysRestricted < 0 {
		return fmt.Errorf("days of restricted work or job transfer is %d, less than 0", o.DaysRestricted)
	}
	return nil
}
