package setsafe

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// permissionWorld is the production with a location manager, a railroad
// set-up at the Lamy siding and a stage set-up.
func permissionWorld(t *testing.T) *world {
	w := newWorld(t)
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "lena", PersonDetails: PersonDetails{Name: "Lena"}, Roles: []Role{RoleLocationManager}})
	w.must("red-mesa", SystemActor("test"), AddPerson{ID: "sam", PersonDetails: PersonDetails{Name: "Sam"}, Roles: []Role{RoleSafetyCoordinator}})
	w.must("red-mesa", PersonActor("lena"), AddLocation{ID: "lamy", Name: "Lamy siding"})
	w.must("red-mesa", PersonActor("lena"), AddLocation{ID: "stage", Name: "Stage 2"})
	w.must("red-mesa", PersonActor("marcus"), PlanSetUp{ID: "train", Scene: "31", Name: "Scene 31: the train", Hazards: []string{gate.HazardRailroad}, LocationID: "lamy"})
	w.must("red-mesa", PersonActor("marcus"), PlanSetUp{ID: "cab", Scene: "32", Name: "Scene 32: the cab", Hazards: []string{gate.HazardRailroad}})
	return w
}

// grantTrack is the railroad's written permission for the train set-up.
func grantTrack(id string) GrantPermission {
	return GrantPermission{ID: id, Kind: "track_access", Issuer: "Santa Fe Southern Railway", Reference: "SFS-2021-114",
		ValidFrom: "2021-10-20", ValidUntil: "2021-10-22", SetUpIDs: []string{"train"}, Area: "Mile 3 to mile 4, both tracks"}
}

// TestPermissionsAreRecorded records permissions granted and refused and
// checks what is on record, and each one's state.
func TestPermissionsAreRecorded(t *testing.T) {
	denver, _ := time.LoadLocation("America/Denver")
	pdf := NewFile("application/pdf", []byte("%PDF-1.4 letter %%EOF"))
	tests := []struct {
		name  string
		by    string
		cmd   Command
		check func(t *testing.T, p *HazardPermission)
	}{
		{"granted for set-ups, by days on the set's clock", "lena", grantTrack("p1"), func(t *testing.T, p *HazardPermission) {
			if !p.ValidFrom.Equal(time.Date(2021, 10, 20, 0, 0, 0, 0, denver)) || !p.ValidUntil.Equal(time.Date(2021, 10, 23, 0, 0, 0, 0, denver)) {
				t.Errorf("valid %v to %v; want the 20th from its start to the 22nd at its end in Denver", p.ValidFrom, p.ValidUntil)
			}
			if p.SetUps != "train" || p.Refused || p.StateAt(t0) != PermissionStateInForce {
				t.Errorf("recorded %+v, %s", p, p.StateAt(t0))
			}
		}},
		{"granted for a location, from a time", "sam", GrantPermission{ID: "p1", Kind: "track_access", Issuer: "BNSF", ValidFrom: "2021-10-22T06:00:00-06:00",
			ValidUntil: "2021-10-22T18:00", LocationID: "lamy"}, func(t *testing.T, p *HazardPermission) {
			if p.LocationID != "lamy" || p.SetUps != "" || p.StateAt(t0) != PermissionStateNotYet || p.StateAt(t0.Add(72*time.Hour)) != PermissionStateExpired {
				t.Errorf("recorded %+v", p)
			}
			if !p.ValidUntil.Equal(time.Date(2021, 10, 22, 18, 0, 0, 0, denver)) {
				t.Errorf("until %v; want 18:00 on the set's clock", p.ValidUntil)
			}
		}},
		{"granted with its document", "dana", func() Command { c := grantTrack("p1"); c.Document = &pdf; return c }(), func(t *testing.T, p *HazardPermission) {
			if p.File != pdf.SHA256 {
				t.Errorf("document %q, want %q", p.File, pdf.SHA256)
			}
		}},
		{"refused", "luis", RefusePermission{ID: "p1", Kind: "track_access", Issuer: "Santa Fe Southern Railway", Reason: "Freight traffic that week",
			SetUpIDs: []string{"train", "cab", "train"}}, func(t *testing.T, p *HazardPermission) {
			if !p.Refused || p.Reason != "Freight traffic that week" || p.SetUps != "cab train" || p.StateAt(t0) != PermissionStateRefused {
				t.Errorf("recorded %+v", p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := permissionWorld(t)
			w.must("red-mesa", PersonActor(tt.by), tt.cmd)
			p := w.prod.HazardPermission("p1")
			if p == nil || len(w.prod.Permissions()) != 1 || len(w.prod.PermissionsOnRecord()) != 1 {
				t.Fatalf("on record: %v", w.prod.Permissions())
			}
			tt.check(t, p)
		})
	}
}

// TestPermissionProblems checks that a permission badly given is refused
// with the field to fix, and only those who record permissions record them.
func TestPermissionProblems(t *testing.T) {
	with := func(f func(*GrantPermission)) GrantPermission {
		c := grantTrack("p1")
		f(&c)
		return c
	}
	tests := []struct {
		name         string
		by           string
		cmd          Command
		code, field  string
		wantInDetail string
	}{
		{"an unknown kind lists the kinds", "lena", with(func(c *GrantPermission) { c.Kind = "rail" }), EInvalid, "kind", "track_access, aviation_waiver"},
		{"an unknown set-up", "lena", with(func(c *GrantPermission) { c.SetUpIDs = []string{"train", "bus"} }), EInvalid, "setup_ids", "no set-up bus"},
		{"an unknown location", "lena", with(func(c *GrantPermission) { c.SetUpIDs, c.LocationID = nil, "ranch" }), EInvalid, "location_id", "add the location"},
		{"set-ups and a location", "lena", with(func(c *GrantPermission) { c.LocationID = "lamy" }), EInvalid, "location_id", "one or the other"},
		{"neither set-ups nor a location", "lena", with(func(c *GrantPermission) { c.SetUpIDs = nil }), EInvalid, "setup_ids", "which set-ups"},
		{"until before from", "lena", with(func(c *GrantPermission) { c.ValidFrom, c.ValidUntil = "2021-10-22", "2021-10-20" }), EInvalid, "valid_until", "after valid_from"},
		{"no until", "lena", with(func(c *GrantPermission) { c.ValidUntil = "" }), EInvalid, "valid_until", "required"},
		{"until not a time", "lena", with(func(c *GrantPermission) { c.ValidUntil = "next week" }), EInvalid, "valid_until", "RFC 3339"},
		{"no issuer", "lena", with(func(c *GrantPermission) { c.Issuer = " " }), EInvalid, "issuer", "required"},
		{"a document that is not one", "lena", with(func(c *GrantPermission) { f := NewFile("text/plain", []byte("hi")); c.Document = &f }), EInvalid, "content_type", "PDF"},
		{"a refusal without its reason", "lena", RefusePermission{ID: "p1", Kind: "track_access", Issuer: "BNSF", LocationID: "lamy"}, EInvalid, "reason", "say why"},
		{"a refusal of an unknown kind", "lena", RefusePermission{ID: "p1", Kind: "x", Issuer: "BNSF", Reason: "No", LocationID: "lamy"}, EInvalid, "kind", "fire_permit"},
		{"by the 1st AD", "marcus", grantTrack("p1"), EForbidden, "", ""},
		{"by the cast", "jack", RefusePermission{ID: "p1", Kind: "track_access", Issuer: "BNSF", Reason: "No", LocationID: "lamy"}, EForbidden, "", ""},
		{"withdrawn by the cast", "jack", WithdrawPermission{ID: "p0", Reason: "Mistake"}, EForbidden, "", ""},
		{"withdrawn without a reason", "lena", WithdrawPermission{ID: "p0"}, EInvalid, "reason", "say why"},
		{"withdrawing one not on record", "lena", WithdrawPermission{ID: "nope", Reason: "Mistake"}, ENotFound, "", ""},
		{"the same ID twice", "lena", grantTrack("p0"), EConflict, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := permissionWorld(t)
			w.must("red-mesa", PersonActor("lena"), grantTrack("p0"))
			size := w.prod.Size
			_, err := w.run("red-mesa", PersonActor(tt.by), tt.cmd)
			if ErrorCode(err) != tt.code || w.prod.Size != size {
				t.Fatalf("want %s and nothing recorded, got %v", tt.code, err)
			}
			if tt.field == "" {
				return
			}
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Fields[tt.field], tt.wantInDetail) {
				t.Fatalf("want %s to say %q, got %v", tt.field, tt.wantInDetail, err)
			}
		})
	}
}

// TestGateReadsPermissions checks that the gate sees the permissions on
// record through SituationFor: a railroad set-up with track access refused
// is NO-GO on RR-2, and GO on RR-2 once it is granted after the refusal;
// a permission withdrawn is read no more.
func TestGateReadsPermissions(t *testing.T) {
	refusal := RefusePermission{ID: "no", Kind: "track_access", Issuer: "Santa Fe Southern Railway", Reason: "Freight traffic that week", LocationID: "lamy"}
	expired := grantTrack("old")
	expired.ValidFrom, expired.ValidUntil = "2021-10-01", "2021-10-02"
	tests := []struct {
		name     string
		records  []Command
		withdraw string
		go2      bool
		says     string
		// sameTime records them all at one time: the later entry counts.
		sameTime bool
	}{
		{"nothing on record", nil, "", false, "no railroad's written permission for track access covering it is on record", false},
		{"refused", []Command{refusal}, "", false, "Santa Fe Southern Railway refused", false},
		{"granted after a refusal", []Command{refusal, grantTrack("yes")}, "", true, "", false},
		{"granted after a refusal at the same time", []Command{refusal, grantTrack("yes")}, "", true, "", true},
		{"refused after a grant at the same time", []Command{grantTrack("yes"), refusal}, "", false, "Freight traffic", true},
		{"refused after a grant", []Command{grantTrack("yes"), refusal}, "", false, "Freight traffic that week", false},
		{"the refusal withdrawn", []Command{grantTrack("yes"), refusal}, "no", true, "", false},
		{"the grant withdrawn", []Command{grantTrack("yes")}, "yes", false, "no railroad's written permission", false},
		{"expired", []Command{expired}, "", false, "it is not in force now", false},
		{"for another set-up", []Command{func() Command { c := grantTrack("cab"); c.SetUpIDs = []string{"cab"}; return c }()}, "", false, "no railroad's", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := permissionWorld(t)
			for _, c := range tt.records {
				w.must("red-mesa", PersonActor("lena"), c)
				if !tt.sameTime {
					w.now = w.now.Add(time.Minute)
				}
			}
			if tt.withdraw != "" {
				evs := w.must("red-mesa", PersonActor("lena"), WithdrawPermission{ID: tt.withdraw, Reason: "Recorded against the wrong siding"})
				if evs[0].Corrects != w.prod.HazardPermission(tt.withdraw).RecordedSeq {
					t.Fatalf("the withdrawal corrects entry %d", evs[0].Corrects)
				}
			}
			sit, err := w.prod.SituationFor(w.now, gate.Action{})
			if err != nil {
				t.Fatal(err)
			}
			want := len(tt.records)
			if tt.withdraw != "" {
				want--
			}
			if len(sit.Permissions) != want {
				t.Fatalf("the gate reads %d permissions, want %d", len(sit.Permissions), want)
			}
			v := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: "marcus", SetUp: w.prod.GateSetUp("train")})
			failed := slices.Contains(v.Rules(), "RR-2")
			if failed == tt.go2 {
				t.Fatalf("RR-2 failed: %v; want %v: %v", failed, !tt.go2, v)
			}
			if tt.says != "" && !strings.Contains(v.String(), tt.says) {
				t.Fatalf("the verdict does not say %q: %v", tt.says, v)
			}
		})
	}
}

// TestPermissionDocumentAttachedLater attaches a permission's document
// after it is recorded, as those who record permissions may.
func TestPermissionDocumentAttachedLater(t *testing.T) {
	w := permissionWorld(t)
	w.must("red-mesa", PersonActor("lena"), grantTrack("p1"))
	pdf := NewFile("application/pdf", []byte("%PDF-1.4 letter %%EOF"))
	if _, err := w.run("red-mesa", PersonActor("marcus"), AttachFile{Subject: SubjectHazardPermission, SubjectID: "p1", File: pdf}); ErrorCode(err) != EForbidden {
		t.Fatalf("the 1st AD attached a permission's document: %v", err)
	}
	w.must("red-mesa", PersonActor("lena"), AttachFile{Subject: SubjectHazardPermission, SubjectID: "p1", File: pdf})
	if got := w.prod.HazardPermission("p1").File; got != pdf.SHA256 {
		t.Fatalf("document %q, want %q", got, pdf.SHA256)
	}
}
