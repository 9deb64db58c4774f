package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/storagetest"
)

// BenchmarkMemoryPerProduction measures what each active production adds
// to the server's live heap: productions of 300 people (an armorer, a 1st
// AD, 40 performers with their training, the rest crew) with 20 firearms
// and the day's meeting, each written to and read as a set's tablets and
// phones do (a hand-off, a person's change, Today's situation), with
// 10 and 100 of them active at once. The heap is measured after a
// collection, so it is what is kept, not garbage waiting.
func BenchmarkMemoryPerProduction(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("productions=%d", n), func(b *testing.B) {
			for b.Loop() {
				db, _ := benchDB(b, nil)
				ctx := context.Background()
				before := liveHeap()
				prods := make([]memoryProduction, n)
				errs := make([]error, n)
				var wg sync.WaitGroup
				for i := range prods {
					// Only this goroutine may end the benchmark: the others
					// hand their errors back.
					wg.Go(func() { prods[i], errs[i] = newMemoryProduction(db, fmt.Sprintf("show-%03d", i)) })
					if i%8 == 7 {
						wg.Wait()
					}
				}
				wg.Wait()
				if err := errors.Join(errs...); err != nil {
					b.Fatal(err)
				}
				var kept int64
				for round := range 3 {
					for _, p := range prods {
						p.work(b, db, round)
						st, err := db.LedgerState(ctx, p.id)
						if err != nil {
							b.Fatal(err)
						}
						if _, err := st.SituationFor(st.DecisionTime(time.Now()), gate.Action{From: p.armorer}); err != nil {
							b.Fatal(err)
						}
						if round == 2 {
							kept += st.Bytes()
						}
					}
				}
				heap := liveHeap() - before
				b.ReportMetric(float64(heap)/(1<<20), "live-heap-MB")
				b.ReportMetric(float64(heap)/float64(n)/(1<<10), "heap-kB/production")
				b.ReportMetric(float64(kept)/float64(n)/(1<<10), "estimate-kB/production")
				runtime.KeepAlive(db)
			}
		})
	}
}

// liveHeap returns the bytes of heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// memoryProduction is one production of the memory benchmark.
type memoryProduction struct {
	id, armorer, firstAD string
	performers, firearms []string
}

// newMemoryProduction writes a production of the memory benchmark. It
// stops at the first append that fails and returns its error.
func newMemoryProduction(db interface {
	Append(context.Context, setsafe.Request) ([]setsafe.Event, error)
}, id string) (memoryProduction, error) {
	ctx := context.Background()
	op := storagetest.Operator
	_, err := db.Append(ctx, setsafe.CreateProductionRequest(op, setsafe.CreateProduction{ID: id, Name: id, TimeZone: "America/Denver"}))
	if err != nil {
		err = fmt.Errorf("create %s: %w", id, err)
	}
	must := func(c setsafe.Command) {
		if err != nil {
			return
		}
		if _, err = db.Append(ctx, setsafe.On(id, op, c)); err != nil {
			err = fmt.Errorf("%s: %T: %w", id, c, err)
		}
	}
	p := memoryProduction{id: id, armorer: setsafe.NewID(), firstAD: setsafe.NewID()}
	person := func(pid string, i int, role setsafe.Role) {
		must(setsafe.AddPerson{ID: pid, Roles: []setsafe.Role{role}, PersonDetails: setsafe.PersonDetails{Name: storagetest.Name(i),
			Department: "Grip", JobTitle: "Grip", Email: fmt.Sprintf("crew%d@%s.example", i, id), Phone: "+1 505 555 0100"}})
	}
	person(p.armorer, 0, setsafe.RoleArmorer)
	person(p.firstAD, 1, setsafe.RoleFirstAD)
	must(setsafe.NameComplianceContact{PersonID: p.firstAD})
	must(setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: p.armorer, Kind: "armorer", Number: "N-1", Issuer: "State", Expires: "2099-01-01"})
	meeting := setsafe.NewID()
	must(setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, By: p.firstAD})
	must(setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: p.firstAD, ConfirmedBy: "pin"})
	for i := 2; i < 300; i++ {
		pid := setsafe.NewID()
		if i < 42 {
			person(pid, i, setsafe.RoleCast)
			must(setsafe.RecordTraining{ID: setsafe.NewID(), PersonID: pid, Course: "Firearm safety", Provider: "CSATF", Firearms: true,
				Completed: time.Now().AddDate(0, -1, 0).Format(time.DateOnly)})
			must(setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: pid, ConfirmedBy: "pin"})
			p.performers = append(p.performers, pid)
			continue
		}
		person(pid, i, setsafe.RoleCrew)
	}
	for i := range 20 {
		f := setsafe.NewID()
		must(setsafe.ReceiveFirearm{ID: f, Make: "Colt", Model: "SAA", Serial: fmt.Sprint(i), Kind: "blank_firing", Calibre: ".45 Colt",
			Chambers: 6, Owner: "PDQ", Store: "truck", By: p.armorer})
		p.firearms = append(p.firearms, f)
	}
	return p, err
}

// work is a round of a set's day on the production: a firearm shown clear,
// issued and taken back, and a change to a person's details.
func (p memoryProduction) work(b *testing.B, db interface {
	Append(context.Context, setsafe.Request) ([]setsafe.Event, error)
}, round int) {
	ctx := context.Background()
	f, who := p.firearms[round], p.performers[round]
	for _, c := range []setsafe.Command{
		setsafe.UnsecureFirearm{FirearmID: f},
		setsafe.ShowClear{FirearmID: f, AllChambers: true, Witnesses: []string{who, p.firstAD}},
		setsafe.HandOver{FirearmID: f, To: who, ConfirmedWithPIN: []string{p.armorer, who}, Device: "tablet-1"},
		setsafe.HandOver{FirearmID: f, From: who, ConfirmedWithPIN: []string{who, p.armorer}, Device: "tablet-1"},
		setsafe.UpdatePerson{ID: who, PersonChanges: setsafe.PersonChanges{JobTitle: new(fmt.Sprint("Call ", round))}},
	} {
		actor := setsafe.PersonActor(p.armorer)
		if _, ok := c.(setsafe.UpdatePerson); ok {
			actor = storagetest.Operator
		}
		if _, err := db.Append(ctx, setsafe.On(p.id, actor, c)); err != nil {
			b.Fatalf("%s: %T: %v", p.id, c, err)
		}
	}
}
