package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[StudioAccessGranted](1, "Studio view across productions granted")
	register[StudioAccessRevoked](1, "Studio view across productions taken away")
}

// StudioAccessGranted records a site administrator granting an account the
// studio's view across productions, in a capacity, over the productions
// listed (or AllProductions); it replaces any earlier grant.
type StudioAccessGranted struct {
	AccountID   string   `json:"account_id"`
	Capacity    string   `json:"capacity"`
	Productions []string `json:"productions"`
}

// EventType implements Body.
func (*StudioAccessGranted) EventType() string { return "studio.access_granted" }

func (*StudioAccessGranted) siteEvent() {}

func (b *StudioAccessGranted) apply(s *State, e Event) error {
	if s.Account(b.AccountID) == nil {
		return fmt.Errorf("account %s does not exist", b.AccountID)
	}
	s.put(&StudioAccess{AccountID: b.AccountID, Capacity: b.Capacity, Productions: strings.Join(b.Productions, " "),
		GrantedBy: e.Actor.String(), GrantedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *StudioAccessGranted) refers() References { return References{} }

// StudioAccessRevoked records an account's studio view taken away.
type StudioAccessRevoked struct {
	AccountID string `json:"account_id"`
	Reason    string `json:"reason"`
}

// EventType implements Body.
func (*StudioAccessRevoked) EventType() string { return "studio.access_revoked" }

func (*StudioAccessRevoked) siteEvent() {}

func (b *StudioAccessRevoked) apply(s *State, e Event) error {
	v := s.StudioAccessOf(b.AccountID)
	if v == nil {
		return fmt.Errorf("account %s has no studio view", b.AccountID)
	}
	s.remove(v)
	return nil
}

func (b *StudioAccessRevoked) refers() References { return References{} }
