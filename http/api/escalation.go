package api

import (
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

const tagEscalation = "Escalation and notifications"

func (s *handlers) escalationRoutes() []route {
	const prod = "/api/v1/productions/{production}"
	return []route{
		{method: "GET", path: prod + "/escalation", tag: tagEscalation, summary: "The escalation ladder and the clocks of each severity.", signedIn: true,
			response: sshttp.LadderView{}, handle: s.getLadder},
		{method: "PUT", path: prod + "/escalation", tag: tagEscalation, summary: "Set who stands on the rungs of the ladder and how long each step may take; what is left out keeps its value.", signedIn: true,
			body: sshttp.LadderRequest{}, response: sshttp.LadderView{}, handle: decoded(s.setLadder),
			example: sshttp.LadderRequest{Rungs: []setsafe.LadderRungSetting{{Rung: setsafe.RungStudioSafety, Contact: "Studio safety desk", Email: "safety@studio.example.com"},
				{Rung: setsafe.RungUnion, Contact: "IATSE Local 480", Webhook: "https://hooks.local480.example.org/setsafe"}},
				Clocks: []setsafe.ClockSetting{{Severity: setsafe.SeverityCritical, AcknowledgeMinutes: 15, ResolveMinutes: 120}}}},
		{method: "PUT", path: prod + "/escalation/webhook-secret", tag: tagEscalation, summary: "Set the secret that signs webhook requests (a rung's, or the production's); it is shown in this answer only.", signedIn: true,
			body: sshttp.WebhookSecretRequest{}, response: sshttp.WebhookSecretResult{}, handle: decoded(s.setWebhookSecret), example: sshttp.WebhookSecretRequest{Rung: setsafe.RungUnion}},
		{method: "GET", path: prod + "/notifications", tag: tagEscalation, summary: "Your notifications in this production, newest first.", signedIn: true,
			response: sshttp.InboxView{}, handle: s.inbox, query: partQuery},
		{method: "GET", path: prod + "/notifications/deliveries", tag: tagEscalation, summary: "The e-mails and webhooks sent, waiting or failed, with every attempt.", signedIn: true,
			response: sshttp.DeliveriesView{}, handle: s.deliveries, query: partQuery},
	}
}

func (s *handlers) getLadder(w http.ResponseWriter, r *http.Request) error {
	return s.answerLadder(w, r, nil)
}

func (s *handlers) answerLadder(w http.ResponseWriter, r *http.Request, evs []setsafe.Event) error {
	_, _, view, err := s.ReadLadder(r)
	if err != nil {
		return err
	}
	if evs != nil {
		view.Recorded = sshttp.Recorded(evs)
	}
	sshttp.WriteJSON(w, http.StatusOK, view)
	return nil
}

func (s *handlers) setLadder(w http.ResponseWriter, r *http.Request, req sshttp.LadderRequest) error {
	_, evs, err := s.Act(r, req.Command())
	if err != nil {
		return err
	}
	if evs == nil {
		evs = []setsafe.Event{}
	}
	return s.answerLadder(w, r, evs)
}

func (s *handlers) setWebhookSecret(w http.ResponseWriter, r *http.Request, req sshttp.WebhookSecretRequest) error {
	res, err := s.KeepWebhookSecret(r, req)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, res)
	return nil
}

func (s *handlers) inbox(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	a, err := s.Require(r, pid, setsafe.PermViewProduction)
	if err != nil {
		return err
	}
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	st, err := s.Config.Armory.LedgerState(r.Context(), pid)
	if err != nil {
		return err
	}
	got, next, err := s.InboxAfter(r, a, st, part)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.InboxView{Notifications: append([]setsafe.Notification{}, got...), NextCursor: next})
	return nil
}

func (s *handlers) deliveries(w http.ResponseWriter, r *http.Request) error {
	pid, n, err := s.DeliveryLog(r)
	if err != nil {
		return err
	}
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	got, next, err := n.DeliveriesAfter(r.Context(), pid, part.Cursor, part.Limit)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.DeliveriesView{Deliveries: got, NextCursor: next})
	return nil
}
