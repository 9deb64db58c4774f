package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// startDay readies a production for the day's firearm work, as the 1st AD
// and the armorer do each morning: the safety meeting with the attendance
// of the 1st AD, the armorer and the performers, the day's set-ups, the
// shot plan for the shot toward camera, stop-works left over lifted, and
// the revolver out of the safe and loaded with dummies. A day prepared
// already is not prepared again. It returns the production with the day's
// set-ups, and fails unless the gate would let the armorer issue the
// revolver once it is shown clear.
func (p *preparer) startDay(ctx context.Context, server string, pr *production) (*production, error) {
	q := *pr
	prod := "/api/v1/productions/" + q.ID
	var today sshttp.DayView
	if err := p.call(ctx, server, p.admin, "GET", prod+"/today", nil, http.StatusOK, &today); err != nil {
		return nil, err
	}
	planned := func(id string) bool {
		return slices.ContainsFunc(today.SetUps, func(u sshttp.SetUpView) bool { return u.ID == id })
	}
	if today.Day != q.Day || !planned(q.SetUps.Church) || !planned(q.SetUps.Saloon) || !planned(q.SetUps.Fall) {
		var meeting sshttp.RecordedResult
		if err := p.call(ctx, server, p.admin, "POST", prod+"/meetings", sshttp.MeetingRequest{Topics: []string{"Safety Bulletin #4: stunts",
			"Walk-through of the church set"}, Hazards: []string{"firearms", "stunts"}, CoveredTopics: gate.TopicIDs(gate.HazardFirearms, nil), WalkThrough: true},
			http.StatusCreated, &meeting); err != nil {
			return nil, err
		}
		for _, who := range append([]member{q.FirstAD, q.Armorer}, q.Performers...) {
			if err := p.call(ctx, server, p.admin, "POST", prod+"/meetings/"+meeting.ID+"/attendance", sshttp.AttendanceRequest{PersonID: who.ID, PIN: who.PIN},
				http.StatusOK, nil); err != nil {
				return nil, err
			}
		}
		for _, u := range []struct {
			id  *string
			req sshttp.SetUpRequest
		}{
			{&q.SetUps.Church, sshttp.SetUpRequest{Scene: "14", Name: "Scene 14: the church, toward camera", Hazards: []string{"firearms"}, TowardPeople: true}},
			{&q.SetUps.Saloon, sshttp.SetUpRequest{Scene: "16", Name: "Scene 16: saloon shoot-out", Hazards: []string{"firearms"}}},
			{&q.SetUps.Fall, sshttp.SetUpRequest{Scene: "17", Name: "Scene 17: fall from the bell tower", Hazards: []string{"stunts", "heights"}}},
		} {
			var res sshttp.RecordedResult
			if err := p.call(ctx, server, p.admin, "POST", prod+"/setups", u.req, http.StatusCreated, &res); err != nil {
				return nil, err
			}
			*u.id = res.ID
		}
		if err := p.call(ctx, server, q.Armorer.Token, "PUT", prod+"/setups/"+q.SetUps.Church+"/shot-plan", sshttp.ShotPlanRequest{Shields: true,
			MinimumDistance: true, RemoteCamera: true, PeopleCleared: true, Notes: "Lexan shield; camera on a remote head"}, http.StatusOK, nil); err != nil {
			return nil, err
		}
		q.Day = today.Day
	}
	for _, sw := range today.StopWorks {
		if err := p.call(ctx, server, q.Safety.Token, "POST", prod+"/stop-works/"+sw.ID+"/lift", sshttp.LiftRequest{Resolution: "Left over from an earlier run"},
			http.StatusOK, nil); err != nil {
			return nil, err
		}
	}

	if err := p.armorerHolds(ctx, server, &q); err != nil {
		return nil, err
	}
	var v sshttp.VerdictView
	if err := p.call(ctx, server, q.Armorer.Token, "POST", prod+"/firearms/"+q.Firearm+"/check", sshttp.CheckRequest{Action: "handover",
		To: q.Performers[0].ID, SetUpID: q.SetUps.Church}, http.StatusOK, &v); err != nil {
		return nil, err
	}
	// The revolver is shown clear just before each issue (FA-6); nothing
	// else may stand in the way.
	var reasons []string
	for _, r := range v.Reasons {
		if r.Rule != gate.FA6 {
			reasons = append(reasons, r.Message)
		}
	}
	if len(reasons) > 0 {
		return nil, fmt.Errorf("production %s: the gate would not let the armorer issue the revolver: %s", q.ID, strings.Join(reasons, "; "))
	}
	return &q, nil
}

// armorerHolds brings the revolver into the armorer's hands, loaded with
// dummies: out of the safe, or back from a performer who kept it when an
// earlier run stopped.
func (p *preparer) armorerHolds(ctx context.Context, server string, q *production) error {
	prod := "/api/v1/productions/" + q.ID
	f, err := p.firearm(ctx, server, q)
	if err != nil {
		return err
	}
	fa := prod + "/firearms/" + q.Firearm
	switch {
	case f.Store != "":
		if err := p.call(ctx, server, q.Armorer.Token, "POST", fa+"/unsecure", nil, http.StatusOK, nil); err != nil {
			return err
		}
	case f.Custodian != q.Armorer.ID:
		if err := p.takeBack(ctx, server, q, f.Custodian); err != nil {
			return err
		}
	}
	if f.LoadedRounds == 0 {
		// Loaded only once the saloon is called standing by (FA-8).
		if err := p.call(ctx, server, p.admin, "POST", prod+"/setups/"+q.SetUps.Saloon+"/state", sshttp.SetUpStateRequest{State: "standing_by"},
			http.StatusOK, nil); err != nil {
			return err
		}
		return p.call(ctx, server, q.Armorer.Token, "POST", fa+"/load", sshttp.LoadRequest{LotID: q.Lot, Rounds: 6, SetUpID: q.SetUps.Saloon}, http.StatusOK, nil)
	}
	return nil
}

// wrap ends the day's work: the revolver back from whoever holds it,
// unloaded and locked in the safe.
func (p *preparer) wrap(ctx context.Context, server string, q *production) error {
	f, err := p.firearm(ctx, server, q)
	if err != nil {
		return err
	}
	fa := "/api/v1/productions/" + q.ID + "/firearms/" + q.Firearm
	if f.Store != "" {
		return nil
	}
	if f.Custodian != q.Armorer.ID {
		if err := p.takeBack(ctx, server, q, f.Custodian); err != nil {
			return err
		}
	}
	if f.LoadedRounds > 0 {
		if err := p.call(ctx, server, q.Armorer.Token, "POST", fa+"/unload", sshttp.UnloadRequest{Fired: 0}, http.StatusOK, nil); err != nil {
			return err
		}
	}
	return p.call(ctx, server, q.Armorer.Token, "POST", fa+"/secure", sshttp.StoreRequest{Store: "Armory truck safe"}, http.StatusOK, nil)
}

// takeBack has the armorer take the revolver back from the performer who
// holds it, the performer and the armorer each with their own PIN.
func (p *preparer) takeBack(ctx context.Context, server string, q *production, holder string) error {
	i := slices.IndexFunc(q.Performers, func(m member) bool { return m.ID == holder })
	if i < 0 {
		return fmt.Errorf("production %s: the revolver is with %s, who is none of the performers", q.ID, holder)
	}
	return p.call(ctx, server, q.Armorer.Token, "POST", "/api/v1/productions/"+q.ID+"/firearms/"+q.Firearm+"/handover",
		sshttp.HandOverRequest{From: holder, GiverPIN: q.Performers[i].PIN, ReceiverPIN: q.Armorer.PIN}, http.StatusOK, nil)
}

// firearm reads the revolver from the armory.
func (p *preparer) firearm(ctx context.Context, server string, q *production) (*setsafe.Firearm, error) {
	var f sshttp.FirearmView
	if err := p.call(ctx, server, q.Armorer.Token, "GET", "/api/v1/productions/"+q.ID+"/firearms/"+q.Firearm, nil, http.StatusOK, &f); err != nil {
		return nil, err
	}
	if f.Firearm == nil {
		return nil, fmt.Errorf("production %s: the armory does not show the revolver %s", q.ID, q.Firearm)
	}
	return f.Firearm, nil
}

// dayLeft returns how long the production's day has left, in its time
// zone.
func dayLeft(pr *production, now time.Time) (time.Duration, error) {
	loc, err := time.LoadLocation(pr.TimeZone)
	if err != nil {
		return 0, err
	}
	t := now.In(loc)
	midnight := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
	return midnight.Sub(now), nil
}
