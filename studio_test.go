package setsafe

import (
	"slices"
	"testing"
)

// TestStudioAccess: a site administrator grants an account the studio's
// view over named productions or all of them, and takes it away.
func TestStudioAccess(t *testing.T) {
	w := newWorld(t)
	admin := AccountActor("admin")
	w.must(SiteLedger, SystemActor("test"), registerProduction{ID: "dust-devil"})
	tests := []struct {
		name  string
		actor Actor
		c     GrantStudioAccess
		code  string
		want  []string
	}{
		{"not a site administrator", AccountActor("rosa"), GrantStudioAccess{AccountID: "rosa", Capacity: StudioInsurer, Productions: []string{"red-mesa"}}, EForbidden, nil},
		{"an unknown capacity", admin, GrantStudioAccess{AccountID: "rosa", Capacity: "auditor", Productions: []string{"red-mesa"}}, EInvalid, nil},
		{"no production", admin, GrantStudioAccess{AccountID: "rosa", Capacity: StudioInsurer}, EInvalid, nil},
		{"a production not on the site", admin, GrantStudioAccess{AccountID: "rosa", Capacity: StudioInsurer, Productions: []string{"rust"}}, EInvalid, nil},
		{"all and one more", admin, GrantStudioAccess{AccountID: "rosa", Capacity: StudioInsurer, Productions: []string{"*", "red-mesa"}}, EInvalid, nil},
		{"one production", admin, GrantStudioAccess{AccountID: "rosa", Capacity: StudioInsurer, Productions: []string{"red-mesa"}}, "", []string{"red-mesa"}},
		{"every production", admin, GrantStudioAccess{AccountID: "rosa", Capacity: StudioSafety, Productions: []string{AllProductions}}, "", []string{"dust-devil", "red-mesa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.run(SiteLedger, tt.actor, tt.c)
			if ErrorCode(err) != tt.code {
				t.Fatalf("want %q, got %v", tt.code, err)
			}
			if tt.code == "" && !slices.Equal(w.site.StudioProductions("rosa"), tt.want) {
				t.Fatalf("spans %v, want %v", w.site.StudioProductions("rosa"), tt.want)
			}
		})
	}
	w.must(SiteLedger, admin, RevokeStudioAccess{AccountID: "rosa", Reason: "Policy ended"})
	if got := w.site.StudioProductions("rosa"); got != nil {
		t.Fatalf("after revoking: %v", got)
	}
}
