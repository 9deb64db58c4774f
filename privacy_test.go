package setsafe_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	// Every event type a ledger may hold, the subdomains' too.
	_ "github.com/setsafe/setsafe/dailyreport"
	_ "github.com/setsafe/setsafe/dashboard"
	_ "github.com/setsafe/setsafe/incident"
)

func TestPrivateEntries(t *testing.T) {
	tests := []struct {
		eventType string
		body      setsafe.Body
		private   bool
	}{
		{"concern.raised", &setsafe.ConcernRaised{Description: "the rig is loose"}, true},
		{"concern.answered", &setsafe.ConcernAnswered{Text: "fixed"}, true},
		{"concern.replied", &setsafe.ConcernReplied{Text: "thanks"}, true},
		{"concern.moved", &setsafe.ConcernMoved{Why: "checked"}, true},
		{"concern.triaged", &setsafe.ConcernTriaged{Reason: "real"}, true},
		{"concern.decided", &setsafe.ConcernDecided{Reason: "stop"}, true},
		{"concern.escalated", &setsafe.ConcernEscalated{}, false},
		{"person.added", &setsafe.PersonAdded{Email: "a@example.com"}, true},
		{"person.updated", &setsafe.PersonUpdated{Phone: "+1 505 555 0100"}, true},
		{"person.left", &setsafe.PersonLeft{}, false},
		{"account.created", &setsafe.AccountCreated{Email: "a@example.com"}, true},
		{"account.updated", &setsafe.AccountUpdated{Email: "a@example.com"}, true},
		{"injury_case.recorded", nil, true},
		{"injury_case.corrected", nil, true},
		{"file.attached", &setsafe.FileAttached{Subject: setsafe.SubjectConcern}, true},
		{"file.attached", &setsafe.FileAttached{Subject: setsafe.SubjectFirearm}, false},
		{"file.attached", nil, false},
		{"firearm.handed_over", &setsafe.FirearmHandedOver{}, false},
		{"role.granted", &setsafe.RoleGranted{}, false},
		{"stop_work.called", &setsafe.StopWorkCalled{}, false},
	}
	for _, tt := range tests {
		what, private := setsafe.PrivateEntry(tt.eventType, tt.body)
		if private != tt.private || private && what == "" {
			t.Errorf("%s %+v: private %v (%q), want %v", tt.eventType, tt.body, private, what, tt.private)
		}
		if _, all := setsafe.PrivateWhat(tt.eventType); all && !tt.private {
			t.Errorf("%s: every entry is private", tt.eventType)
		}
	}
	if setsafe.PrivateByBody("concern.raised") || !setsafe.PrivateByBody("file.attached") {
		t.Error("PrivateByBody says otherwise than the types registered")
	}
	for _, ty := range setsafe.PrivateTypes() {
		if setsafe.NewBody(ty) == nil {
			t.Errorf("%s is private but is no event type", ty)
		}
	}
}

// TestEveryPersonalFieldIsPrivate looks at every event type's body: one
// that holds an e-mail address, a phone number, a concern's words or its
// reporter must be private, unless it is said here why a third party may
// read it.
func TestEveryPersonalFieldIsPrivate(t *testing.T) {
	public := map[string]string{
		// The year's summary of injuries (OSHA form 300A) is posted where
		// everyone works, with the certifying executive's phone.
		"establishment.year_set": "posted publicly",
		// Whom to call at the authority that granted a permission (a fire
		// marshal's office): the permission is the evidence.
		"permission.granted": "an authority's contact",
	}
	personal := func(name string) bool {
		for _, w := range []string{"email", "phone", "reporter", "contact"} {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	for _, ty := range setsafe.EventTypes() {
		var fields []string
		var walk func(rt reflect.Type, prefix string)
		walk = func(rt reflect.Type, prefix string) {
			for f := range rt.Fields() {
				name := strings.ToLower(f.Name)
				if f.Type.Kind() == reflect.Struct && f.Type.PkgPath() != "time" {
					walk(f.Type, prefix+name+".")
					continue
				}
				if personal(name) || strings.HasPrefix(ty, "concern.") && f.Type.Kind() == reflect.String && slices.Contains([]string{"text", "description", "why", "reason", "location"}, name) {
					fields = append(fields, prefix+name)
				}
			}
		}
		walk(reflect.TypeOf(setsafe.NewBody(ty)).Elem(), "")
		if len(fields) == 0 || public[ty] != "" {
			continue
		}
		if what, ok := setsafe.PrivateWhat(ty); !ok || what == "" {
			t.Errorf("%s holds %v, which a third party must not read: mark it setsafe.Private in the init of its file, or say here why it may be read", ty, fields)
		}
	}
}
