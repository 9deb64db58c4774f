package setsafe

import "testing"

func TestPrivateEntries(t *testing.T) {
	tests := []struct {
		eventType string
		body      Body
		private   bool
	}{
		{"concern.raised", &ConcernRaised{Description: "the rig is loose"}, true},
		{"concern.answered", &ConcernAnswered{Text: "fixed"}, true},
		{"concern.replied", &ConcernReplied{Text: "thanks"}, true},
		{"concern.moved", &ConcernMoved{Why: "checked"}, true},
		{"concern.triaged", &ConcernTriaged{Reason: "real"}, true},
		{"concern.decided", &ConcernDecided{Reason: "stop"}, true},
		{"concern.escalated", &ConcernEscalated{}, false},
		{"person.added", &PersonAdded{Email: "a@example.com"}, true},
		{"person.updated", &PersonUpdated{Phone: "+1 505 555 0100"}, true},
		{"person.left", &PersonLeft{}, false},
		{"account.created", &AccountCreated{Email: "a@example.com"}, true},
		{"account.updated", &AccountUpdated{Email: "a@example.com"}, true},
		{"file.attached", &FileAttached{Subject: SubjectConcern}, true},
		{"file.attached", &FileAttached{Subject: SubjectFirearm}, false},
		{"file.attached", nil, false},
		{"firearm.handed_over", &FirearmHandedOver{}, false},
		{"role.granted", &RoleGranted{}, false},
		{"stop_work.called", &StopWorkCalled{}, false},
	}
	for _, tt := range tests {
		what, private := PrivateEntry(tt.eventType, tt.body)
		if private != tt.private || private && what == "" {
			t.Errorf("%s %+v: private %v (%q), want %v", tt.eventType, tt.body, private, what, tt.private)
		}
		if _, all := PrivateWhat(tt.eventType); all && !tt.private {
			t.Errorf("%s: every entry is private", tt.eventType)
		}
	}
	if PrivateByBody("concern.raised") || !PrivateByBody("file.attached") {
		t.Error("PrivateByBody says otherwise than the types registered")
	}
	for _, ty := range PrivateTypes() {
		if NewBody(ty) == nil {
			t.Errorf("%s is private but is no event type", ty)
		}
	}
}
