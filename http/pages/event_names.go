package pages

// eventNames are the plain words for each event type, as people on a set
// would say what happened. The Spanish is in locales/es/timeline.json.
var eventNames = map[string]string{
	"account.created":                 "Account created",
	"account.disabled":                "Account disabled",
	"account.enabled":                 "Account enabled again",
	"account.password_set":            "Password set",
	"account.updated":                 "Account details changed",
	"action.refused":                  "Refused by the gate",
	"ammo_lot.received":               "Ammunition lot received",
	"ammo_lot.rounds_destroyed":       "Rounds destroyed before a witness",
	"ammo_lot.rounds_returned":        "Rounds returned to the supplier",
	"ammo_lot.verified_inert":         "Dummy lot checked inert",
	"api_token.created":               "API token created",
	"api_token.revoked":               "API token revoked",
	"day.reconciled":                  "End-of-day count",
	"discharge.investigated":          "Discharge investigated",
	"discrepancy.resolved":            "Count discrepancy resolved",
	"file.attached":                   "Photo or file attached",
	"firearm.discharge_reported":      "Discharge reported",
	"firearm.handed_over":             "Handed over",
	"firearm.inspected":               "Inspected at the bench",
	"firearm.loaded":                  "Loaded",
	"firearm.out_of_service":          "Taken out of service",
	"firearm.received":                "Firearm received",
	"firearm.returned_to_owner":       "Returned to its owner",
	"firearm.returned_to_service":     "Back in service",
	"firearm.secured":                 "Locked in a store",
	"firearm.shown_clear":             "Shown clear",
	"firearm.unloaded":                "Unloaded",
	"firearm.unsecured":               "Taken out of its store",
	"live_round.cleared":              "Live round removed",
	"live_round.reported":             "Live round reported",
	"meeting.attended":                "Attended the safety meeting",
	"meeting.held":                    "Safety meeting held",
	"permit.recorded":                 "Permit recorded",
	"person.account_linked":           "Linked to a sign-in account",
	"person.account_unlinked":         "Unlinked from a sign-in account",
	"person.added":                    "Person added",
	"person.left":                     "Left the production",
	"person.pin_set":                  "PIN set",
	"person.updated":                  "Person's details changed",
	"production.created":              "Production created",
	"production.registered":           "Production registered on the site",
	"production.updated":              "Production details changed",
	"review.signed_off":               "Review signed off",
	"role.granted":                    "Role given",
	"role.revoked":                    "Role taken away",
	"safety.compliance_contact_named": "Safety contact named",
	"safety.profile_set":              "Safety rules set",
	"setup.planned":                   "Set-up planned",
	"setup.shot_plan_recorded":        "Shot plan recorded",
	"setup.started":                   "Set-up started",
	"site_admin.granted":              "Made site administrator",
	"site_admin.revoked":              "No longer site administrator",
	"concern.raised":                  "Concern raised",
	"concern.answered":                "Concern answered",
	"concern.replied":                 "Reporter replied",
	"concern.moved":                   "Concern moved on",
	"concern.escalated":               "Concern climbed the ladder",
	"escalation.ladder_set":           "Escalation ladder set",
	"escalation.webhook_secret_set":   "Webhook signing secret set",
	"stop_work.called":                "Stop-work called",
	"stop_work.lifted":                "Stop-work lifted",
	"training.recorded":               "Training recorded",
}

// eventName returns what an event type means in plain English words, such
// as "Handed over" for "firearm.handed_over"; the type itself when it has no
// name. Pages translate the result with the catalogue.
func eventName(eventType string) string {
	if n, ok := eventNames[eventType]; ok {
		return n
	}
	return eventType
}
