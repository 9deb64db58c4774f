package setsafe

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on text that people type.
const (
	MaxNameLength   = 120
	MaxShortText    = 80
	MaxReasonLength = 2000
	MinPassword     = 12
	MaxPassword     = 256
)

// CleanText trims s and reports a problem if it is too long or holds control
// characters. A required field must not be empty.
func CleanText(p Problems, field, s string, max int, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		p.Add(field, "is required")
	case !utf8.ValidString(s):
		p.Add(field, "is not valid text")
	case utf8.RuneCountInString(s) > max:
		p.Add(field, "is longer than %d characters", max)
	case strings.ContainsFunc(s, unicode.IsControl):
		p.Add(field, "must be a single line without control characters")
	}
	return s
}

// CleanReason trims a reason or description and reports a problem if it
// is missing (when required), not text, or longer than [MaxReasonLength].
func CleanReason(p Problems, field, s string, required bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		p.Add(field, "is required: say why, for the record")
	case !utf8.ValidString(s):
		p.Add(field, "is not valid text")
	case utf8.RuneCountInString(s) > MaxReasonLength:
		p.Add(field, "is longer than %d characters", MaxReasonLength)
	}
	return s
}

// cleanEmail returns the normalized form of an e-mail address, or reports a
// problem. Empty is allowed unless required.
func cleanEmail(p Problems, field, s string, required bool) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			p.Add(field, "is required")
		}
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		p.Add(field, "is not an e-mail address like name@example.com")
		return s
	}
	return strings.ToLower(s)
}

// phoneWords are the words a phone number may hold, as offices write an
// extension: "505-555-0140 ext 2", "x 12", "extensión 3".
var phoneWords = map[string]bool{"ext": true, "x": true, "extn": true, "extension": true, "extensión": true}

// MaxPhoneLength is the longest phone number kept, in bytes: two numbers
// with an extension fit.
const MaxPhoneLength = 64

// cleanPhone keeps a phone number as it is written: digits with spaces and
// + - . ( ) /, and the words of an extension, so that "505-555-0138 /
// 505-555-0199" and "505-555-0140 ext 2" are kept as the office typed them.
// Other text is refused.
func cleanPhone(p Problems, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	digits := 0
	word := strings.Builder{}
	for _, r := range strings.ToLower(s) + " " {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.IsLetter(r):
			word.WriteRune(r)
			continue
		case strings.ContainsRune("+-() ./", r):
		default:
			p.Add(field, "may hold only digits, spaces, + - ( ) . / and ext for an extension")
			return s
		}
		if word.Len() > 0 && !phoneWords[word.String()] {
			p.Add(field, "may hold only digits, spaces, + - ( ) . / and ext for an extension")
			return s
		}
		word.Reset()
	}
	if digits < 5 || len(s) > MaxPhoneLength {
		p.Add(field, "is not a phone number")
	}
	return s
}

// OnePhoneNumber says whether a phone number, as kept, is one number to
// dial: digits with spaces and + - ( ) . only, no second number or
// extension. An empty one is not.
func OnePhoneNumber(phone string) bool {
	return phone != "" && strings.Trim(phone, "0123456789+-() .") == ""
}

func cleanTimeZone(p Problems, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		p.Add(field, "is required, as an IANA time zone such as America/Denver")
		return s
	}
	if _, err := time.LoadLocation(s); err != nil || s == "Local" {
		p.Add(field, "is not a known time zone; use an IANA name such as America/Denver")
	}
	return s
}

func checkCorrects(p Problems, s *State, corrects int64, reason string) {
	if corrects == 0 {
		return
	}
	if corrects < 0 || corrects > s.Size {
		p.Add("corrects", "must be the sequence number of an earlier event of this ledger (1 to %d)", s.Size)
	}
	if strings.TrimSpace(reason) == "" {
		p.Add("reason", "is required when correcting an earlier event")
	}
}

// CheckPassword says what is wrong with a new password, or returns nil.
func CheckPassword(password, email string) error {
	p := Problems{}
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPassword:
		p.Add("password", "must be at least %d characters; a few unrelated words make a good one", MinPassword)
	case n > MaxPassword:
		p.Add("password", "must be at most %d characters", MaxPassword)
	case email != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)):
		p.Add("password", "must not be the e-mail address")
	}
	return p.Err()
}

// CheckPIN says what is wrong with a new PIN, or returns nil. A PIN is 4 to 8
// digits and not one anybody would guess first (all one digit, or a run such
// as 1234 or 9876).
func CheckPIN(pin string) error {
	p := Problems{}
	if len(pin) < 4 || len(pin) > 8 || strings.ContainsFunc(pin, func(r rune) bool { return r < '0' || r > '9' }) {
		p.Add("pin", "must be 4 to 8 digits")
		return p.Err()
	}
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		same = same && pin[i] == pin[0]
		up = up && pin[i] == pin[i-1]+1
		down = down && pin[i] == pin[i-1]-1
	}
	if same || up || down {
		p.Add("pin", "is too easy to guess; avoid one repeated digit and runs like 1234")
	}
	return p.Err()
}

// parseDay reads a YYYY-MM-DD day as midnight UTC; "" is the zero time.
func parseDay(day string) (time.Time, error) {
	if day == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, day)
}

// CleanDay trims a YYYY-MM-DD day and reports a problem if it is not
// one, or missing when required.
func CleanDay(p Problems, field, day string, required bool) string {
	day = strings.TrimSpace(day)
	if day == "" {
		if required {
			p.Add(field, "is required (YYYY-MM-DD)")
		}
		return ""
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		p.Add(field, "must be a date written YYYY-MM-DD")
	}
	return day
}

// CheckID reports a problem if id is not a valid identifier.
func CheckID(p Problems, field, id string) {
	if !ValidID(id) {
		p.Add(field, "is not a valid identifier")
	}
}

// OneOf reports a problem if v is not one of the allowed values, naming
// them.
func OneOf(p Problems, field, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		p.Add(field, "must be one of %s", strings.Join(allowed, ", "))
	}
}

// MaxOccurredAgo is how far back a report may say that what it reports
// happened: older than that, it belongs to an investigation rather than to
// a report that stops work today.
const MaxOccurredAgo = 30 * 24 * time.Hour

// OccurredLayout is a date and time on the set's clock, as a phone's
// date-time input sends it; a report may say when something happened so,
// or in RFC 3339 with its offset.
const OccurredLayout = "2006-01-02T15:04"

// CheckOccurred reads when a report says that what it reports happened,
// in RFC 3339 or as [OccurredLayout] on the set's clock (loc), and checks
// it against now, the time the report is recorded: never after it, and no
// more than [MaxOccurredAgo] before it. An anonymous reporter's is kept to
// the minute, as their entry's time is. Nothing said is the zero time.
func CheckOccurred(p Problems, field, text string, now time.Time, loc *time.Location, anonymous bool) time.Time {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}
	}
	at, err := readMoment(text, loc)
	if err != nil {
		p.Add(field, "must be a date and time in RFC 3339, such as 2021-10-21T12:08:00-06:00, or YYYY-MM-DDTHH:MM on the set's clock")
		return time.Time{}
	}
	at = LedgerTime(at)
	if anonymous {
		// A time to the second could match a phone's or a network's log.
		at = at.Truncate(AnonymousPrecision)
	}
	switch {
	case at.After(now):
		p.Add(field, "is in the future: say when it happened, now or before")
	case at.Before(now.Add(-MaxOccurredAgo)):
		p.Add(field, "is more than %d days ago: report only what happened in the last %d days", int(MaxOccurredAgo/(24*time.Hour)), int(MaxOccurredAgo/(24*time.Hour)))
	}
	return at
}

// readMoment reads a date and time in RFC 3339, or written
// YYYY-MM-DDTHH:MM (with or without seconds) on the set's clock, loc,
// between the years 1900 and 9999: before then, clocks kept local mean
// time, whose offsets RFC 3339 cannot write.
func readMoment(text string, loc *time.Location) (time.Time, error) {
	at, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		if at, err = time.ParseInLocation(OccurredLayout, text, loc); err != nil {
			at, err = time.ParseInLocation(OccurredLayout+":05", text, loc)
		}
	}
	if err == nil && (at.Year() < 1900 || at.Year() > 9999) {
		err = fmt.Errorf("%d is not a year setsafe records", at.Year())
	}
	return at, err
}

// CleanRungs reports a problem if any of rungs is not a rung of the
// escalation ladder ([Rungs]); it returns them once each, in the ladder's
// order, and an empty list (never nil) for none.
func CleanRungs(p Problems, field string, rungs []string) []string {
	out := []string{}
	for _, r := range rungs {
		if !slices.Contains(Rungs, r) {
			p.Add(field, "must each be one of %s", strings.Join(Rungs, ", "))
			break
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(Rungs, a) - slices.Index(Rungs, b) })
	return out
}
