package pages

import (
	"github.com/setsafe/setsafe/incident"
)

// The incident register in the words people use on set: its kinds,
// severities, states, the categories of a contributing factor and the
// states of a corrective action. Every English text here has its Spanish
// in locales/es/incidents.json (see incidentTexts).

// incidentKindTitles say each kind of incident as someone reporting it
// would, in the order of incident.Kinds.
var incidentKindTitles = map[string]string{
	incident.KindInjury:         "Injury or illness",
	incident.KindNearMiss:       "Near miss",
	incident.KindDischarge:      "Unintended discharge",
	incident.KindMalfunction:    "Misfire or malfunction",
	incident.KindLiveRound:      "Live round found",
	incident.KindDiscrepancy:    "Ammunition or firearm count wrong",
	incident.KindPropertyDamage: "Property damage",
	incident.KindVehicle:        "Vehicle",
	incident.KindFire:           "Fire",
	incident.KindEnvironmental:  "Environmental (spill, smoke...)",
	incident.KindSecurity:       "Security: firearm or ammunition missing or stolen",
}

// incidentKinds are the kinds as a form offers them, in incident.Kinds'
// order.
func incidentKinds() []choice {
	out := make([]choice, len(incident.Kinds))
	for i, k := range incident.Kinds {
		out[i] = choice{k, incidentKindTitles[k]}
	}
	return out
}

// notAssessed is what an incident's severity says before anyone assessed
// it: one recorded in a hurry has none.
const notAssessed = "Not assessed yet"

// incidentSeverityChoices say each severity with what it means, as the
// details form offers them, the empty one first.
var incidentSeverityChoices = []choice{
	{"", notAssessed},
	{incident.SeverityNone, "None: no harm done"},
	{incident.SeverityMinor, "Minor: first aid, small damage"},
	{incident.SeverityModerate, "Moderate: medical treatment, or damage that stops work"},
	{incident.SeveritySerious, "Serious: time off work, hospital, major damage"},
	{incident.SeverityFatal, "Fatal: someone died"},
}

// incidentSeverityTitles say each severity in a word, for lists.
var incidentSeverityTitles = map[string]string{
	"":                        notAssessed,
	incident.SeverityNone:     "No harm",
	incident.SeverityMinor:    "Minor",
	incident.SeverityModerate: "Moderate",
	incident.SeveritySerious:  "Serious",
	incident.SeverityFatal:    "Fatal",
}

// incidentStateTitles say where an incident's investigation stands.
var incidentStateTitles = map[string]string{
	incident.StateOpen:          "Open: nobody investigates it yet",
	incident.StateInvestigating: "Being investigated",
	incident.StateConcluded:     "Root cause found, waiting for sign-off",
	incident.StateClosed:        "Closed: signed off",
}

// incidentStates are the states in their order, for the register's filter.
func incidentStates() []choice {
	var out []choice
	for _, k := range []string{incident.StateOpen, incident.StateInvestigating, incident.StateConcluded, incident.StateClosed} {
		out = append(out, choice{k, incidentStateTitles[k]})
	}
	return out
}

// factorCategoryTitles say each category of contributing factor.
var factorCategoryTitles = map[string]string{
	incident.FactorPeople:       "People: what someone did or did not do",
	incident.FactorEquipment:    "Equipment: what failed or was missing",
	incident.FactorProcedure:    "Procedure: a step missing, wrong or skipped",
	incident.FactorEnvironment:  "Environment: weather, light, ground, noise",
	incident.FactorOrganisation: "Organisation: hours, staffing, pressure, planning",
}

// factorCategories are the categories as the factor form offers them.
func factorCategories() []choice {
	out := make([]choice, len(incident.FactorCategories))
	for i, k := range incident.FactorCategories {
		out[i] = choice{k, factorCategoryTitles[k]}
	}
	return out
}

// actionStateTitles say where a corrective action stands.
var actionStateTitles = map[string]string{
	incident.ActionStateOpen:     "To do",
	incident.ActionStateDone:     "Done: waiting for someone to check it worked",
	incident.ActionStateVerified: "Checked: it worked",
}

// signOffTitles say in whose name each capacity signs an investigation off.
var signOffTitles = map[string]string{
	incident.CapacitySafety:   "Safety coordinator",
	incident.CapacityProducer: "Producer or unit production manager",
}

// signOffButtons are the buttons that sign in each capacity.
var signOffButtons = map[string]string{
	incident.CapacitySafety:   "Sign off as the safety coordinator",
	incident.CapacityProducer: "Sign off as producer or UPM",
}

// incidentDoneTexts say what a successful form did, by the flag it
// redirects with.
var incidentDoneTexts = map[string]string{
	"opened":    "Recorded, with the time. Add what you know below, now or later.",
	"turned":    "Done: the concern is now an incident, and stays linked to it.",
	"corrected": "Done: the record is corrected.",
	"evidence":  "Done: the file is attached.",
	"assigned":  "Done: the investigator is named.",
	"factor":    "Done: the factor is recorded.",
	"concluded": "Done: the root cause is recorded. It needs the two sign-offs.",
	"signed":    "Done: your sign-off is recorded.",
	"planned":   "Done: the action is planned. Its owner finds it under corrective actions.",
	"finished":  "Done: the action is recorded as done. Someone else checks that it worked.",
	"checked":   "Done: the check is recorded.",
}

// incidentTexts are the English texts the incident pages pass to the
// templates from Go, for the catalogue check.
func incidentTexts() []string {
	var out []string
	for _, m := range []map[string]string{incidentKindTitles, incidentSeverityTitles, incidentStateTitles, factorCategoryTitles,
		actionStateTitles, signOffTitles, signOffButtons, incidentDoneTexts} {
		for _, v := range m {
			out = append(out, v)
		}
	}
	for _, c := range incidentSeverityChoices {
		out = append(out, c.Title)
	}
	return append(out, "Report an incident", "Incidents", "Incident", "Corrective actions", "Timeline of the incident",
		"Photo of the incident", "Choose a state from the list.", "Choose a kind from the list.",
		noFileMessage, noFileProblem)
}
