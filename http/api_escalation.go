package http

import (
	"context"
	"crypto/rand"
	"net/http"
	"slices"

	"github.com/setsafe/setsafe"
)

const tagEscalation = "Escalation and notifications"

// LadderRequest sets the escalation ladder and clocks; rungs and
// severities left out keep what they had.
type LadderRequest struct {
	Rungs  []setsafe.LadderRungSetting `json:"rungs,omitempty"`
	Clocks []setsafe.ClockSetting      `json:"clocks,omitempty"`
}

// PersonRef names a person of the production.
type PersonRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// RungView is one rung of the ladder: the people on it and its outside
// contact.
type RungView struct {
	Rung     string      `json:"rung"`
	Position int64       `json:"position"`
	People   []PersonRef `json:"people"`
	Contact  string      `json:"contact,omitempty"`
	Email    string      `json:"email,omitempty"`
	Webhook  string      `json:"webhook,omitempty"`
	// FromRoles is true when the production did not set the rung: it holds
	// the people with its role.
	FromRoles bool `json:"from_roles"`
	// OwnSecret says whether the rung's webhook has a secret of its own
	// rather than the production's.
	OwnSecret bool `json:"own_secret"`
}

// LadderView is the production's escalation ladder, lowest rung first,
// and how long each step of a concern may take by severity.
type LadderView struct {
	Rungs  []RungView             `json:"rungs"`
	Clocks []setsafe.ConcernClock `json:"clocks"`
	// ProductionSecret says whether the production has a webhook secret.
	ProductionSecret bool           `json:"production_secret"`
	Recorded         []RecordedView `json:"recorded,omitempty"`
}

// WebhookSecretRequest sets the secret that signs webhook requests: a
// rung's own, or the production's when rung is left out. Leave secret out
// to have setsafe make one.
type WebhookSecretRequest struct {
	Rung   string `json:"rung,omitempty"`
	Secret string `json:"secret,omitempty"`
}

// WebhookSecretResult shows a webhook secret once, when it is set, and
// the entry that records who set it (without the secret).
type WebhookSecretResult struct {
	Rung     string         `json:"rung,omitempty"`
	Secret   string         `json:"secret"`
	Recorded []RecordedView `json:"recorded"`
}

// InboxView is the signed-in person's notifications, newest first.
type InboxView struct {
	Notifications []setsafe.Notification `json:"notifications"`
}

// DeliveriesView is the production's e-mails and webhooks, newest first,
// each with every attempt to send it.
type DeliveriesView struct {
	Deliveries []setsafe.Delivery `json:"deliveries"`
}

func (s *Server) escalationRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	limit := []queryParam{{name: "limit", description: "At most this many, 1 to 1000 (default 100).", schema: wholeFrom(1, 1000)}}
	return []route{
		{method: "GET", path: prod + "/escalation", tag: tagEscalation, summary: "The escalation ladder and the clocks of each severity.", signedIn: true,
			response: LadderView{}, handle: s.getLadder},
		{method: "PUT", path: prod + "/escalation", tag: tagEscalation, summary: "Set who stands on the rungs of the ladder and how long each step may take; what is left out keeps its value.", signedIn: true,
			body: LadderRequest{}, response: LadderView{}, handle: decoded(s.setLadder),
			example: LadderRequest{Rungs: []setsafe.LadderRungSetting{{Rung: setsafe.RungStudioSafety, Contact: "Studio safety desk", Email: "safety@studio.example.com"},
				{Rung: setsafe.RungUnion, Contact: "IATSE Local 480", Webhook: "https://hooks.local480.example.org/setsafe"}},
				Clocks: []setsafe.ClockSetting{{Severity: setsafe.SeverityCritical, AcknowledgeMinutes: 15, ResolveMinutes: 120}}}},
		{method: "PUT", path: prod + "/escalation/webhook-secret", tag: tagEscalation, summary: "Set the secret that signs webhook requests (a rung's, or the production's); it is shown in this answer only.", signedIn: true,
			body: WebhookSecretRequest{}, response: WebhookSecretResult{}, handle: decoded(s.setWebhookSecret), example: WebhookSecretRequest{Rung: setsafe.RungUnion}},
		{method: "GET", path: prod + "/notifications", tag: tagEscalation, summary: "Your notifications in this production, newest first.", signedIn: true,
			response: InboxView{}, handle: s.inbox, query: limit},
		{method: "GET", path: prod + "/notifications/deliveries", tag: tagEscalation, summary: "The e-mails and webhooks sent, waiting or failed, with every attempt.", signedIn: true,
			response: DeliveriesView{}, handle: s.deliveries, query: limit},
	}
}

// notifications returns the outbox, or an error when the server has none.
func (s *Server) notifications() (Notifications, error) {
	if s.cfg.Notifications == nil {
		return nil, setsafe.Errorf(setsafe.EUnavailable, "This server keeps no notifications.")
	}
	return s.cfg.Notifications, nil
}

func (s *Server) getLadder(w http.ResponseWriter, r *http.Request) error {
	return s.answerLadder(w, r, nil)
}

func (s *Server) answerLadder(w http.ResponseWriter, r *http.Request, evs []setsafe.Event) error {
	_, _, view, err := s.readLadder(r)
	if err != nil {
		return err
	}
	if evs != nil {
		view.Recorded = recorded(evs)
	}
	writeJSON(w, http.StatusOK, view)
	return nil
}

// readLadder reads the production's ladder and clocks for a caller who
// may see them, for the API and the escalation page.
func (s *Server) readLadder(r *http.Request) (setsafe.Access, *setsafe.State, LadderView, error) {
	pid, err := productionID(r)
	if err != nil {
		return setsafe.Access{}, nil, LadderView{}, err
	}
	a, err := s.require(r, pid, setsafe.PermViewConcerns)
	if err != nil {
		return a, nil, LadderView{}, err
	}
	st, err := s.cfg.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return a, nil, LadderView{}, err
	}
	view, err := s.ladderView(r.Context(), st)
	return a, st, view, err
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

func (s *Server) setLadder(w http.ResponseWriter, r *http.Request, req LadderRequest) error {
	_, evs, err := s.act(r, setsafe.SetLadder{Rungs: req.Rungs, Clocks: req.Clocks})
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []setsafe.Event{}
	}
	return s.answerLadder(w, r, evs)
}

func (s *Server) setWebhookSecret(w http.ResponseWriter, r *http.Request, req WebhookSecretRequest) error {
	res, err := s.keepWebhookSecret(r, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// keepWebhookSecret records who set a webhook secret in the ledger and
// stores the secret beside it, in one transaction, making one when req has
// none, for the API and the escalation page; the secret is shown in the
// answer only.
func (s *Server) keepWebhookSecret(r *http.Request, req WebhookSecretRequest) (WebhookSecretResult, error) {
	// A server without an outbox sends no webhooks: no secret to record.
	if _, err := s.notifications(); err != nil {
		return WebhookSecretResult{}, err
	}
	secret := req.Secret
	if secret == "" {
		secret = rand.Text() + rand.Text()
	}
	_, evs, err := s.act(r, setsafe.SetWebhookSecret{Rung: req.Rung, Secret: secret})
	if err != nil {
		return WebhookSecretResult{}, err
	}
	return WebhookSecretResult{Rung: req.Rung, Secret: secret, Recorded: recorded(evs)}, nil
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	pid, err := productionID(r)
	if err != nil {
		return err
	}
	a, err := s.require(r, pid, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	st, err := s.cfg.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return err
	}
	got, err := s.inboxOf(r, a, st, int(limit))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, InboxView{Notifications: append([]setsafe.Notification{}, got...)})
	return nil
}

// inboxOf returns the newest notifications, up to limit, that the caller
// with access a reads in the production whose state is st.
func (s *Server) inboxOf(r *http.Request, a setsafe.Access, st *setsafe.State, limit int) ([]setsafe.Notification, error) {
	if a.PersonID == "" {
		return nil, nil
	}
	n, err := s.notifications()
	if err != nil {
		return nil, err
	}
	return n.Inbox(r.Context(), st.Ledger, s.inboxesOf(a, st), limit)
}

func (s *Server) deliveries(w http.ResponseWriter, r *http.Request) error {
	pid, n, err := s.deliveryLog(r)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	got, err := n.Deliveries(r.Context(), pid, int(limit))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, DeliveriesView{Deliveries: got})
	return nil
}

// deliveryLog returns the production and the outbox for a caller who may
// read its e-mails and webhooks, for the API and the delivery log page.
func (s *Server) deliveryLog(r *http.Request) (string, Notifications, error) {
	pid, err := productionID(r)
	if err != nil {
		return "", nil, err
	}
	if _, err := s.require(r, pid, setsafe.PermViewConcerns); err != nil {
		return "", nil, err
	}
	n, err := s.notifications()
	return pid, n, err
}
