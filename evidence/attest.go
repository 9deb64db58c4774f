package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// ProfileSetType is the type of the entry that sets a production's
// safety profile; its body's "profile" field names the profile.
const ProfileSetType = "safety.profile_set"

// attestationCheck checks a statement against the bundle's entries as
// they stream by. It keeps a cursor in each count's list, and nothing per
// entry.
type attestationCheck struct {
	v *verification
	s Statement
	// cursor is, for each count, the index of its next listed entry;
	// reported whether its first difference was named.
	cursor   []int
	reported []bool
	// checkable turns false when the claims cannot be checked in full.
	checkable     bool
	profileSeen   bool
	checkpointOK  bool
	problemsFound int
}

func newAttestationCheck(v *verification, s Statement) *attestationCheck {
	a := &attestationCheck{v: v, s: s, cursor: make([]int, len(s.Counts)), reported: make([]bool, len(s.Counts)), checkable: true}
	m := v.m
	if s.Origin != m.Origin {
		a.problem("its origin %q is not the bundle's %q", s.Origin, m.Origin)
	}
	if s.First < m.From || s.Last > m.To {
		a.problem("it counts entries %d to %d, but the bundle holds entries %d to %d: the claims cannot be checked", s.First, s.Last, m.From, m.To)
	}
	if s.Last > s.CheckpointSize {
		a.problem("it counts entries to %d, beyond its checkpoint at size %d", s.Last, s.CheckpointSize)
	}
	if s.Profile != "" {
		switch {
		case s.ProfileEntry > s.Last:
			a.problem("its profile entry %d is after its last entry %d", s.ProfileEntry, s.Last)
		case s.ProfileEntry < m.From:
			a.problem("its profile entry %d is not in the bundle (entries %d to %d): the profile cannot be checked", s.ProfileEntry, m.From, m.To)
		}
	}
	for _, c := range s.Counts {
		for _, e := range c.Entries {
			if e < s.First || e > s.Last {
				a.problem("count %s lists entry %d, outside its entries %d to %d", c.Name, e, s.First, s.Last)
				break
			}
		}
	}
	return a
}

func (a *attestationCheck) problem(format string, args ...any) {
	a.problemsFound++
	a.v.problem("attestation", format, args...)
}

// entry checks one entry of the bundle; e is nil for a withheld one.
func (a *attestationCheck) entry(seq uint64, e *Entry) {
	s := &a.s
	inRange := s.First <= seq && seq <= s.Last
	afterProfile := s.Profile != "" && s.ProfileEntry < seq && seq <= s.Last
	// The entries next to the statement's say whether they are all the
	// entries of its period: the one before must be before the period,
	// the one after at or after its end (entries' times do not go back).
	before, after := seq+1 == s.First, seq == s.Last+1
	if e == nil {
		switch {
		case before || after:
			a.problem("entry %d, next to the statement's entries %d to %d, is withheld from the bundle, so whether the statement counts all the entries of its period cannot be checked", seq, s.First, s.Last)
		case inRange:
			a.problem("entry %d is withheld from the bundle, so the statement's claims about entries %d to %d cannot be checked", seq, s.First, s.Last)
		case seq == s.ProfileEntry && s.Profile != "":
			a.problem("entry %d, the profile entry, is withheld from the bundle, so the profile cannot be checked", seq)
		case afterProfile:
			a.problem("entry %d is withheld from the bundle, so whether it changed the profile cannot be checked", seq)
		}
		a.skipListed(seq)
		return
	}
	if before && !e.Time.Before(s.Period.From) || after && e.Time.Before(s.Period.To) {
		a.problem("entry %d, at %s, is within the period %s to %s but not among the statement's entries %d to %d: the statement does not count all the entries of its period",
			seq, e.Time.Format(time.RFC3339Nano), s.Period.From.Format(StatementPeriodLayout), s.Period.To.Format(StatementPeriodLayout), s.First, s.Last)
	}
	var fields map[string]json.RawMessage
	var fieldsErr error
	fieldsRead := false
	field := func(name string) (string, bool) {
		if !fieldsRead {
			fieldsRead = true
			fields, fieldsErr = topLevelFields(e.Body)
		}
		raw, ok := fields[name]
		if !ok || len(raw) == 0 || raw[0] != '"' {
			return "", false
		}
		var v string
		if json.Unmarshal(raw, &v) != nil {
			return "", false
		}
		return v, true
	}
	if s.Profile != "" && seq == s.ProfileEntry {
		a.profileSeen = true
		if e.Type != ProfileSetType {
			a.problem("entry %d, which it says set profile %s, is a %s, not a %s", seq, s.Profile, e.Type, ProfileSetType)
		} else if p, _ := field("profile"); p != s.Profile {
			a.problem("entry %d sets profile %q, not %s", seq, p, s.Profile)
		}
	}
	if afterProfile && e.Type == ProfileSetType {
		p, _ := field("profile")
		a.problem("entry %d sets the profile again (to %q) after entry %d, before the statement's last entry %d", seq, p, s.ProfileEntry, s.Last)
	}
	defer func() {
		// A body that names a field twice reads differently in
		// different JSON readers: what the statement says of it cannot
		// be checked.
		if fieldsErr != nil && fieldsErr != errNotObject {
			a.problem("entry %d: its body %v, so the statement's claims about it cannot be checked", seq, fieldsErr)
		}
	}()
	if !inRange {
		return
	}
	if e.Time.Before(s.Period.From) || !e.Time.Before(s.Period.To) {
		a.problem("entry %d, at %s, is outside the period %s to %s", seq, e.Time.Format(time.RFC3339Nano),
			s.Period.From.Format(StatementPeriodLayout), s.Period.To.Format(StatementPeriodLayout))
	}
	for i, c := range s.Counts {
		listed := a.cursor[i] < len(c.Entries) && c.Entries[a.cursor[i]] == seq
		if listed {
			a.cursor[i]++
		}
		match := e.Type == c.Type
		for _, f := range c.Where {
			if !match {
				break
			}
			v, ok := field(f.Field)
			match = ok && v == f.Value
		}
		if match == listed || a.reported[i] {
			continue
		}
		a.reported[i] = true
		if match {
			a.problem("count %s: entry %d is a %s%s but is not listed", c.Name, seq, c.Type, describeWhere(c.Where))
		} else {
			a.problem("count %s: it lists entry %d, which is not a %s%s", c.Name, seq, c.Type, describeWhere(c.Where))
		}
	}
}

var errNotObject = errors.New("is not a JSON object")

// topLevelFields returns the top-level fields of a JSON object, each
// value as it is written. It refuses a body that is not UTF-8 or that
// names a field twice (even written with different escapes), which
// JSON readers take differently: Go's the last value, others the first.
func topLevelFields(body []byte) (map[string]json.RawMessage, error) {
	if !utf8.Valid(body) {
		return nil, errors.New("is not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errNotObject
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, errNotObject
		}
		name, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, errNotObject
		}
		if _, twice := fields[name]; twice {
			return nil, fmt.Errorf("names field %q twice", name)
		}
		fields[name] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, errNotObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotObject
	}
	return fields, nil
}

// undecodable notes an entry that could not be read: its claims cannot
// be checked.
func (a *attestationCheck) undecodable(seq uint64) {
	if a.s.First <= seq && seq <= a.s.Last || seq == a.s.ProfileEntry {
		a.problem("entry %d cannot be read, so the statement's claims about it cannot be checked", seq)
	}
	a.skipListed(seq)
}

func (a *attestationCheck) skipListed(seq uint64) {
	for i, c := range a.s.Counts {
		if a.cursor[i] < len(c.Entries) && c.Entries[a.cursor[i]] == seq {
			a.cursor[i]++
		}
	}
}

func describeWhere(where []FieldIs) string {
	if len(where) == 0 {
		return ""
	}
	var b bytes.Buffer
	b.WriteString(" with")
	for i, f := range where {
		if i > 0 {
			b.WriteString(" and")
		}
		fmt.Fprintf(&b, " %s %q", f.Field, f.Value)
	}
	return b.String()
}

// checkpoint sees a checkpoint of the bundle that matched its entries or
// is the head.
func (a *attestationCheck) checkpoint(rec *checkpointRecord) {
	if rec.size != a.s.CheckpointSize {
		return
	}
	if !bytes.Equal(rec.cp.root, a.s.CheckpointRoot) {
		a.problem("its checkpoint at size %d has another root than the bundle's checkpoint of that size", rec.size)
		return
	}
	a.checkpointOK = true
	if len(a.v.witnesses) > 0 && !a.v.finalQuorum(len(rec.cosigners)) {
		a.problem("its checkpoint at size %d is cosigned by %d of the trusted witnesses, fewer than the quorum of %d", rec.size, len(rec.cosigners), a.v.quorum)
	}
}

// finish ends the check once the entries are read, to last.
func (a *attestationCheck) finish(broken bool, last uint64) {
	s := &a.s
	if broken && last < s.Last {
		a.problem("the entries could not be read past entry %d, so the statement's claims cannot all be checked", last)
	}
	if s.Profile != "" && !a.profileSeen && s.ProfileEntry >= a.v.m.From && s.ProfileEntry <= last {
		a.problem("entry %d, the profile entry, was not read", s.ProfileEntry)
	}
}

// done completes the check once the checkpoints are read too.
func (a *attestationCheck) done() {
	if !a.checkpointOK {
		a.problem("its checkpoint at size %d is not one of the bundle's verified checkpoints", a.s.CheckpointSize)
	}
	// An entry next to the statement's that the bundle does not hold
	// may be in its period: say that this rests on the statement's word.
	m, s := a.v.m, a.s
	if s.First > 1 && s.First == m.From {
		a.v.note("The bundle does not hold entry %d, so that the attestation's period starts with its entry %d is not shown.", s.First-1, s.First)
	}
	if s.Last == m.To && a.v.rep.HeadSize > s.Last {
		a.v.note("The bundle does not hold entry %d, so that the attestation's period ends with its entry %d is not shown.", s.Last+1, s.Last)
	}
	if a.problemsFound == 0 {
		s := a.s
		a.v.rep.Attestation = &s
	}
}
