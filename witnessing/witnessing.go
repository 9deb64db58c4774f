// Package witnessing submits each production's checkpoints to the
// production's witnesses (C2SP tlog-witness) and keeps their
// cosignatures, as setsafe itself.
//
// It runs off the write path: the writer only notes, without waiting,
// which ledgers it signed; this package's loop takes, for each of them
// with witnesses configured, the latest checkpoint and submits that same
// checkpoint to every witness at once, each with the consistency proof
// from the size that witness last cosigned. A witness that answers that
// it saw more than the ledger holds, or that the ledger does not extend
// what it saw, is a refusal: recorded in the production's ledger
// (witness.refused, an alarm on the escalation ladder) and counted. A
// witness that cannot be reached is tried again later, waiting twice as
// long each time up to a bound; so is a refusing one.
package witnessing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/tlogwitness"
	"github.com/setsafe/setsafe/witness"
	"golang.org/x/mod/sumdb/note"
)

// Actor is who the ledger records as recording a witness's refusal.
var Actor = setsafe.SystemActor("witnessing")

// Store is what the submitter needs from storage; package sqldb
// implements it.
type Store interface {
	// CheckpointsSigned receives a value when SignedLedgers has ledgers.
	CheckpointsSigned() <-chan struct{}
	// SignedLedgers returns the ledgers signed since it was last called.
	SignedLedgers() []string
	// LedgersWith returns the ledgers with rows in a table of current
	// state.
	LedgersWith(ctx context.Context, table string) ([]string, error)
	LedgerState(ctx context.Context, id string) (*setsafe.State, error)
	LatestCheckpoint(ctx context.Context, ledgerID string) (ledger.Checkpoint, error)
	ConsistencyProof(ctx context.Context, ledgerID string, from, to int64) ([][]byte, error)
	LastCosigned(ctx context.Context, ledgerID, witness, keyHash string) (uint64, error)
	StoreCosignatures(ctx context.Context, cs ...ledger.Cosignature) error
	Cosignatures(ctx context.Context, ledgerID string, sizes ...uint64) (map[uint64][]witness.Cosignature, error)
	KeepCosigned(cp ledger.Checkpoint) error
	Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error)
}

// Observer counts what witnesses answer; package metrics implements it.
type Observer interface {
	WitnessCosigned(witness string)
	WitnessRefused(witness string)
	WitnessSubmitFailed(witness string)
}

// Config configures a [Submitter].
type Config struct {
	Store Store
	// Client sends the requests (a client with a timeout when nil).
	Client *http.Client
	// Time tells the time; the system clock when nil.
	Time setsafe.Clock
	// Every is how often the submitter looks again at ledgers waiting for
	// a witness (5 s when zero).
	Every time.Duration
	// FirstRetry is how long a witness that failed or refused waits before
	// it is tried again (5 s when zero); each next wait is twice as long, up
	// to MaxRetry (10 minutes when zero).
	FirstRetry, MaxRetry time.Duration
	// Workers is how many ledgers are submitted at once (16 when zero);
	// each ledger's witnesses are asked all at once.
	Workers  int
	Observer Observer
	// Copies, if set, sends copies of final checkpoints to the outside
	// contacts of the rungs each production chose.
	Copies *Copies
	Logger *slog.Logger
}

// Submitter submits checkpoints to witnesses.
type Submitter struct {
	cfg Config
	log *slog.Logger

	mu sync.Mutex
	// waiting are the ledgers whose latest checkpoint some witness has not
	// cosigned yet.
	waiting map[string]bool
	// retry says when a witness of a ledger may be asked again.
	retry map[key]backoff
	// final is the size of each ledger's latest checkpoint seen final.
	final map[string]uint64
}

type key struct{ ledger, witness string }

type backoff struct {
	next time.Time
	wait time.Duration
}

type noObserver struct{}

func (noObserver) WitnessCosigned(string)     {}
func (noObserver) WitnessRefused(string)      {}
func (noObserver) WitnessSubmitFailed(string) {}

// New returns a submitter; call [Submitter.Run] to start it.
func New(cfg Config) *Submitter {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: tlogwitness.Timeout}
	}
	if cfg.Time == nil {
		cfg.Time = setsafe.SystemClock{}
	}
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Second
	}
	if cfg.FirstRetry <= 0 {
		cfg.FirstRetry = 5 * time.Second
	}
	if cfg.MaxRetry <= 0 {
		cfg.MaxRetry = 10 * time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Submitter{cfg: cfg, log: cfg.Logger, waiting: map[string]bool{}, retry: map[key]backoff{}, final: map[string]uint64{}}
}

// Run submits checkpoints until ctx ends: first of every ledger with
// witnesses, then of those signed, as they are signed, and of those still
// waiting for a witness every [Config.Every].
func (s *Submitter) Run(ctx context.Context) {
	ids, err := s.cfg.Store.LedgersWith(ctx, (*witness.Entry)(nil).Table())
	if err != nil && ctx.Err() == nil {
		s.log.Warn("witnesses: could not list the ledgers with witnesses; submitting those signed from now on", "err", err)
	}
	s.mu.Lock()
	for _, id := range ids {
		s.waiting[id] = true
	}
	s.mu.Unlock()
	t := time.NewTicker(s.cfg.Every)
	defer t.Stop()
	for {
		s.Pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-s.cfg.Store.CheckpointsSigned():
		case <-t.C:
		}
	}
}

// Pass submits the latest checkpoint of every ledger signed since the last
// pass, or still waiting for a witness, to the witnesses due.
func (s *Submitter) Pass(ctx context.Context) {
	s.mu.Lock()
	for _, id := range s.cfg.Store.SignedLedgers() {
		s.waiting[id] = true
	}
	ids := make([]string, 0, len(s.waiting))
	for id := range s.waiting {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	var wg sync.WaitGroup
	turns := make(chan struct{}, s.cfg.Workers)
	for _, id := range ids {
		turns <- struct{}{}
		wg.Go(func() {
			defer func() { <-turns }()
			done, err := s.submitLedger(ctx, id)
			if err != nil && ctx.Err() == nil {
				s.log.Warn("witnesses: could not submit the latest checkpoint", "ledger", id, "err", err)
			}
			if done {
				s.mu.Lock()
				delete(s.waiting, id)
				s.mu.Unlock()
			}
		})
	}
	wg.Wait()
	if s.cfg.Copies != nil {
		s.cfg.Copies.send(ctx)
	}
}

// submitLedger submits a ledger's latest checkpoint to its witnesses. done
// says that none is left to ask until the ledger is signed again.
func (s *Submitter) submitLedger(ctx context.Context, id string) (done bool, err error) {
	st, err := s.cfg.Store.LedgerState(ctx, id)
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	ws := witness.Configured(st)
	if len(ws) == 0 {
		return true, nil
	}
	cp, err := s.cfg.Store.LatestCheckpoint(ctx, id)
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	now := s.cfg.Time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	done = true
	got := map[string][]ledger.Cosignature{}
	for _, w := range ws {
		k := key{id, w.Name}
		s.mu.Lock()
		b := s.retry[k]
		s.mu.Unlock()
		if now.Before(b.next) {
			done = false
			continue
		}
		wg.Go(func() {
			rows, ok := s.submit(ctx, w, cp)
			mu.Lock()
			done = done && ok
			if len(rows) > 0 {
				got[w.Name] = rows
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	// The witnesses' cosignatures are stored together: one short write
	// per checkpoint, beside the writer's.
	var all []ledger.Cosignature
	for _, rows := range got {
		all = append(all, rows...)
	}
	if err := s.cfg.Store.StoreCosignatures(ctx, all...); err != nil {
		for _, w := range ws {
			if got[w.Name] != nil {
				s.failed(key{id, w.Name}, w, cp, err)
			}
		}
		return false, nil
	}
	for _, w := range ws {
		for range got[w.Name] {
			s.cfg.Observer.WitnessCosigned(w.Name)
		}
		if got[w.Name] != nil {
			s.succeeded(key{id, w.Name})
		}
	}
	s.checkFinal(ctx, st, ws, cp)
	return done, nil
}

// submit asks one witness to cosign cp. It returns the cosignatures to
// store, and whether that witness is done with cp: cosigned it, now or
// before.
func (s *Submitter) submit(ctx context.Context, w witness.Witness, cp ledger.Checkpoint) ([]ledger.Cosignature, bool) {
	k := key{cp.Ledger, w.Name}
	v, err := evidence.NewCosignatureVerifier(w.Key)
	if err != nil {
		// The domain checked the key when it was added: this is not a
		// witness anyone could ask.
		s.log.Error("witnesses: the key of a witness is not a cosignature key", "ledger", cp.Ledger, "witness", w.Name, "err", err)
		return nil, true
	}
	hash := w.KeyHash()
	last, err := s.cfg.Store.LastCosigned(ctx, cp.Ledger, w.Name, hash)
	if err != nil {
		s.failed(k, w, cp, err)
		return nil, false
	}
	if last == cp.Size {
		if s.cosignedThis(ctx, w, v, cp) {
			s.succeeded(k)
			return nil, true
		}
		// The cosignature kept at this size is of another checkpoint of the
		// same size: the ledger was rewritten and signed again. The witness
		// is asked, and refuses.
	}
	if last > cp.Size {
		// Cosigned more than the ledger holds now: the witness says how
		// much it saw, and its answer is the refusal.
		last = 0
	}
	cs, err := s.add(ctx, w, v, cp, last)
	var conflict *tlogwitness.ConflictError
	if errors.As(err, &conflict) && conflict.Known <= cp.Size {
		// The witness saw another size than the one cosigned here (a
		// cosignature not kept, or another server's): prove from there.
		cs, err = s.add(ctx, w, v, cp, conflict.Known)
		if errors.As(err, &conflict) && conflict.Known <= cp.Size {
			// It moved meanwhile (another server's submission): next time.
			err = &tlogwitness.RetryableError{Err: err}
		}
	}
	if errors.As(err, &conflict) && conflict.Known > cp.Size {
		// Another server may have signed, and had cosigned, a newer
		// checkpoint since this one was read: a refusal only if the
		// ledger holds no checkpoint as large as what the witness saw.
		if newer, lerr := s.cfg.Store.LatestCheckpoint(ctx, cp.Ledger); lerr == nil && newer.Size >= conflict.Known {
			return nil, false
		}
	}
	var refused *tlogwitness.RefusedError
	switch {
	case err == nil:
		rows, err := cosignatureRows(w, cp, cs)
		if err != nil {
			s.failed(k, w, cp, err)
			return nil, false
		}
		return rows, true
	case errors.As(err, &conflict) && conflict.Known > cp.Size:
		s.refused(ctx, k, w, cp, http.StatusConflict, fmt.Sprintf("the witness has seen %d entries; this ledger holds %d", conflict.Known, cp.Size))
	case errors.As(err, &refused) && (refused.Status == http.StatusForbidden || refused.Status == http.StatusUnprocessableEntity):
		s.refused(ctx, k, w, cp, refused.Status, "the ledger does not extend what the witness saw: "+refused.Error())
	default:
		// 404 and 400 say the witness is not set up for this log, which its
		// operator fixes; the network and the witness's own trouble pass.
		s.failed(k, w, cp, err)
	}
	return nil, false
}

// cosignedThis reports whether a cosignature kept of w's verifies over cp.
func (s *Submitter) cosignedThis(ctx context.Context, w witness.Witness, v note.Verifier, cp ledger.Checkpoint) bool {
	cs, err := s.cfg.Store.Cosignatures(ctx, cp.Ledger, cp.Size)
	if err != nil {
		return false
	}
	for _, c := range cs[cp.Size] {
		if c.Witness != w.Name {
			continue
		}
		signed, err := ledger.WithCosignatures(cp.Note, c.Line)
		if err != nil {
			return false
		}
		if _, err := note.Open(signed, note.VerifierList(v)); err == nil {
			return true
		}
	}
	return false
}

// add sends one add-checkpoint request from the size old.
func (s *Submitter) add(ctx context.Context, w witness.Witness, v note.Verifier, cp ledger.Checkpoint, old uint64) ([]tlogwitness.Cosignature, error) {
	var proof [][]byte
	if old > 0 && old < cp.Size {
		p, err := s.cfg.Store.ConsistencyProof(ctx, cp.Ledger, int64(old), int64(cp.Size))
		if err != nil {
			return nil, &tlogwitness.RetryableError{Err: fmt.Errorf("consistency proof from %d to %d: %w", old, cp.Size, err)}
		}
		proof = p
	}
	return tlogwitness.AddCheckpoint(ctx, s.cfg.Client, w.URL, v, old, proof, cp.Note)
}

// cosignatureRows returns a witness's cosignatures of cp as stored.
func cosignatureRows(w witness.Witness, cp ledger.Checkpoint, cs []tlogwitness.Cosignature) ([]ledger.Cosignature, error) {
	rows := make([]ledger.Cosignature, 0, len(cs))
	for _, c := range cs {
		at, err := evidence.CosignatureTime(c.Signature)
		if err != nil {
			return nil, err
		}
		rows = append(rows, ledger.Cosignature{Ledger: cp.Ledger, Size: cp.Size, Witness: w.Name, KeyHash: fmt.Sprintf("%08x", c.KeyHash), Line: c.Line, At: at})
	}
	return rows, nil
}

// checkFinal keeps cp with its cosignatures beside the key once the
// quorum cosigned it, and hands it to Copies once.
func (s *Submitter) checkFinal(ctx context.Context, st *setsafe.State, ws []witness.Witness, cp ledger.Checkpoint) {
	s.mu.Lock()
	seen := s.final[cp.Ledger] >= cp.Size
	s.mu.Unlock()
	if seen {
		return
	}
	cs, err := s.cfg.Store.Cosignatures(ctx, cp.Ledger, cp.Size)
	if err != nil {
		s.log.Warn("witnesses: could not read the cosignatures of a checkpoint", "ledger", cp.Ledger, "size", cp.Size, "err", err)
		return
	}
	var cosigners []witness.Cosigner
	var lines []string
	for _, c := range cs[cp.Size] {
		cosigners = append(cosigners, witness.Cosigner{Witness: c.Witness, KeyHash: c.KeyHash})
		lines = append(lines, c.Line)
	}
	if !witness.Final(ws, witness.Quorum(st), cosigners) {
		return
	}
	signed, err := ledger.WithCosignatures(cp.Note, lines...)
	if err != nil {
		s.log.Error("witnesses: could not add cosignatures to a checkpoint", "ledger", cp.Ledger, "err", err)
		return
	}
	cp.Note = signed
	if err := s.cfg.Store.KeepCosigned(cp); err != nil {
		s.log.Error("witnesses: could not keep the cosigned checkpoint beside the key", "ledger", cp.Ledger, "err", err)
	}
	s.mu.Lock()
	s.final[cp.Ledger] = cp.Size
	s.mu.Unlock()
	if s.cfg.Copies != nil {
		s.cfg.Copies.final(st, cp)
	}
}

func (s *Submitter) succeeded(k key) {
	s.mu.Lock()
	delete(s.retry, k)
	s.mu.Unlock()
}

// later puts off asking a witness again, twice as long as last time.
func (s *Submitter) later(k key) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.retry[k]
	b.wait = min(max(b.wait*2, s.cfg.FirstRetry), s.cfg.MaxRetry)
	b.next = s.cfg.Time.Now().Add(b.wait)
	s.retry[k] = b
	return b.wait
}

func (s *Submitter) failed(k key, w witness.Witness, cp ledger.Checkpoint, err error) {
	s.cfg.Observer.WitnessSubmitFailed(w.Name)
	wait := s.later(k)
	s.log.Warn("witnesses: a witness did not cosign; trying again later", "ledger", cp.Ledger, "size", cp.Size, "witness", w.Name, "retry_in", wait, "err", err)
}

// refused records a witness's refusal in the production's ledger, once
// while it stays open.
func (s *Submitter) refused(ctx context.Context, k key, w witness.Witness, cp ledger.Checkpoint, status int, reason string) {
	s.cfg.Observer.WitnessRefused(w.Name)
	wait := s.later(k)
	s.log.Error("witnesses: a witness refused the ledger's checkpoint", "ledger", cp.Ledger, "size", cp.Size, "witness", w.Name, "status", status, "reason", reason, "retry_in", wait)
	_, err := s.cfg.Store.Append(ctx, setsafe.Request{Actor: Actor, Steps: []setsafe.Step{{Ledger: cp.Ledger,
		Command: witness.RecordRefusal{Witness: w.Name, Size: cp.Size, Status: status, Reason: reason}}}})
	if err != nil && ctx.Err() == nil {
		s.log.Error("witnesses: could not record a witness's refusal", "ledger", cp.Ledger, "witness", w.Name, "err", err)
	}
}
