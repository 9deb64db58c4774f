package pages

import (
	"github.com/setsafe/setsafe/incident"
	"github.com/setsafe/setsafe/recordkeeping"
)

// The injury and illness records (29 CFR 1904) in plain words: the case
// types of the 300's column M, the privacy reasons of 1904.29(b)(7), the
// recording questions, the first-aid list of 1904.7(b)(5)(ii) and the
// outcomes of columns G to J. Every English text here has its Spanish in
// locales/es/injury_records.json (see injuryRecordTexts).

// caseTypeChoices are the six types of column M, in its order.
var caseTypeChoices = []choice{
	{incident.TypeInjury, "Injury"},
	{incident.TypeSkin, "Skin disorder"},
	{incident.TypeRespiratory, "Respiratory condition"},
	{incident.TypePoisoning, "Poisoning"},
	{incident.TypeHearingLoss, "Hearing loss"},
	{incident.TypeOtherIllness, "All other illnesses"},
}

// privacyChoices are the reasons of 1904.29(b)(7)(i) to (vi) that make a
// privacy case, after the answer that it is none; the list is complete
// (1904.29(b)(8)).
var privacyChoices = []choice{
	{"", "No: it is not a privacy case"},
	{"intimate_body_part", "An injury or illness to an intimate body part or the reproductive system"},
	{"sexual_assault", "An injury or illness from a sexual assault"},
	{"mental_illness", "A mental illness"},
	{"hiv_hepatitis_tuberculosis", "HIV infection, hepatitis or tuberculosis"},
	{"contaminated_sharps", "A needlestick or a cut from a sharp object contaminated with another person's blood or other infectious material"},
	{"illness_on_request", "Another illness, and the employee asked of their own accord that their name stay off the log"},
}

// sexChoices are the answers of the 301's item 5; the first leaves it
// blank.
var sexChoices = []choice{{"", "Not given"}, {"M", "Male"}, {"F", "Female"}}

// establishmentTypeChoices are the ITA's establishment types.
var establishmentTypeChoices = []choice{{"1", "Private industry"}, {"2", "State government"}, {"3", "Local government"}}

// caseQuestions are the yes-or-no questions of the case form, by the
// field of the API's CaseRequest that holds the answer: those of 1904.4
// to 1904.7 that decide whether the case is recorded, and the 301's on
// treatment.
var caseQuestions = map[string]string{
	"work_related":          "Did something at work cause it or add to it, or make a condition they had much worse?",
	"new_case":              "Is it a new case, not the return of one already recorded?",
	"death":                 "Did they die of it?",
	"medical_treatment":     "Did they get medical treatment beyond first aid?",
	"loss_of_consciousness": "Did they lose consciousness?",
	"significant_diagnosis": "Did a doctor or other licensed health care professional diagnose a significant injury or illness, such as a fractured or cracked bone, a punctured eardrum, cancer or a chronic disease that will not heal?",
	"emergency_room":        "Were they treated in an emergency room?",
	"hospitalized":          "Were they kept in hospital overnight as an in-patient?",
}

// firstAid is the first-aid list of 1904.7(b)(5)(ii)(A) to (N), in plain
// words: a case treated only so is not recorded for treatment.
var firstAid = []string{
	"Non-prescription medicine at non-prescription strength",
	"A tetanus shot (other vaccines are medical treatment)",
	"Cleaning, flushing or soaking wounds on the skin",
	"Wound coverings: bandages, gauze pads, butterfly bandages or Steri-Strips (stitches, staples and skin glue are medical treatment)",
	"Hot or cold therapy",
	"Support that is not rigid: elastic bandages, wraps, soft back belts",
	"Splints, slings, neck collars or back boards used only to move someone to care",
	"Drilling a nail to relieve pressure, or draining a blister",
	"Eye patches",
	"Taking something out of the eye with only water or a cotton swab",
	"Taking out splinters or other matter, not from the eye, with water, tweezers, a cotton swab or other simple means",
	"Finger guards",
	"Massage (physical therapy and chiropractic care are medical treatment)",
	"Drinking fluids for heat stress",
}

// outcomeTitles say the outcome checked in columns G to J of the 300.
var outcomeTitles = map[string]string{
	recordkeeping.ClassDeath.Column():           "Death",
	recordkeeping.ClassDaysAway.Column():        "Days away from work",
	recordkeeping.ClassRestricted.Column():      "Job transfer or restriction",
	recordkeeping.ClassOtherRecordable.Column(): "Other recordable case",
}

// criteria are the general recording criteria of 1904.7(b), in its
// order: their words (Criterion.String) are translated as they are.
var criteria = []recordkeeping.Criterion{recordkeeping.CriterionDeath, recordkeeping.CriterionDaysAway, recordkeeping.CriterionRestricted,
	recordkeeping.CriterionMedicalTreatment, recordkeeping.CriterionLossOfConsciousness, recordkeeping.CriterionSignificantDiagnosis}

// notRecordedWhy are the outcomes that make each of the reasons a case
// is not recorded: recordkeeping.Recordable says them in words
// (Decision.Why), which the pages translate as they are.
var notRecordedWhy = []recordkeeping.Outcomes{{}, {WorkRelated: true}, {WorkRelated: true, NewCase: true}}

// caseDoneTexts say what a case form did, by the flag it redirects with.
var caseDoneTexts = map[string]string{
	"recorded":  "Done: the case is recorded.",
	"corrected": "Done: the case is corrected.",
}

// recordsDoneTexts say what a form of the injury records did.
var recordsDoneTexts = map[string]string{
	"establishment": "Done: the establishment is set.",
	"figures":       "Done: the year's figures are set.",
}

// Texts the injury records' Go code gives the templates.
const (
	privacyCase       = recordkeeping.PrivacyCase
	injuryRecordsName = "Injury records"
	injuryRecordsHint = "The OSHA 300 log of the year, its 300A summary and the 301 reports"
	noSuchYear        = "There is no such year of injury records: give a calendar year such as 2026."
	// motionPictures is the industry of NAICS 512110, as the
	// establishment's form says it before it is set.
	motionPictures = "Motion picture and video production"
)

// injuryRecordTexts are the English texts the injury records' pages pass
// to the templates from Go, for the catalogue check.
func injuryRecordTexts() []string {
	out := []string{privacyCase, injuryRecordsName, injuryRecordsHint, noSuchYear, motionPictures, "Injury and illness records", "Injury or illness case",
		"Record an injury or illness case", "Establishment and the year's figures"}
	for _, list := range [][]choice{caseTypeChoices, privacyChoices, sexChoices, establishmentTypeChoices} {
		for _, c := range list {
			out = append(out, c.Title)
		}
	}
	for _, m := range []map[string]string{caseQuestions, outcomeTitles, caseDoneTexts, recordsDoneTexts} {
		for _, v := range m {
			out = append(out, v)
		}
	}
	for _, c := range criteria {
		out = append(out, c.String())
	}
	for _, o := range notRecordedWhy {
		d, _ := recordkeeping.Recordable(o) // no day counts: cannot fail
		out = append(out, d.Why)
	}
	return append(out, firstAid...)
}
