package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
)

// Run runs the storage test suite against a backend.
func Run(t *testing.T, b Backend) {
	tests := []struct {
		name string
		run  func(*testing.T, Backend)
	}{
		{"AppendAndRead", testAppendAndRead},
		{"RefusedCommandWritesNothing", testRefusedCommandWritesNothing},
		{"StepsAreAtomic", testStepsAreAtomic},
		{"AccessFollowsRoles", testAccessFollowsRoles},
		{"ConcurrentAppendsNeverForkOrGap", testConcurrentAppends},
		{"TwoProcessesShareALedger", testTwoProcesses},
		{"BadRequestSpoilsOnlyItself", testBadRequestIsolated},
		{"ReopenRestoresState", testReopen},
		{"CheckpointsAndProofs", testCheckpointsAndProofs},
		{"VerifyCatchesTampering", testVerifyCatchesTampering},
		{"RebuildRepairsProjections", testRebuild},
		{"EvidenceCannotBeChangedByMistake", testTriggers},
		{"PINLockout", testPINLockout},
		{"Sessions", testSessions},
		{"Corrections", testCorrections},
		{"WriterRestoresAMissingRow", testMissingRow},
		{"RewrittenHistoryIsNotBlessed", testRewrittenHistory},
		{"OlderCopyIsNotWrittenOver", testOlderCopy},
		{"RefusalIsRecorded", testRefusalIsRecorded},
		{"ArmoryReadsAndState", testArmoryReadsAndState},
		{"FilesAreEvidence", testFilesAreEvidence},
		{"ReadersSeeEveryWrite", testReadersSeeEveryWrite},
		{"TwoServersCatchUpFromEntries", testTwoServersCatchUp},
		{"RoutedByProduction", testRoutedByProduction},
		{"StatesKeptWithinTheirMemory", testStatesKeptWithinTheirMemory},
		{"SameEmailOrSerialIsAddedOnce", testSameEmailOrSerial},
		{"RetriesRecordOnce", testRetriesRecordOnce},
		{"ChangedKeyRowIsNotAnswered", testChangedKeyRow},
		{"ClockSetBackSignsAfterTheEntries", testClockSetBack},
		{"ForkedCheckpointIsNotTakenForOwn", testForkedCheckpoint},
		{"ManyLedgersInOneBatch", testManyLedgersInOneBatch},
		{"ListsAreReadInParts", testListsArePaged},
		{"SubdomainRowsAreKept", testSubdomainRows},
		{"UpgradeRebuildsProjections", testUpgradeRebuilds},
		{"DashboardFactsAreTheStates", testDashboardFacts},
		{"CheckpointsWithCosignatures", testCheckpointsWithCosignatures},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, b)
		})
	}
}

func verifyOK(t *testing.T, e *Env) sqldb.Report {
	t.Helper()
	rep, err := e.DB.Verify(context.Background(), e.Signer.Verifier(), "")
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if !rep.OK() {
		t.Fatalf("verify found problems in an untouched database: %v", rep.Problems)
	}
	return rep
}

func testAppendAndRead(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()

	prod, err := e.DB.Production(ctx, "red-mesa")
	if err != nil || prod.Name != "Red Mesa" || prod.TimeZone != "America/Denver" || !prod.CreatedAt.Equal(Epoch) {
		t.Fatalf("production: %+v %v", prod, err)
	}
	people, err := e.DB.People(ctx, "red-mesa")
	if err != nil || len(people) != 4 {
		t.Fatalf("people: %d %v", len(people), err)
	}
	grants, err := e.DB.Grants(ctx, "red-mesa", ids["armorer"])
	if err != nil || len(grants) != 1 || grants[0].Role != setsafe.RoleArmorer || grants[0].GrantedBy != "system:test" {
		t.Fatalf("grants: %+v %v", grants, err)
	}
	size, err := e.DB.LedgerSize(ctx, "red-mesa")
	if err != nil || size != 9 { // created + 4 × (added, granted)
		t.Fatalf("ledger size %d, want 9 (%v)", size, err)
	}
	entries, err := e.DB.Entries(ctx, "red-mesa", 0, 100)
	if err != nil || len(entries) != 9 {
		t.Fatalf("entries: %d %v", len(entries), err)
	}
	for i, en := range entries {
		if en.Seq != int64(i+1) || en.Event.Seq != en.Seq || !slices.Equal(en.LeafHash, ledger.LeafHash(en.Bytes)) {
			t.Fatalf("entry %d: %+v", i+1, en.Event)
		}
	}
	if entries[0].Event.Type() != "production.created" || entries[2].Event.Type() != "role.granted" {
		t.Fatalf("unexpected event types %s, %s", entries[0].Event.Type(), entries[2].Event.Type())
	}
	site, err := e.DB.Entries(ctx, setsafe.SiteLedger, 0, 100)
	if err != nil || len(site) != 4 || site[3].Event.Type() != "production.registered" {
		t.Fatalf("site ledger: %d %v", len(site), err)
	}
	acc, err := e.DB.AccountByEmail(ctx, "ADMIN@example.com ")
	if err != nil || acc.ID != ids["admin"] || !acc.SiteAdmin || !acc.HasPassword() {
		t.Fatalf("account: %+v %v", acc, err)
	}
	hash, err := e.DB.CredentialHash(ctx, setsafe.SiteLedger, setsafe.CredentialPassword, ids["admin"])
	if err != nil || hash != "test-hash" {
		t.Fatalf("password hash %q %v", hash, err)
	}
	verifyOK(t, e)
}

func testRefusedCommandWritesNothing(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	before, _ := e.DB.LedgerSize(ctx, "red-mesa")
	tests := []struct {
		name string
		req  setsafe.Request
		code string
	}{
		{"unknown role", setsafe.On("red-mesa", Operator, setsafe.GrantRole{PersonID: ids["cast"], Role: "gaffer"}), setsafe.EInvalid},
		{"unknown person", setsafe.On("red-mesa", Operator, setsafe.GrantRole{PersonID: "nobody", Role: setsafe.RoleCrew}), setsafe.ENotFound},
		{"no name", setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: setsafe.NewID()}), setsafe.EInvalid},
		{"cast may not add people", setsafe.On("red-mesa", setsafe.PersonActor(ids["cast"]), setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "X"}}), setsafe.EForbidden},
		{"unknown production", setsafe.On("no-such-film", Operator, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "X"}}), setsafe.ENotFound},
		{"production exists", setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: "red-mesa", Name: "Again", TimeZone: "UTC"}), setsafe.EConflict},
	}
	for _, tt := range tests {
		evs, err := e.DB.Append(ctx, tt.req)
		if setsafe.ErrorCode(err) != tt.code || len(evs) != 0 {
			t.Errorf("%s: got %v (%s) and %d events, want code %s", tt.name, err, setsafe.ErrorCode(err), len(evs), tt.code)
		}
	}
	if after, _ := e.DB.LedgerSize(ctx, "red-mesa"); after != before {
		t.Fatalf("refused commands changed the ledger: %d → %d", before, after)
	}
	if _, err := e.DB.Production(ctx, "no-such-film"); setsafe.ErrorCode(err) != setsafe.ENotFound {
		t.Fatalf("a refused command created a production: %v", err)
	}
	// A command that decides nothing appends nothing.
	evs := MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.GrantRole{PersonID: ids["cast"], Role: setsafe.RoleCast}))
	if len(evs) != 0 {
		t.Fatalf("granting a role already held appended %d events", len(evs))
	}
	verifyOK(t, e)
}

func testStepsAreAtomic(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	Seed(t, e.DB)
	ctx := context.Background()
	// The site step succeeds on its own, the production step fails: neither
	// may be written.
	_, err := e.DB.Append(ctx, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: "dust-devil", Name: "Dust Devil", TimeZone: "Mars/Olympus"}))
	if setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("want invalid time zone, got %v", err)
	}
	if n, _ := e.DB.LedgerSize(ctx, setsafe.SiteLedger); n != 4 {
		t.Fatalf("site ledger has %d entries; the failed request wrote to it", n)
	}
	MustAppend(t, e.DB, setsafe.CreateProductionRequest(Operator, setsafe.CreateProduction{ID: "dust-devil", Name: "Dust Devil", TimeZone: "America/Denver"}))
	verifyOK(t, e)
}

func testAccessFollowsRoles(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	acct := setsafe.NewID()
	MustAppend(t, e.DB, setsafe.On(setsafe.SiteLedger, Operator, setsafe.CreateAccount{ID: acct, Email: "rosa@example.com", Name: "Rosa Delgado"}))
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.LinkAccount{PersonID: ids["armorer"], AccountID: acct}))

	actor := setsafe.AccountActor(acct)
	a, err := e.DB.Access(ctx, actor, "red-mesa")
	if err != nil || a.PersonID != ids["armorer"] || !slices.Equal(a.Roles, []setsafe.Role{setsafe.RoleArmorer}) {
		t.Fatalf("access: %+v %v", a, err)
	}
	if a.Can(setsafe.PermManagePeople) || !a.Can(setsafe.PermViewPeople) {
		t.Fatalf("armorer permissions wrong: %+v", a)
	}
	// The armorer's own account acts as the armorer in the ledger.
	evs := MustAppend(t, e.DB, setsafe.On("red-mesa", actor, setsafe.SetPIN{PersonID: ids["armorer"], Hash: "pin-hash"}))
	if evs[0].Actor != setsafe.PersonActor(ids["armorer"]) {
		t.Fatalf("recorded actor %v, want the armorer", evs[0].Actor)
	}
	// But not someone else's PIN.
	if _, err := e.DB.Append(ctx, setsafe.On("red-mesa", actor, setsafe.SetPIN{PersonID: ids["cast"], Hash: "x"})); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("armorer set another person's PIN: %v", err)
	}
	// Disabled accounts lose everything at once.
	MustAppend(t, e.DB, setsafe.On(setsafe.SiteLedger, Operator, setsafe.DisableAccount{ID: acct, Reason: "left the company"}))
	if a, _ := e.DB.Access(ctx, actor, "red-mesa"); a.Can(setsafe.PermViewProduction) {
		t.Fatalf("disabled account still has access: %+v", a)
	}
	if _, err := e.DB.Append(ctx, setsafe.On("red-mesa", actor, setsafe.SetPIN{PersonID: ids["armorer"], Hash: "x"})); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("disabled account still writes: %v", err)
	}
	// Revoking the role removes the permission.
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.RevokeRole{PersonID: ids["first_ad"], Role: setsafe.RoleFirstAD, Reason: "replaced"}))
	if a, _ := e.DB.Access(ctx, setsafe.PersonActor(ids["first_ad"]), "red-mesa"); len(a.Roles) != 0 {
		t.Fatalf("revoked role still held: %+v", a)
	}
	verifyOK(t, e)
}

func testConcurrentAppends(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	const writers, each = 32, 8
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				id := setsafe.NewID()
				evs, err := e.DB.Append(ctx, setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]),
					setsafe.AddPerson{ID: id, PersonDetails: setsafe.PersonDetails{Name: Name(w*each + i)}}))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, ev := range evs {
					if other, dup := seen[ev.Seq]; dup {
						errs <- fmt.Errorf("sequence %d given to %s and %s", ev.Seq, other, id)
					}
					seen[ev.Seq] = id
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, _ := e.DB.LedgerSize(ctx, "red-mesa")
	if n != 9+writers*each || len(seen) != writers*each {
		t.Fatalf("ledger has %d entries, acknowledged %d, want %d", n, len(seen), 9+writers*each)
	}
	entries, _ := e.DB.Entries(ctx, "red-mesa", 0, 10000)
	for i, en := range entries {
		if en.Seq != int64(i+1) {
			t.Fatalf("gap: entry %d at position %d", en.Seq, i+1)
		}
		if id, ok := seen[en.Seq]; ok && en.Event.Body.(*setsafe.PersonAdded).ID != id {
			t.Fatalf("entry %d holds another event than the one acknowledged", en.Seq)
		}
	}
	verifyOK(t, e)
}

func testTwoProcesses(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	other := e.Reopen(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for _, db := range []*sqldb.DB{e.DB, other} {
		for range 4 {
			wg.Go(func() {
				for i := range 10 {
					_, err := db.Append(ctx, setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]),
						setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Each process sees the other's writes when it next decides.
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.GrantRole{PersonID: ids["cast"], Role: setsafe.RoleCrew}))
	MustAppend(t, other, setsafe.On("red-mesa", Operator, setsafe.RevokeRole{PersonID: ids["cast"], Role: setsafe.RoleCrew, Reason: "mistake"}))
	evs := MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.GrantRole{PersonID: ids["cast"], Role: setsafe.RoleCrew}))
	if len(evs) != 1 || evs[0].Seq != 9+80+3 {
		t.Fatalf("third write after the other process's revocation: %+v", evs)
	}
	verifyOK(t, e)
}

// badGrant decides an event that cannot be applied: a role for a person who
// does not exist. Only a bug could do this; it must fail alone.
type badGrant struct{}

func (badGrant) Authorize(setsafe.Access, *setsafe.State) error { return nil }
func (badGrant) Decide(*setsafe.State, setsafe.Decision) (setsafe.Outcome, error) {
	return setsafe.Outcome{Events: []setsafe.Draft{{Body: &setsafe.RoleGranted{PersonID: "ghost", Role: setsafe.RoleCrew}}}}, nil
}

func testBadRequestIsolated(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	var wg sync.WaitGroup
	var bad error
	good := make([]error, 16)
	wg.Go(func() { _, bad = e.DB.Append(ctx, setsafe.On("red-mesa", Operator, badGrant{})) })
	for i := range good {
		wg.Go(func() {
			_, good[i] = e.DB.Append(ctx, setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]),
				setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: Name(i)}}))
		})
	}
	wg.Wait()
	if setsafe.ErrorCode(bad) != setsafe.EInternal {
		t.Fatalf("bad request: %v", bad)
	}
	for i, err := range good {
		if err != nil {
			t.Fatalf("good request %d failed beside the bad one: %v", i, err)
		}
	}
	if n, _ := e.DB.LedgerSize(ctx, "red-mesa"); n != 9+16 {
		t.Fatalf("ledger has %d entries, want %d", n, 9+16)
	}
	verifyOK(t, e)
}

func testReopen(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	e.DB.Close()
	e.Clock.Advance(time.Hour)
	db := e.Reopen(t)
	e.DB = db
	evs := MustAppend(t, db, setsafe.On("red-mesa", setsafe.PersonActor(ids["producer"]), setsafe.RemovePerson{ID: ids["cast"], Reason: "wrapped"}))
	if len(evs) != 1 || evs[0].Seq != 10 || !evs[0].Time.Equal(Epoch.Add(time.Hour)) {
		t.Fatalf("append after reopening: %+v", evs)
	}
	// The role went with the person.
	if g, _ := db.Grants(context.Background(), "red-mesa", ids["cast"]); len(g) != 0 {
		t.Fatalf("a person who left still holds %v", g)
	}
	verifyOK(t, e)
}

func testPINLockout(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	match := func(pin string) func(string) (bool, error) {
		return func(h string) (bool, error) { return h == "hash:"+pin, nil }
	}
	if err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("2580")); setsafe.ErrorCode(err) != setsafe.EConflict {
		t.Fatalf("PIN check before any PIN was set: %v", err)
	}
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.SetPIN{PersonID: ids["cast"], Hash: "hash:2580"}))
	if err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("2580")); err != nil {
		t.Fatalf("right PIN: %v", err)
	}
	for i := 1; i < sqldb.MaxPINFailures; i++ {
		err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("1111"))
		if want := fmt.Sprintf("%d attempt", sqldb.MaxPINFailures-i); setsafe.ErrorCode(err) != setsafe.EUnauthorized || !strings.Contains(err.Error(), want) {
			t.Fatalf("wrong PIN %d: %v, want %q", i, err, want)
		}
	}
	if err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("1111")); setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("last wrong PIN: %v", err)
	}
	if err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("2580")); setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("the right PIN worked during the lockout: %v", err)
	}
	e.Clock.Advance(sqldb.PINLockout + time.Second)
	if err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("2580")); err != nil {
		t.Fatalf("right PIN after the lockout: %v", err)
	}
	if err := e.DB.CheckPIN(ctx, "red-mesa", ids["cast"], match("1111")); !strings.Contains(fmt.Sprint(err), fmt.Sprintf("%d attempts", sqldb.MaxPINFailures-1)) {
		t.Fatalf("attempts not counted afresh after a success: %v", err)
	}
	// Attempts made at once do not slip past the limit together.
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.SetPIN{PersonID: ids["armorer"], Hash: "hash:3958"}))
	var compared atomic.Int32
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			e.DB.CheckPIN(ctx, "red-mesa", ids["armorer"], func(h string) (bool, error) { compared.Add(1); return h == "hash:0000", nil })
		})
	}
	wg.Wait()
	if n := compared.Load(); n > sqldb.MaxPINFailures {
		t.Fatalf("%d PINs were compared at once; the limit is %d", n, sqldb.MaxPINFailures)
	}
	// The right PIN typed on many tablets at once is accepted on each.
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.SetPIN{PersonID: ids["first_ad"], Hash: "hash:4827"}))
	// A PIN that could not be checked (the server too busy) counts as no
	// attempt.
	busy := errors.New("no turn to hash")
	for range sqldb.MaxPINFailures + 1 {
		if err := e.DB.CheckPIN(ctx, "red-mesa", ids["first_ad"], func(string) (bool, error) { return false, busy }); !errors.Is(err, busy) {
			t.Fatalf("a PIN not checked: %v", err)
		}
	}
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() { errs[i] = e.DB.CheckPIN(ctx, "red-mesa", ids["first_ad"], match("4827")) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("right PIN on tablet %d: %v", i, err)
		}
	}
}

func testSessions(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	s := e.DB.Sessions()
	ctx := context.Background()
	if err := s.CommitCtx(ctx, "tok", []byte("data"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if d, ok, err := s.FindCtx(ctx, "tok"); err != nil || !ok || string(d) != "data" {
		t.Fatalf("find: %q %v %v", d, ok, err)
	}
	if _, ok, _ := s.FindCtx(ctx, "old"); ok {
		t.Fatal("found an expired session")
	}
	if n, err := s.DeleteExpired(ctx); err != nil || n != 1 {
		t.Fatalf("delete expired: %d %v", n, err)
	}
	if err := s.DeleteCtx(ctx, "tok"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.FindCtx(ctx, "tok"); ok {
		t.Fatal("found a deleted session")
	}
}

func testCorrections(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	ids := Seed(t, e.DB)
	ctx := context.Background()
	prod := setsafe.PersonActor(ids["producer"])
	added := MustAppend(t, e.DB, setsafe.On("red-mesa", prod, setsafe.AddPerson{ID: setsafe.NewID(), PersonDetails: setsafe.PersonDetails{Name: "Halyna Hutchens"}}))
	id := added[0].Body.(*setsafe.PersonAdded).ID
	if _, err := e.DB.Append(ctx, setsafe.On("red-mesa", prod, setsafe.UpdatePerson{ID: id, PersonChanges: setsafe.PersonChanges{Name: new("Halyna Hutchins")}, Corrects: added[0].Seq})); setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("a correction without a reason: %v", err)
	}
	if _, err := e.DB.Append(ctx, setsafe.On("red-mesa", prod, setsafe.UpdatePerson{ID: id, PersonChanges: setsafe.PersonChanges{Name: new("X")}, Corrects: 999, Reason: "r"})); setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("a correction of a future entry: %v", err)
	}
	fixed := MustAppend(t, e.DB, setsafe.On("red-mesa", prod, setsafe.UpdatePerson{ID: id, PersonChanges: setsafe.PersonChanges{Name: new("Halyna Hutchins")}, Corrects: added[0].Seq, Reason: "misspelt"}))
	if fixed[0].Corrects != added[0].Seq {
		t.Fatalf("correction points at %d, want %d", fixed[0].Corrects, added[0].Seq)
	}
	// The original stays in the ledger, untouched.
	orig, err := e.DB.LedgerEntry(ctx, "red-mesa", added[0].Seq)
	if err != nil || orig.Event.Body.(*setsafe.PersonAdded).Name != "Halyna Hutchens" {
		t.Fatalf("original entry: %+v %v", orig.Event, err)
	}
	if p, _ := e.DB.Person(ctx, "red-mesa", id); p.Name != "Halyna Hutchins" || p.LastSeq != fixed[0].Seq {
		t.Fatalf("corrected person: %+v", p)
	}
	verifyOK(t, e)
}

// testMissingRow removes a projection row behind the writer's back; the next
// change to it writes the row whole again.
func testMissingRow(t *testing.T, b Backend) {
	e := NewEnv(t, b)
	Seed(t, e.DB)
	ctx := context.Background()
	id := setsafe.NewID()
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.AddPerson{ID: id, PersonDetails: setsafe.PersonDetails{Name: "Ana Ruiz"}}))
	if _, err := e.DB.WritePool().Exec(e.DB.Dialect().Rebind("DELETE FROM people WHERE id = ?"), id); err != nil {
		t.Fatal(err)
	}
	MustAppend(t, e.DB, setsafe.On("red-mesa", Operator, setsafe.UpdatePerson{ID: id, PersonChanges: setsafe.PersonChanges{Name: new("Ana Ruiz"), Department: new("Camera")}}))
	p, err := e.DB.Person(ctx, "red-mesa", id)
	if err != nil || p.Department != "Camera" {
		t.Fatalf("person after the change: %+v %v", p, err)
	}
	verifyOK(t, e)
}
