package pages

import (
	"slices"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
)

// tile is one task on a production's home screen.
type tile struct {
	Href, Title, Hint string
	perm              setsafe.Permission
	// person says the task is for people on the crew list only.
	person bool
	// Recent counts what is new in the task, when it has something to count.
	Recent int
	// first are the roles for whom this task comes first on the screen.
	first []setsafe.Role
}

// notificationsHint says what the notifications tile leads to.
const notificationsHint = "What reached you: concerns, stop-works, answers to your concerns"

// productionTiles returns the tasks the caller can do in a production,
// the ones of their roles first, so that each is one tap from home.
func productionTiles(pid string, a setsafe.Access) []tile {
	base := "/productions/" + pid
	all := []tile{
		{Href: base + "/armory", Title: "Armory", Hint: "Firearms and ammunition: where each is, scan a label, hand-offs",
			perm: setsafe.PermViewArmory, first: []setsafe.Role{setsafe.RoleArmorer, setsafe.RoleAssistantArmorer, setsafe.RolePropertyMaster}},
		{Href: base + "/today", Title: "Today", Hint: "The day's set-ups, GO or NO-GO, the safety meeting",
			perm: setsafe.PermViewProduction, first: []setsafe.Role{setsafe.RoleFirstAD, setsafe.RoleSafetyCoordinator, setsafe.RoleStuntCoordinator}},
		{Href: base + "/check-in", Title: "Check-in device", Hint: "The shared device of the day: each person taps their name and types their PIN to check in or out",
			perm: setsafe.PermRunMeetings},
		{Href: base + "/people", Title: "People", Hint: "Crew and cast: roles, trainings and permits, import a crew list",
			perm: setsafe.PermViewPeople, first: []setsafe.Role{setsafe.RoleProducer, setsafe.RoleUPM, setsafe.RoleSafetyCoordinator}},
		{Href: base + "/concerns", Title: "Concerns", Hint: "Report a hazard, anonymously if you like, and follow the answers",
			perm: setsafe.PermViewProduction, first: []setsafe.Role{setsafe.RoleSafetyCoordinator, setsafe.RoleDepartmentHead}},
		{Href: base + "/permissions", Title: "Locations and permissions", Hint: "Where set-ups are shot, and the permits and permissions their hazards need",
			perm: setsafe.PermViewProduction, first: []setsafe.Role{setsafe.RoleLocationManager}},
		{Href: base + "/notifications", Title: "Notifications", Hint: notificationsHint,
			perm: setsafe.PermViewProduction, person: true, first: []setsafe.Role{setsafe.RoleUPM, setsafe.RoleProducer, setsafe.RoleDepartmentHead}},
		{Href: base + "/escalation", Title: "Escalation ladder", Hint: "Who hears of a late concern, and when: rungs, clocks, e-mails and webhooks",
			perm: setsafe.PermManageSafety},
		{Href: base + "/timeline", Title: "Timeline", Hint: "Every entry, newest first, with its proof",
			perm: setsafe.PermViewLedger, first: []setsafe.Role{setsafe.RoleInvestigator, setsafe.RoleSafetyCoordinator}},
		{Href: base + "/evidence", Title: "Evidence", Hint: "The witnesses that cosign the ledger's checkpoints, which checkpoints are final, and how to take the evidence away",
			perm: setsafe.PermViewLedger},
		{Href: base + "/dashboard", Title: "Safety dashboard", Hint: "The last days in charts: concerns, incidents, refusals, alerts, patterns",
			perm: incident.PermView},
		{Href: base + "/incidents/new", Title: "Report an incident", Hint: "Someone hurt, a near miss, a discharge, a fire: two taps, the details after",
			perm: setsafe.PermTakePart, first: []setsafe.Role{setsafe.RoleCrew, setsafe.RoleCast, setsafe.RoleMedic}},
		{Href: base + "/incidents", Title: "Incidents", Hint: "The incident register: investigations, corrective actions, the spreadsheet",
			perm: incident.PermView, first: []setsafe.Role{setsafe.RoleInvestigator, setsafe.RoleSafetyCoordinator}},
		{Href: base + "/injury-records", Title: injuryRecordsName, Hint: injuryRecordsHint, perm: incident.PermView},
	}
	var mine, rest []tile
	for _, t := range all {
		if !a.Can(t.perm) || t.person && a.PersonID == "" {
			continue
		}
		if slices.ContainsFunc(t.first, a.Has) {
			mine = append(mine, t)
		} else {
			rest = append(rest, t)
		}
	}
	return append(mine, rest...)
}
