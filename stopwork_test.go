package setsafe

import "testing"

// TestStopWorkOnTheSharedDevice calls a stop-work with someone's PIN on
// the device of whoever runs the day: recorded as called by the person
// whose PIN it was, on that device.
func TestStopWorkOnTheSharedDevice(t *testing.T) {
	tests := []struct {
		name   string
		device Actor
		cmd    CallStopWork
		code   string
		by     string
	}{
		{"on one's own phone", PersonActor("jack"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke in the saloon"}, "", "jack"},
		{"By is ignored on one's own phone", PersonActor("jack"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "dana"}, "", "jack"},
		{"with jack's PIN on the 1st AD's tablet", PersonActor("marcus"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "jack", ConfirmedBy: StopWorkByPIN}, "", "jack"},
		{"with a PIN on a device nobody runs the day on", PersonActor("jack"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "dana", ConfirmedBy: StopWorkByPIN}, EForbidden, ""},
		{"with the PIN of nobody on the production", PersonActor("marcus"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "stranger", ConfirmedBy: StopWorkByPIN}, ENotFound, ""},
		{"confirmed some other way", PersonActor("marcus"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "jack", ConfirmedBy: "wave"}, EInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			evs, err := w.run("red-mesa", tt.device, tt.cmd)
			if tt.code != "" {
				if ErrorCode(err) != tt.code || len(evs) != 0 {
					t.Fatalf("want %s and nothing recorded, got %v and %d entries", tt.code, err, len(evs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b := evs[0].Body.(*StopWorkCalled)
			if b.CalledBy != tt.by || b.ConfirmedBy != tt.cmd.ConfirmedBy || evs[0].Actor != tt.device {
				t.Fatalf("recorded %+v by %v", b, evs[0].Actor)
			}
		})
	}
}
