package http

import (
	"context"
	"crypto/rand"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
)

// ReadLadder reads the production's ladder and clocks for a caller who
// may see them, for the API and the escalation page.
func (s *Server) ReadLadder(r *http.Request) (setsafe.Access, *setsafe.State, LadderView, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return setsafe.Access{}, nil, LadderView{}, err
	}
	a, err := s.Require(r, pid, setsafe.PermViewConcerns)
	if err != nil {
		return a, nil, LadderView{}, err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return a, nil, LadderView{}, err
	}
	view, err := s.ladderView(r.Context(), st)
	return a, st, view, err
}

// KeepWebhookSecret records who set a webhook secret in the ledger and
// stores the secret beside it, in one transaction, making one when req has
// none, for the API and the escalation page; the secret is shown in the
// answer only.
func (s *Server) KeepWebhookSecret(r *http.Request, req WebhookSecretRequest) (WebhookSecretResult, error) {
	// A server without an outbox sends no webhooks: no secret to record.
	if _, err := s.notifications(); err != nil {
		return WebhookSecretResult{}, err
	}
	secret := req.Secret
	if secret == "" {
		secret = rand.Text() + rand.Text()
	}
	_, evs, err := s.Act(r, setsafe.SetWebhookSecret{Rung: req.Rung, Secret: secret})
	if err != nil {
		return WebhookSecretResult{}, err
	}
	return WebhookSecretResult{Rung: req.Rung, Secret: secret, Recorded: Recorded(evs)}, nil
}

// InboxOf returns the newest notifications, up to limit, that the caller
// with access a reads in the production whose state is st.
func (s *Server) InboxOf(r *http.Request, a setsafe.Access, st *setsafe.State, limit int) ([]setsafe.Notification, error) {
	list, _, err := s.InboxAfter(r, a, st, ListPart{Limit: limit})
	return list, err
}

// DeliveryLog returns the production and the outbox for a caller who may
// read its e-mails and webhooks, for the API and the delivery log page.
func (s *Server) DeliveryLog(r *http.Request) (string, Notifications, error) {
	pid, err := ProductionID(r)
	if err != nil {
		return "", nil, err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewConcerns); err != nil {
		return "", nil, err
	}
	n, err := s.notifications()
	return pid, n, err
}

// notifications returns the outbox, or an error when the server has none.
func (s *Server) notifications() (Notifications, error) {
	if s.Config.Notifications == nil {
		return nil, setsafe.Errorf(setsafe.EUnavailable, "This server keeps no notifications.")
	}
	return s.Config.Notifications, nil
}

// ladderView says a production's ladder and clocks.
func (s *Server) ladderView(ctx context.Context, st *setsafe.State) (LadderView, error) {
	n, err := s.notifications()
	if err != nil {
		return LadderView{}, err
	}
	secrets, err := n.WebhookSecrets(ctx, st.Ledger)
	if err != nil {
		return LadderView{}, err
	}
	view := LadderView{Rungs: []RungView{}, Clocks: []setsafe.ConcernClock{}, ProductionSecret: slices.Contains(secrets, "")}
	for _, rg := range st.Ladder() {
		v := RungView{Rung: rg.Rung, Position: rg.Position, People: []PersonRef{}, Contact: rg.Contact, Email: rg.Email, Webhook: rg.Webhook,
			FromRoles: rg.LastSeq == 0, OwnSecret: slices.Contains(secrets, rg.Rung)}
		for _, id := range rg.PersonIDs() {
			ref := PersonRef{ID: id}
			if p := st.Person(id); p != nil {
				ref.Name = p.Name
			}
			v.People = append(v.People, ref)
		}
		view.Rungs = append(view.Rungs, v)
	}
	for _, sev := range setsafe.Severities {
		view.Clocks = append(view.Clocks, st.Clock(sev))
	}
	return view, nil
}
