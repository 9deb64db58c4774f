package attestation

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/evidence"
)

// Store reads what a statement is built from, and signs it with the
// site's key; package sqldb implements it over both databases. Entries are
// streamed: building a statement holds the entries it counts, never the
// ledger.
type Store interface {
	// PeriodEntries returns the first and last entries of a ledger
	// recorded from from until before to; 0, 0 when there are none.
	PeriodEntries(ctx context.Context, ledgerID string, from, to time.Time) (first, last int64, err error)
	// EachEntry calls each with the ledger's entries first..last whose
	// type is one of types, in order, and stops at its first error.
	EachEntry(ctx context.Context, ledgerID string, first, last int64, types []string, each func(setsafe.Event) error) error
	// LastEntryOf returns the last entry of a type at or before seq, and
	// false when there is none.
	LastEntryOf(ctx context.Context, ledgerID, eventType string, seq int64) (setsafe.Event, bool, error)
	// WitnessedCheckpoint returns the checkpoint of the largest size that
	// covers entry seq and that a witness cosigned, or else the largest
	// that covers it; an ENotFound error when none covers it yet.
	WitnessedCheckpoint(ctx context.Context, ledgerID string, seq int64) (Checkpoint, error)
	// CheckpointOf returns the ledger's checkpoint of exactly size.
	CheckpointOf(ctx context.Context, ledgerID string, size int64) (Checkpoint, error)
	// CheckpointOrigin returns the origin line of the ledger's
	// checkpoints ("SITE/LEDGER").
	CheckpointOrigin(ledgerID string) (string, error)
	// SignNote signs a text as a C2SP signed note with the site's key.
	SignNote(text string) ([]byte, error)
}

// Checkpoint is a signed checkpoint as a statement rests on it.
type Checkpoint struct {
	Size     int64     `json:"size"`
	Root     []byte    `json:"root"`
	SignedAt time.Time `json:"signed_at"`
	// Witnesses are the names of the witnesses that cosigned it.
	Witnesses []string `json:"witnesses"`
}

// Period is a statement's period: plain dates on the set's clock, from
// the start of From until the start of To.
type Period struct {
	From, To string
	Zone     *time.Location
}

// NewPeriod reads a period's dates (YYYY-MM-DD) in the set's time zone. A
// statement speaks of a period that has ended: To may be today at the
// latest, so that no entry of the period is still to come.
func NewPeriod(from, to string, zone *time.Location, now time.Time) (Period, error) {
	p := setsafe.Problems{}
	start, errFrom := readDate(from, zone)
	end, errTo := readDate(to, zone)
	if errFrom != nil {
		p.Add("from", "must be a date such as 2026-11-01: the first day of the period")
	}
	if errTo != nil {
		p.Add("to", "must be a date such as 2026-12-01: the day after the period's last day")
	}
	if errFrom == nil && errTo == nil {
		today := now.In(zone).Format(time.DateOnly)
		switch {
		case !start.Before(end):
			p.Add("to", "must be after %s: the period runs from the start of --from until the start of --to", from)
		case end.After(now):
			p.Add("to", "must be %s at the latest: the period must have ended (it ends at the start of --to), so that no entry of it is still to come", today)
		}
	}
	if err := p.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: from, To: to, Zone: zone}, nil
}

// readDate reads a date exactly as YYYY-MM-DD, at its start in zone.
func readDate(s string, zone *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, zone)
	if err == nil && t.Format(time.DateOnly) != s {
		err = fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	return t, err
}

// Start and End are the period's bounds: it holds the entries recorded
// from Start until before End.
func (p Period) Start() time.Time {
	t, _ := readDate(p.From, p.Zone)
	return t
}

// End is the start of the day after the period.
func (p Period) End() time.Time {
	t, _ := readDate(p.To, p.Zone)
	return t
}

// Source is the production a statement is about.
type Source struct {
	Ledger     string
	Production string
	// Origin is the ledger's checkpoints' origin line.
	Origin string
}

// Preview is a statement before or after it is signed: its text and what
// it says in words, with the checkpoint it rests on and whether a witness
// cosigned it.
type Preview struct {
	From     string `json:"from"`
	To       string `json:"to"`
	TimeZone string `json:"time_zone"`
	// First and Last are the entries of the period.
	First int64 `json:"first"`
	Last  int64 `json:"last"`
	// Profile is the safety profile in force, set by ProfileEntry.
	Profile      string `json:"profile"`
	ProfileEntry int64  `json:"profile_entry"`
	// Counts are what the statement counts, each with its entries.
	Counts []Counted `json:"counts"`
	// Claims are the statement's claims in words.
	Claims     []string   `json:"claims"`
	Checkpoint Checkpoint `json:"checkpoint"`
	// Witnessed is true when a witness cosigned the checkpoint.
	Witnessed bool `json:"witnessed"`
	// Summary says it all in plain English, with the checkpoint.
	Summary []string `json:"summary"`
	// Text is the statement's text, which is signed; SHA256 its hex
	// SHA-256.
	Text   string `json:"statement"`
	SHA256 string `json:"statement_sha256"`

	statement evidence.Statement
}

// Statement returns the statement the preview shows.
func (p *Preview) Statement() evidence.Statement { return p.statement }

// Tallies returns how many entries each count holds, as the entry that
// records the signed attestation keeps them.
func (p *Preview) Tallies() []Tally {
	out := make([]Tally, len(p.Counts))
	for i, c := range p.Counts {
		out[i] = Tally{Name: c.Name, Count: len(c.Entries)}
	}
	return out
}

// Counted is one count of a statement.
type Counted struct {
	// Name is the count's name in the statement, such as
	// "firearm-handoffs".
	Name string `json:"name"`
	// Type is the entries' type, and Where the conditions on their body
	// ("action=handover").
	Type  string   `json:"type"`
	Where []string `json:"where"`
	// Words says what is counted, in plain English.
	Words   string  `json:"words"`
	Entries []int64 `json:"entries"`
}

// Event types a statement reads.
const (
	typeHandedOver = "firearm.handed_over"
	typeRefused    = "action.refused"
	typeLoaded     = "firearm.loaded"
	typeStopWork   = "stop_work.called"
	typeProfileSet = "safety.profile_set"
	typeSigned     = "attestation.signed"
)

// The gate's kind of action of a hand-off, as a refusal records it.
const actionHandover = "handover"

// Build builds the statement of a production's period: its entries, the
// profile in force, the counts and the checkpoint a witness cosigned
// (or else the latest) that covers them. It refuses a period without
// entries, one before the production set its safety profile, and one in
// which the profile changed after an entry it counts: a statement names
// one profile, so such a period is attested in two, before and after the
// change.
func Build(ctx context.Context, store Store, src Source, p Period) (*Preview, error) {
	first, last, err := store.PeriodEntries(ctx, src.Ledger, p.Start(), p.End())
	if err != nil {
		return nil, err
	}
	if first == 0 {
		return nil, setsafe.Errorf(setsafe.EInvalid, "The ledger of %s holds no entries from %s until before %s (%s): there is nothing to attest. Choose a period in which the production recorded something.",
			src.Ledger, p.From, p.To, p.Zone)
	}
	cp, err := store.WitnessedCheckpoint(ctx, src.Ledger, last)
	if err != nil {
		return nil, err
	}
	return build(ctx, store, src, p, first, last, cp)
}

// Rebuild builds again the statement of a signed attestation, from what
// its entry recorded, and checks it against the recorded hash: the same
// entries, profile and checkpoint make the same text.
func Rebuild(ctx context.Context, store Store, src Source, a *Attestation) (*Preview, error) {
	zone, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil, setsafe.Errorf(setsafe.EInternal, "The attestation %s names the time zone %q, which this server does not know.", a.ID, a.TimeZone)
	}
	cp, err := store.CheckpointOf(ctx, src.Ledger, a.CheckpointSize)
	if err != nil {
		return nil, err
	}
	src.Production = a.Production
	pv, err := build(ctx, store, src, Period{From: a.From, To: a.To, Zone: zone}, a.First, a.Last, cp)
	if err != nil {
		return nil, err
	}
	if pv.SHA256 != a.StatementSHA256 {
		return nil, setsafe.Errorf(setsafe.EConflict, "The statement of attestation %s built again from the ledger does not match what was signed (SHA-256 %s, signed %s): the ledger or the server's code changed since; run setsafe verify.",
			a.ID, pv.SHA256, a.StatementSHA256)
	}
	return pv, nil
}

// Note returns the statement's signed note.
func Note(store Store, pv *Preview) ([]byte, error) {
	return store.SignNote(pv.Text)
}

// counter gathers one count's entries.
type counter struct {
	name, typ string
	where     []evidence.FieldIs
	words     string
	entries   []uint64
}

// build reads the entries first..last and makes the statement.
func build(ctx context.Context, store Store, src Source, p Period, first, last int64, cp Checkpoint) (*Preview, error) {
	if cp.Size < last {
		return nil, setsafe.Errorf(setsafe.EConflict, "The checkpoint at size %d does not cover entry %d, the period's last.", cp.Size, last)
	}
	before, had, err := store.LastEntryOf(ctx, src.Ledger, typeProfileSet, first-1)
	if err != nil {
		return nil, err
	}
	profile, profileEntry := setsafe.DefaultProfile, int64(0)
	if had {
		profile, profileEntry = profileOf(before), before.Seq
	}
	handoffs := &counter{name: "firearm-handoffs", typ: typeHandedOver, words: wordsHandoffs}
	refusedHandoffs := &counter{name: "refused-handoffs", typ: typeRefused, where: []evidence.FieldIs{{Field: "action", Value: actionHandover}},
		words: wordsRefusedHandoffs}
	loads := &counter{name: "loads", typ: typeLoaded, words: wordsLoads}
	stopWorks := &counter{name: "stop-works", typ: typeStopWork, words: wordsStopWorks}
	refusedOther := map[string]*counter{}
	counted := int64(0) // the first counted entry, 0 before any
	count := func(c *counter, seq int64) {
		c.entries = append(c.entries, uint64(seq))
		if counted == 0 {
			counted = seq
		}
	}
	err = store.EachEntry(ctx, src.Ledger, first, last, []string{typeHandedOver, typeRefused, typeLoaded, typeStopWork, typeProfileSet}, func(e setsafe.Event) error {
		switch e.Type() {
		case typeHandedOver:
			count(handoffs, e.Seq)
		case typeLoaded:
			count(loads, e.Seq)
		case typeStopWork:
			count(stopWorks, e.Seq)
		case typeRefused:
			action := refusedAction(e)
			if action == actionHandover {
				count(refusedHandoffs, e.Seq)
				break
			}
			c := refusedOther[action]
			if c == nil {
				c = &counter{name: "refused-" + strings.ReplaceAll(action, "_", "-"), typ: typeRefused, where: []evidence.FieldIs{{Field: "action", Value: action}},
					words: actionWords(action) + wordsRefused}
				refusedOther[action] = c
			}
			count(c, e.Seq)
		case typeProfileSet:
			next := profileOf(e)
			if next != profile && counted != 0 {
				return setsafe.Errorf(setsafe.EInvalid, "The safety profile changed inside the period: entry %d set it to %q, after entries of the period were recorded under %q. "+
					"A statement names one profile: attest the period up to the day of the change, and the period from the day after it, separately.", e.Seq, next, profile)
			}
			profile, profileEntry = next, e.Seq
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if profileEntry == 0 {
		return nil, setsafe.Errorf(setsafe.EInvalid, "No safety profile was set up to entry %d: a statement names the profile the gate used and the entry that set it. "+
			"Set the production's safety rules, and attest a period after that.", last)
	}
	counters := []*counter{handoffs, refusedHandoffs, loads}
	for _, action := range slices.Sorted(maps.Keys(refusedOther)) {
		counters = append(counters, refusedOther[action])
	}
	counters = append(counters, stopWorks)

	st := evidence.Statement{
		Origin: src.Origin, Production: src.Production,
		CheckpointSize: uint64(cp.Size), CheckpointRoot: cp.Root,
		Period: evidence.Period{From: p.Start().UTC(), To: p.End().UTC()},
		First:  uint64(first), Last: uint64(last),
		Profile: profile, ProfileEntry: uint64(profileEntry),
	}
	pv := &Preview{From: p.From, To: p.To, TimeZone: p.Zone.String(), First: first, Last: last, Profile: profile, ProfileEntry: profileEntry,
		Counts: []Counted{}, Checkpoint: cp, Witnessed: len(cp.Witnesses) > 0}
	if pv.Checkpoint.Witnesses == nil {
		pv.Checkpoint.Witnesses = []string{}
	}
	for _, c := range counters {
		st.Counts = append(st.Counts, evidence.Count{Name: c.name, Type: c.typ, Where: c.where, Entries: c.entries})
		view := Counted{Name: c.name, Type: c.typ, Where: []string{}, Words: c.words, Entries: make([]int64, len(c.entries))}
		for _, w := range c.where {
			view.Where = append(view.Where, w.Field+"="+w.Value)
		}
		for i, seq := range c.entries {
			view.Entries[i] = int64(seq)
		}
		pv.Counts = append(pv.Counts, view)
	}
	st.Claim = claims(p, profile, first, last, cp.Size, handoffs, refusedHandoffs, loads, counters[3:len(counters)-1], stopWorks)
	pv.Claims = st.Claim
	if err := st.Check(); err != nil {
		return nil, setsafe.Errorf(setsafe.EInvalid, "The statement cannot be written as a signed note (%v): the production's name must be one line of printable characters.", err)
	}
	pv.statement = st
	pv.Text = st.Text()
	sum := sha256.Sum256([]byte(pv.Text))
	pv.SHA256 = hex.EncodeToString(sum[:])
	pv.Summary = summary(pv)
	return pv, nil
}

// claims says the statement's counts in words, one sentence a line.
func claims(p Period, profile string, first, last, size int64, handoffs, refusedHandoffs, loads *counter, refusedOther []*counter, stopWorks *counter) []string {
	period := fmt.Sprintf("from %s until before %s (%s)", p.From, p.To, p.Zone)
	var out []string
	switch n := len(handoffs.entries); n {
	case 0:
		out = append(out, fmt.Sprintf("No firearm hand-off was recorded %s.", period))
	case 1:
		out = append(out, fmt.Sprintf("The one firearm hand-off recorded %s passed its rules under profile %s: setsafe records a hand-off only when the gate says GO.", period, profile))
	default:
		out = append(out, fmt.Sprintf("Every one of the %d firearm hand-offs recorded %s passed its rules under profile %s: setsafe records a hand-off only when the gate says GO.", n, period, profile))
	}
	if n := len(refusedHandoffs.entries); n > 0 {
		out = append(out, fmt.Sprintf("%s refused by the gate and recorded with the rules %s broke; %s took place.",
			plural(n, "hand-off was", "hand-offs were"), pick(n, "it", "they"), pick(n, "it never", "none of them")))
	} else {
		out = append(out, "No hand-off was refused by the gate.")
	}
	if n := len(loads.entries); n > 0 {
		out = append(out, fmt.Sprintf("%s into firearms passed %s rules under profile %s.", plural(n, "load of rounds", "loads of rounds"), pick(n, "its", "their"), profile))
	} else {
		out = append(out, "No rounds were loaded into a firearm.")
	}
	for _, c := range refusedOther {
		out = append(out, fmt.Sprintf("%s: %d, each recorded with the rules it broke.", upper(c.words), len(c.entries)))
	}
	out = append(out, fmt.Sprintf("%s called.", plural(len(stopWorks.entries), "stop-work was", "stop-works were")))
	out = append(out, fmt.Sprintf("Each count lists every entry it counts among entries %d to %d, the entries of the period, all in the ledger's checkpoint at size %d.", first, last, size))
	return out
}

// summary says the statement and where it stands, for the person who
// signs it.
func summary(pv *Preview) []string {
	out := slices.Clone(pv.Claims)
	out = append(out, fmt.Sprintf("The safety profile in force was %s, set by entry %d.", pv.Profile, pv.ProfileEntry))
	cp := pv.Checkpoint
	root := base64.StdEncoding.EncodeToString(cp.Root)
	if pv.Witnessed {
		out = append(out, fmt.Sprintf("It rests on the checkpoint at size %d (root %s), cosigned by %s.", cp.Size, root, strings.Join(cp.Witnesses, ", ")))
	} else {
		out = append(out, fmt.Sprintf("It rests on the checkpoint at size %d (root %s), which no witness has cosigned yet: a reader cannot yet tell it from a ledger rewritten since. Sign again once a witness has cosigned a checkpoint.", cp.Size, root))
	}
	return out
}

// profileOf returns the profile a safety.profile_set entry set.
func profileOf(e setsafe.Event) string {
	switch b := e.Body.(type) {
	case *setsafe.SafetyProfileSet:
		return b.Profile
	case *setsafe.SafetyProfileSetV2:
		return b.Profile
	case *setsafe.SafetyProfileSetV1:
		return b.Profile
	}
	return ""
}

// refusedAction returns the kind of action a refusal refused.
func refusedAction(e setsafe.Event) string {
	switch b := e.Body.(type) {
	case *setsafe.ActionRefused:
		return b.Action
	case *setsafe.ActionRefusedV1:
		return b.Action
	}
	return ""
}

// CountWords returns the words of every count a statement may hold, as
// [Counted.Words] says them, so that the pages can translate them.
func CountWords() []string {
	out := []string{wordsHandoffs, wordsRefusedHandoffs, wordsLoads, wordsStopWorks}
	for _, action := range []string{"load", "unsecure", "receive_firearm", "receive_lot", "assign_duty", "start_setup", "inspect", "return_to_service", "start_duty", "end_duty"} {
		out = append(out, actionWords(action)+wordsRefused)
	}
	return out
}

// The words of the counts.
const (
	wordsHandoffs        = "firearm hand-offs, each recorded only when the gate said GO"
	wordsRefusedHandoffs = "hand-offs the gate refused, recorded with the rules they broke"
	wordsLoads           = "loads of rounds into firearms, each recorded only when the gate said GO"
	wordsStopWorks       = "stop-works called"
	wordsRefused         = " the gate refused"
)

// actionWords names a kind of action the gate decides, in plain English.
func actionWords(action string) string {
	switch action {
	case "load":
		return "loads of rounds"
	case "unsecure":
		return "firearms taken out of the store"
	case "receive_firearm":
		return "firearms received"
	case "receive_lot":
		return "lots of ammunition received"
	case "assign_duty":
		return "duties given"
	case "start_setup":
		return "starts of set-ups"
	case "inspect":
		return "inspections"
	case "return_to_service":
		return "firearms returned to service"
	case "start_duty":
		return "starts of duty"
	case "end_duty":
		return "ends of duty"
	}
	return "actions of kind " + action
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
