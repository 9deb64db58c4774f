package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/demo"
	"github.com/setsafe/setsafe/gate"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
	"github.com/setsafe/setsafe/storagetest"
)

// scaleProduction is one production of the scale benchmark, ready for
// today's firearm work: its armorer signed in with an API token, a
// performer who attended today's meeting and a firearm in the armorer's
// hands.
type scaleProduction struct {
	id, token         string
	armorer, firstAD  string
	performer, person string
	firearm           string
	changes           int
}

// BenchmarkProductionScale compares, call by call in alternation, the
// demo production (14 people, a week of preparation) with the long shoot
// (3,000 people, 500 firearms, 90 days of shooting) in one SQLite database.
// A write is the armorer's cycle on her tablet (show clear, issue, take
// back) or a change to a person's details; the reads are the gate's
// preview of an issue, Today and the armory over the API. It reports each
// production's time per call and their ratio.
func BenchmarkProductionScale(b *testing.B) {
	db, prods := openScaleDatabase(b)
	ts := benchServer(b, db, 4, 0)
	ctx := context.Background()
	as := func(actor setsafe.Actor, p *scaleProduction, c setsafe.Command) {
		if _, err := db.Append(ctx, setsafe.On(p.id, actor, c)); err != nil {
			b.Fatalf("%s: %T: %v", p.id, c, err)
		}
	}
	must := func(p *scaleProduction, c setsafe.Command) { as(setsafe.PersonActor(p.armorer), p, c) }
	for _, op := range []struct {
		name string
		call func(p *scaleProduction)
	}{
		{"handover", func(p *scaleProduction) {
			must(p, setsafe.ShowClear{FirearmID: p.firearm, AllChambers: true, Witnesses: []string{p.performer, p.firstAD}})
			must(p, setsafe.HandOver{FirearmID: p.firearm, To: p.performer, ConfirmedWithPIN: []string{p.armorer, p.performer}, Device: "tablet-1"})
			must(p, setsafe.HandOver{FirearmID: p.firearm, From: p.performer, ConfirmedWithPIN: []string{p.performer, p.armorer}, Device: "tablet-1"})
		}},
		{"change-person", func(p *scaleProduction) {
			p.changes++
			as(storagetest.Operator, p, setsafe.UpdatePerson{ID: p.person, PersonChanges: setsafe.PersonChanges{JobTitle: new(fmt.Sprintf("Grip, call %d", p.changes))}})
		}},
		{"check", func(p *scaleProduction) {
			timedPost(b, ts, "/api/v1/productions/"+p.id+"/firearms/"+p.firearm+"/check", p.token, `{"action":"handover","to":"`+p.performer+`"}`, http.StatusOK)
		}},
		{"today", func(p *scaleProduction) {
			timedCall(b, ts, "GET", "/api/v1/productions/"+p.id+"/today", p.token, "", http.StatusOK)
		}},
		{"armory", func(p *scaleProduction) {
			timedCall(b, ts, "GET", "/api/v1/productions/"+p.id+"/armory", p.token, "", http.StatusOK)
		}},
	} {
		b.Run("op="+op.name, func(b *testing.B) {
			var iv storagetest.Interleaved
			for b.Loop() {
				iv.Time(true, 1, func() { op.call(&prods[0]) })
				iv.Time(false, 1, func() { op.call(&prods[1]) })
			}
			demoCall, longCall := float64(iv.A.Microseconds())/float64(iv.NA), float64(iv.B.Microseconds())/float64(iv.NB)
			b.ReportMetric(demoCall, "demo-µs/op")
			b.ReportMetric(longCall, "long-µs/op")
			b.ReportMetric(longCall/demoCall, "long/demo")
		})
	}
}

// openScaleDatabase opens a copy of the scale benchmark's database and
// readies both productions for today's firearm work: a safety meeting
// attended by the 1st AD, the armorer and a performer, and a firearm taken
// out of its store.
func openScaleDatabase(b *testing.B) (*sqldb.DB, [2]scaleProduction) {
	s := storagetest.BuildScaleDatabase(b)
	dir := b.TempDir()
	path := filepath.Join(dir, "setsafe.db")
	copyDatabase(b, s.Path, path)
	signer, err := ledger.LoadSigner(s.KeyPath)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Config: sqldb.Config{Signer: signer}})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	storagetest.ServerGC(b)
	ctx := context.Background()

	long := scaleProduction{id: storagetest.LongShootID, armorer: storagetest.LongShootArmorer, firstAD: storagetest.LongShootFirstAD,
		performer: storagetest.LongShootCastMember(7), person: storagetest.LongShootPerson(2500), firearm: storagetest.LongShootFirearm(499)}
	red := scaleProduction{id: demo.ProductionID}
	people, err := db.People(ctx, demo.ProductionID)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range people {
		switch p.Name {
		case "Rosa Delgado":
			red.armorer = p.ID
		case "Marcus Hale":
			red.firstAD = p.ID
		case "Jack Brennan":
			red.performer = p.ID
		case "Diego Ramirez":
			red.person = p.ID
		}
	}
	firearms, err := db.Firearms(ctx, demo.ProductionID)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range firearms {
		if f.Serial == "SA4417" {
			red.firearm = f.ID
		}
	}
	for _, p := range []*scaleProduction{&red, &long} {
		on := func(c setsafe.Command) {
			if _, err := db.Append(ctx, setsafe.On(p.id, setsafe.PersonActor(p.firstAD), c)); err != nil {
				b.Fatalf("%s: %T: %v", p.id, c, err)
			}
		}
		meeting := setsafe.NewID()
		on(setsafe.HoldMeeting{ID: meeting, Covered: gate.TopicIDs(gate.HazardFirearms, nil), Topics: []string{"Firearms and blanks"}, Hazards: []string{"firearms"}})
		for _, who := range []string{p.firstAD, p.armorer, p.performer} {
			on(setsafe.ConfirmAttendance{MeetingID: meeting, PersonID: who, ConfirmedBy: "pin"})
		}
		f, err := db.Firearm(ctx, p.id, p.firearm)
		if err != nil {
			b.Fatal(err)
		}
		if f.Store != "" {
			if _, err := db.Append(ctx, setsafe.On(p.id, setsafe.PersonActor(p.armorer), setsafe.UnsecureFirearm{FirearmID: p.firearm})); err != nil {
				b.Fatal(err)
			}
		}
		person, err := db.Person(ctx, p.id, p.armorer)
		if err != nil {
			b.Fatal(err)
		}
		tok, secret, hash := setsafe.NewAPITokenSecret()
		storagetest.MustAppend(b, db, setsafe.On(setsafe.SiteLedger, storagetest.Operator, setsafe.CreateAPIToken{ID: tok, AccountID: person.AccountID,
			Name: "tablet", SecretHash: hash}))
		p.token = secret
	}
	return db, [2]scaleProduction{red, long}
}

// copyDatabase copies a closed SQLite database, with its write-ahead log
// if it kept one.
func copyDatabase(b *testing.B, from, to string) {
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(from + suffix)
		if suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
}
