package storagetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
)

// testSameEmailOrSerial adds a person with an e-mail address and receives
// a second revolver with the first one's serial, from two processes at
// once and after a restart: each time exactly one is added, and the others
// are told who has the address or which firearm has the serial.
func testSameEmailOrSerial(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	SeedArmory(t, ctx, e.DB, ids)
	other := e.Reopen(t)
	producer := setsafe.PersonActor(ids["producer"])
	person := func() setsafe.Request {
		return setsafe.On("red-mesa", producer, setsafe.AddPerson{ID: setsafe.NewID(),
			PersonDetails: setsafe.PersonDetails{Name: "Ana Ruiz", Email: "ana@redmesa.example"}})
	}
	firearm := func() setsafe.Request {
		return setsafe.On("red-mesa", Operator, setsafe.ReceiveFirearm{ID: setsafe.NewID(), Make: "Colt", Model: "Single Action Army", Serial: "4418",
			Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: ids["armorer"]})
	}
	for _, req := range []func() setsafe.Request{person, firearm} {
		before, _ := e.DB.LedgerSize(ctx, "red-mesa")
		var wg sync.WaitGroup
		errs := make([]error, 12)
		for i := range errs {
			db := []*sqldb.DB{e.DB, other}[i%2]
			wg.Go(func() { _, errs[i] = db.Append(ctx, req()) })
		}
		wg.Wait()
		added := 0
		for _, err := range errs {
			switch setsafe.ErrorCode(err) {
			case "":
				added++
			case setsafe.EConflict:
			default:
				t.Fatalf("%T: %v", req().Steps[0].Command, err)
			}
		}
		if after, _ := e.DB.LedgerSize(ctx, "red-mesa"); added != 1 || after != before+1 {
			t.Fatalf("%T from two processes: %d added, %d entries, want one", req().Steps[0].Command, added, after-before)
		}
	}
	// After a restart the state, read from the tables, still knows both.
	e.DB.Close()
	other.Close()
	e.DB = e.Reopen(t)
	for _, req := range []setsafe.Request{person(), firearm()} {
		_, err := e.DB.Append(ctx, req)
		if e, ok := err.(*setsafe.Error); !ok || e.Code != setsafe.EConflict || (e.Fields["email"] == "" && e.Fields["serial"] == "") {
			t.Fatalf("%T after a restart: %v, want a conflict", req.Steps[0].Command, err)
		}
	}
	verifyOK(t, e)
}

// keyed returns req with an idempotency key and fingerprint.
func keyed(req setsafe.Request, key, fingerprint string) setsafe.Request {
	req.Idempotency = &setsafe.Idempotency{Key: []byte(key), Fingerprint: []byte(fingerprint)}
	return req
}

// testRetriesRecordOnce sends requests with idempotency keys again, at
// once from two processes, after a restart, refused and anonymous: each is
// recorded once, and each retry is answered with what was first recorded.
func testRetriesRecordOnce(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	arms := SeedArmory(t, ctx, e.DB, ids)
	other := e.Reopen(t)
	producer := setsafe.PersonActor(ids["producer"])
	person := func(key string) setsafe.Request {
		return keyed(setsafe.On("red-mesa", producer, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Ana Ruiz"}}),
			key, "add Ana")
	}
	size := func() int64 {
		n, err := e.DB.LedgerSize(ctx, "red-mesa")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Twenty at once, from two processes: one person, and every answer
	// names the same entry.
	before := size()
	var wg sync.WaitGroup
	evs := make([][]setsafe.Event, 20)
	errs := make([]error, 20)
	for i := range evs {
		db := []*sqldb.DB{e.DB, other}[i%2]
		wg.Go(func() { evs[i], errs[i] = db.Append(ctx, person("key-ana")) })
	}
	wg.Wait()
	var first []setsafe.Event
	for i := range evs {
		if errs[i] == nil {
			if first != nil {
				t.Fatalf("two requests with one key were recorded: %+v and %+v", first, evs[i])
			}
			first = evs[i]
		}
	}
	if first == nil || size() != before+1 {
		t.Fatalf("with one key: %d entries, errors %v", size()-before, errs)
	}
	for i, err := range errs {
		if err == nil {
			continue
		}
		rep, ok := err.(*setsafe.Repeated)
		if !ok || rep.Other || len(rep.Events) != 1 || rep.Events[0].Seq != first[0].Seq || rep.Events[0].Type() != "person.added" || rep.Refusal != nil {
			t.Fatalf("request %d: %v, want the first one's entry", i, err)
		}
	}

	// The same key for another request is refused.
	if _, err := e.DB.Append(ctx, keyed(setsafe.On("red-mesa", producer, setsafe.AddPerson{ID: setsafe.NewID(),
		PersonDetails: setsafe.PersonDetails{Name: "Bo"}}), "key-ana", "add Bo")); !isOther(err) {
		t.Fatalf("the same key for another request: %v", err)
	}

	// A refused action sent again records no second refusal.
	unsecure := keyed(setsafe.On("red-mesa", setsafe.PersonActor(ids["first_ad"]), setsafe.UnsecureFirearm{FirearmID: arms["colt"]}), "key-unsecure", "unsecure")
	refusedEvs, refusal := e.DB.Append(ctx, unsecure)
	if setsafe.ErrorCode(refusal) != setsafe.ERefused || len(refusedEvs) != 1 {
		t.Fatalf("the 1st AD takes the revolver out: %v", refusal)
	}
	before = size()
	_, err := other.Append(ctx, unsecure)
	rep, ok := err.(*setsafe.Repeated)
	if !ok || rep.Refusal == nil || rep.Refusal.Code != setsafe.ERefused || rep.Refusal.Message != setsafe.ErrorMessage(refusal) ||
		len(rep.Refusal.Rules) == 0 || rep.Refusal.Rules[0].ID != "FA-3" || rep.Events[0].Seq != refusedEvs[0].Seq || size() != before {
		t.Fatalf("the refusal sent again: %v (%d new entries)", err, size()-before)
	}

	// What is kept beside the key: the first answer, once; the time, to the
	// minute for an anonymous report.
	key := []byte("key-ana")
	if kept, err := e.DB.KeepAnswer(ctx, key, []byte("first answer")); err != nil || !kept {
		t.Fatalf("keep the answer: %v %v", kept, err)
	}
	if kept, err := other.KeepAnswer(ctx, key, []byte("second answer")); err != nil || kept {
		t.Fatalf("a second answer was kept: %v %v", kept, err)
	}
	e.Clock.Advance(90*time.Second + 1234*time.Microsecond)
	report := keyed(setsafe.On("red-mesa", setsafe.Anonymous, setsafe.RaiseConcern{ID: setsafe.NewID(), Category: "firearms", Severity: "high",
		Description: "Someone was plinking at lunch", Mode: setsafe.ReportAnonymous, ReceiptHash: "h"}), "key-report", "report")
	MustAppend(t, e.DB, report)

	// After a restart, both processes answer the same.
	e.DB.Close()
	other.Close()
	e.DB = e.Reopen(t)
	before = size()
	_, err = e.DB.Append(ctx, person("key-ana"))
	if rep, ok := err.(*setsafe.Repeated); !ok || rep.Events[0].Seq != first[0].Seq || string(rep.Answer) != "first answer" || size() != before {
		t.Fatalf("after a restart: %v", err)
	}
	rep, err = e.DB.Repeat(ctx, []byte("key-report"))
	if err != nil || rep == nil || len(rep.Events) != 1 || rep.Events[0].Type() != "concern.raised" || !rep.At.Equal(Epoch.Add(time.Minute)) ||
		string(rep.Fingerprint) != "report" || rep.Answer != nil {
		t.Fatalf("the anonymous report's key: %+v %v", rep, err)
	}
	if rep, err := e.DB.Repeat(ctx, []byte("no such key")); rep != nil || err != nil {
		t.Fatalf("a key never sent: %+v %v", rep, err)
	}

	// Keys are forgotten after a day; the request then counts as new.
	e.Clock.Advance(24 * time.Hour)
	if n, err := e.DB.ForgetOldKeys(ctx, e.Clock.Now().Add(-24*time.Hour)); err != nil || n != 3 {
		t.Fatalf("forget old keys: %d %v, want 3", n, err)
	}
	if evs := MustAppend(t, e.DB, person("key-ana")); len(evs) != 1 {
		t.Fatalf("a day later: %+v", evs)
	}
	verifyOK(t, e)
}

func isOther(err error) bool {
	rep, ok := err.(*setsafe.Repeated)
	return ok && rep.Other
}

// testChangedKeyRow changes what an idempotency key's row says its request
// recorded, as someone editing the table by hand might: the key then
// answers with an error that says what is wrong and what to do, not with
// entries of another request or none.
func testChangedKeyRow(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	MustAppend(t, e.DB, keyed(setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]), setsafe.AddPerson{ID: setsafe.NewID(),
		PersonDetails: setsafe.PersonDetails{Name: "Ana Ruiz"}}), "key-ana", "add Ana"))
	for _, recorded := range []string{"red-mesa:ten-eleven", "red-mesa:11-10", "red-mesa:50-51", "no-such-show:1-1"} {
		if _, err := e.DB.WritePool().Exec(e.DB.Dialect().Rebind("UPDATE idempotency_keys SET recorded = ? WHERE key_hash = ?"), recorded, []byte("key-ana")); err != nil {
			t.Fatal(err)
		}
		rep, err := e.DB.Repeat(ctx, []byte("key-ana"))
		if want := fmt.Sprintf("the entries %q recorded for the idempotency key with hash %x cannot be read: the idempotency_keys row was changed outside setsafe; "+
			"delete it, or wait a day for it to expire", recorded, "key-ana"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("recorded %q: %+v %v, want an error saying %q", recorded, rep, err, want)
		}
	}
}
