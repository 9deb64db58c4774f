package recordkeeping

import (
	"fmt"
	"strconv"
	"strings"
)

// Identifiers are typed by people and copied from letters and tax forms,
// so the parsers below accept the usual separators (a dash, spaces) and
// give back the bare digits that OSHA's Injury Tracking Application takes.

// ParseEIN reads an Employer Identification Number, as written on tax
// forms ("12-3456789") or as bare digits, and returns its 9 digits.
func ParseEIN(s string) (string, error) {
	d, ok := digits(s, "-")
	if !ok || len(d) != 9 {
		return "", fmt.Errorf("EIN %q is not 9 digits: write it as on the tax forms, e.g. 12-3456789", s)
	}
	return d, nil
}

// ParseZIP reads a US ZIP code of 5 digits or ZIP+4 ("90210-1234" or
// "902101234") and returns its 5 or 9 digits.
func ParseZIP(s string) (string, error) {
	d, ok := digits(s, "-")
	if !ok || (len(d) != 5 && len(d) != 9) {
		return "", fmt.Errorf("ZIP code %q is not 5 or 9 digits: write e.g. 90028 or 90028-1234", s)
	}
	return d, nil
}

// ParseNAICS reads a 6-digit North American Industry Classification
// System code, such as 512110 for motion picture and video production.
func ParseNAICS(s string) (string, error) {
	d, ok := digits(s, "")
	if !ok || len(d) != 6 {
		return "", fmt.Errorf("NAICS code %q is not 6 digits: use the establishment's 6-digit code, e.g. 512110 for motion picture and video production", s)
	}
	if d[0] == '0' {
		return "", fmt.Errorf("NAICS code %q starts with 0, which no sector does: check the code at census.gov/naics", s)
	}
	return d, nil
}

// digits returns s without surrounding spaces and without the separators
// in seps, if what is left is all ASCII digits.
func digits(s, seps string) (string, bool) {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(seps, r) || (seps != "" && r == ' '):
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// ClockTime is a time of day, to the minute, as the 301 asks for the
// time the employee began work and the time of the event.
type ClockTime struct {
	Hour, Minute int
}

// ParseClock reads a time of day written as 24-hour "14:05" or as
// "2:05 PM".
func ParseClock(s string) (ClockTime, error) {
	bad := fmt.Errorf("time %q is not a time of day: write e.g. 14:05 or 2:05 PM", s)
	t := strings.ToUpper(strings.TrimSpace(s))
	half := ""
	for _, h := range []string{"AM", "PM"} {
		if rest, ok := strings.CutSuffix(t, h); ok {
			half, t = h, strings.TrimSpace(rest)
		}
	}
	hs, ms, ok := strings.Cut(t, ":")
	if !ok || len(ms) != 2 || len(hs) < 1 || len(hs) > 2 {
		return ClockTime{}, bad
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || hs[0] == '+' || hs[0] == '-' || ms[0] == '+' || ms[0] == '-' || m > 59 {
		return ClockTime{}, bad
	}
	switch half {
	case "":
		if h > 23 {
			return ClockTime{}, bad
		}
	default:
		if h < 1 || h > 12 {
			return ClockTime{}, bad
		}
		h %= 12
		if half == "PM" {
			h += 12
		}
	}
	return ClockTime{Hour: h, Minute: m}, nil
}

// Valid says whether the time is a real time of day.
func (c ClockTime) Valid() bool {
	return c.Hour >= 0 && c.Hour <= 23 && c.Minute >= 0 && c.Minute <= 59
}

// String writes the time as 24-hour HH:MM, the form the ITA case file
// takes (see ita.go).
func (c ClockTime) String() string {
	return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute)
}

// Kitchen writes the time as the paper 301 shows it, e.g. "2:05 PM".
func (c ClockTime) Kitchen() string {
	h, half := c.Hour%12, "AM"
	if c.Hour >= 12 {
		half = "PM"
	}
	if h == 0 {
		h = 12
	}
	return fmt.Sprintf("%d:%02d %s", h, c.Minute, half)
}
