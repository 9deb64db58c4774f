package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/dashboard"
	"github.com/setsafe/setsafe/incident"
)

// StudioHistory writes productions productions with days days of safety
// history each, one day after another on the environment's clock: every
// day two concerns (one acknowledged 20 minutes later), a refused attempt
// (FA-4), and every third day an incident with a corrective action and a
// stop-work. It returns the production IDs.
func StudioHistory(tb testing.TB, e *Env, productions, days int) []string {
	tb.Helper()
	ids := make([]string, productions)
	people := make([]map[string]string, productions)
	for i := range ids {
		ids[i] = fmt.Sprintf("studio-%03d", i)
		MustAppend(tb, e.DB, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: ids[i], Name: fmt.Sprintf("Production %d", i), TimeZone: "America/Denver"}))
		people[i] = map[string]string{}
		req := setsafe.Request{Actor: Operator}
		for _, role := range []setsafe.Role{setsafe.RoleProducer, setsafe.RoleArmorer, setsafe.RoleCrew} {
			id := setsafe.NewID()
			people[i][string(role)] = id
			req.Steps = append(req.Steps, setsafe.Step{Ledger: ids[i], Command: setsafe.AddPerson{ID: id, Roles: []setsafe.Role{role},
				PersonDetails: setsafe.PersonDetails{Name: string(role) + " " + ids[i]}}})
		}
		MustAppend(tb, e.DB, req)
	}
	for d := range days {
		e.Clock.Set(Epoch.AddDate(0, 0, d).Add(15 * time.Hour))
		err := appendMany(e.DB, productions, func(i int) setsafe.Request {
			crew := setsafe.PersonActor(people[i]["crew"])
			c1, c2 := setsafe.NewID(), setsafe.NewID()
			steps := []setsafe.Command{
				setsafe.RaiseConcern{ID: c1, Category: setsafe.CategoryOther, Severity: setsafe.SeverityHigh, Description: "Cable across the door", Mode: setsafe.ReportNamed},
				setsafe.RaiseConcern{ID: c2, Category: setsafe.CategoryFatigue, Severity: setsafe.SeverityNormal, Description: "Long day", Mode: setsafe.ReportNamed},
			}
			req := setsafe.Request{Actor: crew}
			for _, c := range steps {
				req.Steps = append(req.Steps, setsafe.Step{Ledger: ids[i], Command: c})
			}
			return req
		})
		if err != nil {
			tb.Fatal(err)
		}
		e.Clock.Advance(20 * time.Minute)
		if d%3 == 0 {
			// An incident, and then its action and a stop-work: a
			// request's steps are decided on the state before it.
			opened := make([]string, productions)
			for step := range 2 {
				err = appendMany(e.DB, productions, func(i int) setsafe.Request {
					producer := setsafe.PersonActor(people[i]["producer"])
					if step == 0 {
						opened[i] = setsafe.NewID()
						return setsafe.On(ids[i], producer, incident.OpenIncident{ID: opened[i], Details: incident.Details{Kind: incident.Kinds[d%len(incident.Kinds)]}})
					}
					req := setsafe.Request{Actor: producer}
					for _, c := range []setsafe.Command{
						incident.PlanAction{ID: setsafe.NewID(), IncidentID: opened[i], What: "Fix it", Owner: people[i]["crew"], Due: e.Clock.Now().AddDate(0, 0, 2).Format(time.DateOnly)},
						setsafe.CallStopWork{ID: setsafe.NewID(), Scope: "production", Reason: "Wind"},
					} {
						req.Steps = append(req.Steps, setsafe.Step{Ledger: ids[i], Command: c})
					}
					return req
				})
				if err != nil {
					tb.Fatal(err)
				}
			}
		}
		err = appendManyAllowing(e.DB, productions, func(i int) setsafe.Request {
			return setsafe.On(ids[i], setsafe.PersonActor(people[i]["producer"]), setsafe.GrantRole{PersonID: people[i]["armorer"], Role: setsafe.RolePropertyMaster})
		}, setsafe.ERefused)
		if err != nil {
			tb.Fatal(err)
		}
	}
	return ids
}

// BenchStudio measures the studio's view over the productions StudioHistory
// wrote, counting their last days days.
func BenchStudio(b *testing.B, e *Env, ids []string, days int) {
	ctx := context.Background()
	now := e.Clock.Now()
	var v dashboard.Studio
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var err error
		if v, err = dashboard.ForStudio(ctx, e.DB, ids, days, now); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if len(v.Productions) != len(ids) || v.All.Concerns[setsafe.SeverityHigh] == 0 {
		b.Fatalf("studio view of %d productions: %+v", len(v.Productions), v.All)
	}
}
