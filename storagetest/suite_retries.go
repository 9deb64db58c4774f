package storagetest

import (
	"context"
	"sync"
	"testing"

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
