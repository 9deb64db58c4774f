package evidence

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Statement is a compliance attestation: for a production's ledger and a
// period, what the entries show, with the index of every entry counted and
// the checkpoint they are in, so that whoever holds a bundle of the period
// can check it without trusting the production. It is signed as a C2SP
// signed note whose text is [Statement.Text].
//
// Its text, line by line (a claim's entry lines hold up to 20 numbers):
//
//	setsafe attestation/v1
//	origin setsafe/red-mesa
//	production Red Mesa
//	checkpoint 6000 BASE64ROOT
//	period 2026-11-01T07:00:00Z 2026-12-01T07:00:00Z
//	entries 100 5321
//	profile US-CA 87
//	count firearm-issues 412 firearm.handed_over
//	- 101 105 ...
//	count refused-issues 3 action.refused action=hand_over
//	- 205 ...
//	claim Every one of the 412 firearm hand-offs ... under profile US-CA, ...
//
// "entries A B" are the ledger's entries in the period; "profile P N" says
// entry N, of type safety.profile_set, set profile P and no later entry up
// to B changed it; each "count NAME N TYPE [FIELD=VALUE...]" says that
// exactly the N entries listed after it, among A..B, are of TYPE with
// each top-level FIELD of their body equal to VALUE (a string). "claim"
// lines say it in words; the verifier checks the lines before them.
type Statement struct {
	Origin     string
	Production string
	// Checkpoint is the checkpoint the counted entries are in; a witness
	// cosigned it.
	CheckpointSize uint64
	CheckpointRoot []byte
	Period         Period
	First, Last    uint64
	Profile        string
	ProfileEntry   uint64
	Counts         []Count
	Claim          []string
}

// Count is one counted claim of a statement.
type Count struct {
	Name  string
	Type  string
	Where []FieldIs
	// Entries are the sequence numbers counted, in order.
	Entries []uint64
}

// FieldIs is a condition on a top-level field of an entry's JSON body.
type FieldIs struct{ Field, Value string }

// StatementPeriodLayout is how a statement writes times.
const StatementPeriodLayout = time.RFC3339

// StatementHeader is the first line of a statement's text.
const StatementHeader = "setsafe attestation/v1"

// statementPerLine is how many entry numbers one "-" line holds.
const statementPerLine = 20

// Text returns the statement's note text, ending in a newline. The
// production line is left out when Production is empty and the profile
// line when Profile is. A statement that [Statement.Check] refuses gives
// a text that [ParseStatement] refuses too.
func (s Statement) Text() string {
	var b strings.Builder
	b.WriteString(StatementHeader + "\n")
	b.WriteString("origin " + s.Origin + "\n")
	if s.Production != "" {
		b.WriteString("production " + s.Production + "\n")
	}
	fmt.Fprintf(&b, "checkpoint %d %s\n", s.CheckpointSize, base64.StdEncoding.EncodeToString(s.CheckpointRoot))
	fmt.Fprintf(&b, "period %s %s\n", s.Period.From.Format(StatementPeriodLayout), s.Period.To.Format(StatementPeriodLayout))
	fmt.Fprintf(&b, "entries %d %d\n", s.First, s.Last)
	if s.Profile != "" {
		fmt.Fprintf(&b, "profile %s %d\n", s.Profile, s.ProfileEntry)
	}
	for _, c := range s.Counts {
		fmt.Fprintf(&b, "count %s %d %s", c.Name, len(c.Entries), c.Type)
		for _, f := range c.Where {
			b.WriteString(" " + f.Field + "=" + quoteValue(f.Value))
		}
		b.WriteString("\n")
		for i := 0; i < len(c.Entries); i += statementPerLine {
			b.WriteString("-")
			for _, n := range c.Entries[i:min(i+statementPerLine, len(c.Entries))] {
				b.WriteString(" " + strconv.FormatUint(n, 10))
			}
			b.WriteString("\n")
		}
	}
	for _, line := range s.Claim {
		b.WriteString("claim " + line + "\n")
	}
	return b.String()
}

// quoteValue writes a field's value bare when it is a plain word, and as a
// Go-quoted string otherwise.
func quoteValue(v string) string {
	if v == "" || v[0] == '"' || strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(v)
	}
	return v
}

// Check reports what makes a statement unfit to be written: a name with a
// space, entries out of order, a text with a line break.
func (s Statement) Check() error {
	back, err := ParseStatement(s.Text())
	if err != nil {
		return err
	}
	// The text parses; it may still read back differently, as when a
	// claim holds a line break.
	if !back.equal(s) {
		return errors.New("statement: a field holds a line break or spaces where a word is needed")
	}
	return nil
}

func (s Statement) equal(o Statement) bool {
	if s.Origin != o.Origin || s.Production != o.Production || s.CheckpointSize != o.CheckpointSize ||
		!bytes.Equal(s.CheckpointRoot, o.CheckpointRoot) || !s.Period.From.Equal(o.Period.From) || !s.Period.To.Equal(o.Period.To) ||
		s.First != o.First || s.Last != o.Last || s.Profile != o.Profile || s.ProfileEntry != o.ProfileEntry ||
		!slices.Equal(s.Claim, o.Claim) || len(s.Counts) != len(o.Counts) {
		return false
	}
	for i, c := range s.Counts {
		d := o.Counts[i]
		if c.Name != d.Name || c.Type != d.Type || !slices.Equal(c.Where, d.Where) || !slices.Equal(c.Entries, d.Entries) {
			return false
		}
	}
	return true
}

// ParseStatement reads a statement's text as [Statement.Text] writes it,
// strictly: any other text, even one that means the same, is refused, so
// that what was signed is exactly what is read.
func ParseStatement(text string) (Statement, error) {
	var s Statement
	if !utf8.ValidString(text) {
		return s, errors.New("statement: the text is not UTF-8")
	}
	if !strings.HasSuffix(text, "\n") {
		return s, errors.New("statement: the text does not end in a line break")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i, l := range lines {
		if l == "" {
			return s, fmt.Errorf("statement: line %d is empty", i+1)
		}
		if strings.IndexFunc(l, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) >= 0 {
			return s, fmt.Errorf("statement: line %d holds a control or non-printing character", i+1)
		}
	}
	p := &statementParser{lines: lines}
	if p.next() != StatementHeader {
		return s, fmt.Errorf("statement: the first line is not %q", StatementHeader)
	}
	var err error
	words := p.words("origin", 1)
	if words != nil {
		s.Origin = words[0]
	}
	if l, ok := p.prefixed("production "); ok {
		s.Production = l
		if s.Production != strings.TrimSpace(s.Production) {
			p.fail("the production's name starts or ends with a space")
		}
	}
	if w := p.words("checkpoint", 2); w != nil {
		s.CheckpointSize = p.number(w[0], "checkpoint size")
		s.CheckpointRoot, err = base64.StdEncoding.DecodeString(w[1])
		if err != nil || len(s.CheckpointRoot) != 32 || base64.StdEncoding.EncodeToString(s.CheckpointRoot) != w[1] {
			p.fail("the checkpoint's root %q is not a base64 SHA-256 hash", w[1])
		}
	}
	if w := p.words("period", 2); w != nil {
		s.Period.From = p.time(w[0])
		s.Period.To = p.time(w[1])
		if p.err == nil && !s.Period.From.Before(s.Period.To) {
			p.fail("the period ends before it starts")
		}
	}
	if w := p.words("entries", 2); w != nil {
		s.First = p.number(w[0], "first entry")
		s.Last = p.number(w[1], "last entry")
		if p.err == nil && (s.First < 1 || s.First > s.Last) {
			p.fail("entries %d to %d is not a range of entries", s.First, s.Last)
		}
	}
	if p.err == nil && p.peekPrefix("profile ") {
		if w := p.words("profile", 2); w != nil {
			s.Profile = w[0]
			s.ProfileEntry = p.number(w[1], "profile entry")
			if p.err == nil && s.ProfileEntry < 1 {
				p.fail("the profile entry is 0")
			}
		}
	}
	for p.err == nil && p.peekPrefix("count ") {
		s.Counts = append(s.Counts, p.count())
	}
	for p.err == nil && p.peekPrefix("claim ") {
		l, _ := p.prefixed("claim ")
		s.Claim = append(s.Claim, l)
	}
	if p.err == nil && p.i < len(p.lines) {
		p.i++
		p.fail("unexpected line %q", p.lines[p.i-1])
	}
	if p.err != nil {
		return Statement{}, p.err
	}
	if s.Text() != text {
		return Statement{}, errors.New("statement: the text is not written as setsafe writes statements")
	}
	return s, nil
}

type statementParser struct {
	lines []string
	i     int
	err   error
}

func (p *statementParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("statement: line %d: %s", p.i, fmt.Sprintf(format, args...))
	}
}

func (p *statementParser) next() string {
	if p.i >= len(p.lines) {
		p.i++
		return ""
	}
	p.i++
	return p.lines[p.i-1]
}

func (p *statementParser) peekPrefix(prefix string) bool {
	return p.i < len(p.lines) && strings.HasPrefix(p.lines[p.i], prefix)
}

// prefixed reads the next line if it starts with prefix, and returns the
// rest.
func (p *statementParser) prefixed(prefix string) (string, bool) {
	if p.err != nil || !p.peekPrefix(prefix) {
		return "", false
	}
	rest := p.next()[len(prefix):]
	if rest == "" {
		p.fail("%q says nothing", strings.TrimSpace(prefix))
	}
	return rest, true
}

// words reads the next line, which must be keyword followed by n words
// separated by single spaces.
func (p *statementParser) words(keyword string, n int) []string {
	if p.err != nil {
		return nil
	}
	l := p.next()
	w := strings.Split(l, " ")
	if w[0] != keyword || len(w) != n+1 || slices.Contains(w, "") {
		p.fail("want %q followed by %d words, got %q", keyword, n, l)
		return nil
	}
	return w[1:]
}

func (p *statementParser) number(w, what string) uint64 {
	n, err := strconv.ParseUint(w, 10, 64)
	if err != nil || strconv.FormatUint(n, 10) != w {
		p.fail("the %s %q is not a number", what, w)
	}
	return n
}

func (p *statementParser) time(w string) time.Time {
	t, err := time.Parse(StatementPeriodLayout, w)
	if err != nil || t.Format(StatementPeriodLayout) != w {
		p.fail("%q is not a time like 2026-11-01T07:00:00Z", w)
	}
	return t
}

// count reads a count line and its entry lines.
func (p *statementParser) count() Count {
	var c Count
	l := p.next()
	rest := strings.TrimPrefix(l, "count ")
	head := strings.SplitN(rest, " ", 4)
	if len(head) < 3 || slices.Contains(head, "") {
		p.fail("want \"count NAME N TYPE [FIELD=VALUE...]\", got %q", l)
		return c
	}
	c.Name, c.Type = head[0], head[2]
	n := p.number(head[1], "count")
	if len(head) == 4 {
		fields := head[3]
		for p.err == nil && fields != "" {
			name, value, ok := strings.Cut(fields, "=")
			if !ok || name == "" || strings.ContainsAny(name, " \"") {
				p.fail("want FIELD=VALUE, got %q", fields)
				break
			}
			fields = value
			if strings.HasPrefix(value, "\"") {
				q, err := strconv.QuotedPrefix(value)
				if err != nil {
					p.fail("the value of %s is not a quoted string: %q", name, value)
					break
				}
				value, _ = strconv.Unquote(q)
				fields = fields[len(q):]
			} else {
				value, _, _ = strings.Cut(value, " ")
				fields = fields[len(value):]
			}
			if fields != "" {
				if fields[0] != ' ' || len(fields) == 1 {
					p.fail("the fields of count %s are not separated by single spaces", c.Name)
					break
				}
				fields = fields[1:]
			}
			c.Where = append(c.Where, FieldIs{Field: name, Value: value})
		}
	}
	for p.err == nil && uint64(len(c.Entries)) < n {
		l, ok := p.prefixed("- ")
		if !ok {
			p.fail("count %s lists %d entries, not %d", c.Name, len(c.Entries), n)
			break
		}
		for _, w := range strings.Split(l, " ") {
			e := p.number(w, "entry")
			if p.err != nil {
				break
			}
			if len(c.Entries) > 0 && e <= c.Entries[len(c.Entries)-1] {
				p.fail("count %s lists entry %d after %d: entries are listed once each, in order", c.Name, e, c.Entries[len(c.Entries)-1])
			}
			c.Entries = append(c.Entries, e)
		}
	}
	if p.err == nil && uint64(len(c.Entries)) != n {
		p.fail("count %s says %d entries but lists %d", c.Name, n, len(c.Entries))
	}
	return c
}
