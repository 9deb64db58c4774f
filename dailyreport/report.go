package dailyreport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// Report is the content of the daily safety report of one day: what the
// PDF shows, and what the API answers as JSON. Times are instants; the
// PDF shows them on the set's clock (TimeZone).
type Report struct {
	Production ReportProduction `json:"production"`
	// Day is the day reported, YYYY-MM-DD on the set's clock.
	Day         string       `json:"day"`
	TimeZone    string       `json:"time_zone"`
	GeneratedAt time.Time    `json:"generated_at"`
	Source      ReportSource `json:"source"`
	// Meetings are the day's safety meetings, and who the rules wanted at
	// one and did not come.
	Meetings DayMeetings `json:"meetings"`
	SetUps   []DaySetUp  `json:"setups"`
	// OtherRefusals are the day's refusals of actions for no set-up of
	// the day: an issue for no set-up, a duty, a lot received.
	OtherRefusals []DayRefusal     `json:"other_refusals"`
	Custody       DayCustody       `json:"custody"`
	Concerns      DayConcerns      `json:"concerns"`
	StopWorks     []DayStopWork    `json:"stop_works"`
	Alerts        []DayAlert       `json:"alerts"`
	Discharges    []DayDischarge   `json:"discharges"`
	LiveRounds    []DayLiveRound   `json:"live_rounds"`
	Incidents     []DayIncident    `json:"incidents"`
	OverdueWork   []DayOverdueWork `json:"overdue_corrective_actions"`
}

// ReportProduction names the production reported on.
type ReportProduction struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company,omitempty"`
	Location string `json:"location,omitempty"`
}

// ReportSource says which ledger the report was made from, so that it can
// be checked against it.
type ReportSource struct {
	// LedgerSize is the number of entries of the ledger the state was
	// folded from; LastEntryAt when the last of them was recorded.
	LedgerSize  int64     `json:"ledger_size"`
	LastEntryAt time.Time `json:"last_entry_at,omitzero"`
	// DayEntries is how many of the day's entries the report read, from
	// FirstSeq to LastSeq (both 0 for a day without entries).
	DayEntries int   `json:"day_entries"`
	FirstSeq   int64 `json:"first_seq,omitempty"`
	LastSeq    int64 `json:"last_seq,omitempty"`
	// VerifierKeyID names the key that verifies the server's checkpoints
	// (its name and hash), when given.
	VerifierKeyID string `json:"verifier_key_id,omitempty"`
	// Checkpoint is the latest signed checkpoint of the ledger, when
	// given.
	Checkpoint *ReportCheckpoint `json:"checkpoint,omitempty"`
}

// ReportCheckpoint is a signed checkpoint of the ledger: its size, its
// root hash in hexadecimal, and when it was signed.
type ReportCheckpoint struct {
	Size     int64     `json:"size"`
	Root     string    `json:"root"`
	SignedAt time.Time `json:"signed_at,omitzero"`
}

// Who is a person of the production, by ID and name.
type Who struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Input is what a report is made from besides the state.
type Input struct {
	// Day is the day to report on, YYYY-MM-DD on the set's clock; not
	// after today's.
	Day string
	// Now is when the report is made: the verdicts of set-ups not yet
	// started, and corrective actions overdue, are as they stand now.
	Now time.Time
	// Entries are the ledger's entries of the day, in order; entries of
	// other days, and any recorded after the state, are left out.
	Entries []setsafe.Event
	// VerifierKey is the key that verifies the server's checkpoints, in
	// the signed-note form name+hash+key; "" when there is none.
	VerifierKey string
	// Checkpoint is the ledger's latest signed checkpoint, or nil.
	Checkpoint *ReportCheckpoint
}

// Build makes the report of a day from a production's state, which it
// only reads, and the day's entries. It returns an invalid error when the
// day is not a day, is after today on the set's clock, or an entry is of
// another ledger.
func Build(s *setsafe.State, in Input) (*Report, error) {
	prod := s.Production()
	if prod == nil {
		return nil, setsafe.Errorf(setsafe.ENotFound, "The ledger %s has no production to report on.", s.Ledger)
	}
	loc := prod.Zone()
	from, to, err := Bounds(loc, in.Day)
	if err != nil {
		return nil, err
	}
	if today := s.Day(in.Now); in.Day > today {
		return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("%s has not begun on set; today is %s.", in.Day, today),
			Fields: map[string]string{"day": "must be today or a day before"}}
	}
	entries := make([]setsafe.Event, 0, len(in.Entries))
	for _, e := range in.Entries {
		if e.Ledger != s.Ledger {
			return nil, &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("Entry %d is of ledger %s, not %s.", e.Seq, e.Ledger, s.Ledger),
				Fields: map[string]string{"entries": "must all be of the production's ledger"}}
		}
		if e.Seq <= s.Size && !e.Time.Before(from) && e.Time.Before(to) {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b setsafe.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	r := &Report{Production: ReportProduction{ID: prod.ID, Name: prod.Name, Company: prod.Company, Location: prod.Location},
		Day: in.Day, TimeZone: loc.String(), GeneratedAt: in.Now.UTC(),
		Source: ReportSource{LedgerSize: s.Size, LastEntryAt: s.LastTime, DayEntries: len(entries), VerifierKeyID: KeyID(in.VerifierKey), Checkpoint: in.Checkpoint},
		SetUps: []DaySetUp{}, OtherRefusals: []DayRefusal{}, StopWorks: []DayStopWork{}, Alerts: []DayAlert{}, Discharges: []DayDischarge{},
		LiveRounds: []DayLiveRound{}, Incidents: []DayIncident{}, OverdueWork: []DayOverdueWork{}}
	if len(entries) > 0 {
		r.Source.FirstSeq, r.Source.LastSeq = entries[0].Seq, entries[len(entries)-1].Seq
	}
	b := &builder{s: s, r: r, loc: loc, from: from, to: to, now: in.Now, today: s.Day(in.Now) == in.Day}
	b.read(entries)
	if err := b.setUps(); err != nil {
		return nil, err
	}
	b.meetings()
	b.custodyAtEnd()
	b.incidents()
	return r, nil
}

// Bounds returns when a day (YYYY-MM-DD) begins and ends on the set's
// clock, loc: the report reads the entries recorded from from until
// before to. It returns an invalid error naming the field "day" when the
// text is not such a day.
func Bounds(loc *time.Location, day string) (from, to time.Time, err error) {
	d, perr := time.ParseInLocation(time.DateOnly, day, loc)
	if perr != nil || d.Format(time.DateOnly) != day {
		return time.Time{}, time.Time{}, &setsafe.Error{Code: setsafe.EInvalid, Message: fmt.Sprintf("%q is not a day.", day),
			Fields: map[string]string{"day": "must be a day as YYYY-MM-DD, such as 2021-10-21"}}
	}
	y, m, dd := d.Date()
	return d, time.Date(y, m, dd+1, 0, 0, 0, 0, loc), nil
}

// KeyID returns the name and hash of a signed-note verifier key
// (name+hash+key), which name the key in a checkpoint's signature; "" for
// no key, and the key itself when it is not of that form.
func KeyID(key string) string {
	name, rest, ok := strings.Cut(key, "+")
	if !ok {
		return key
	}
	hash, _, ok := strings.Cut(rest, "+")
	if !ok {
		return key
	}
	return name + "+" + hash
}

// builder gathers a report's content from the state and the day's
// entries.
type builder struct {
	s        *setsafe.State
	r        *Report
	loc      *time.Location
	from, to time.Time
	now      time.Time
	// today is whether the day reported is today on the set's clock: a
	// set-up not started has a verdict only then.
	today bool
	// refusals are the day's refusals, in order, until they are sorted
	// under their set-ups.
	refusals []DayRefusal
	// receivers are the people issued a firearm during the day.
	receivers []string
	// lastCustody is each firearm's last custody entry of the day: the
	// person who then held it, or "" when it was locked away.
	lastCustody map[string]string
	// firearmWork is whether a firearm was issued, loaded or taken out
	// of its store during the day.
	firearmWork bool
}

// who returns a person by ID and name; the zero Who for no ID.
func (b *builder) who(id string) Who {
	if id == "" {
		return Who{}
	}
	if p := b.s.Person(id); p != nil {
		return Who{ID: id, Name: p.Name}
	}
	return Who{ID: id, Name: id}
}

// whoPtr is who for an optional person: nil for no ID.
func (b *builder) whoPtr(id string) *Who {
	if id == "" {
		return nil
	}
	w := b.who(id)
	return &w
}

// firearmName is how people on set call a firearm, without its article.
func (b *builder) firearmName(id string) string {
	if f := b.s.Firearm(id); f != nil {
		return strings.TrimPrefix(f.Name(), "the ")
	}
	return id
}

// lotLabel is a lot's label, or its ID when it has none.
func (b *builder) lotLabel(id string) string {
	if l := b.s.AmmoLot(id); l != nil && l.Label != "" {
		return l.Label
	}
	return id
}

// onDay says whether t falls on the day reported, on the set's clock.
func (b *builder) onDay(t time.Time) bool { return !t.Before(b.from) && t.Before(b.to) }

// spoken turns a machine word (first_ad, action_planned) into words.
func spoken(s string) string { return strings.ReplaceAll(s, "_", " ") }
