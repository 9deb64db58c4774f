package http

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

func TestReceiptCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		c := newReceiptCode()
		digits, ok := parseReceiptCode(c)
		if !ok || len(digits) != receiptDigits || len(c) != receiptDigits+4 || seen[c] {
			t.Fatalf("receipt code %q: %q %v (seen %v)", c, digits, ok, seen[c])
		}
		seen[c] = true
	}
	tests := []struct {
		typed, want string
		ok          bool
	}{
		{"1234 5678 9012 3456 7890", "12345678901234567890", true},
		{"1234-5678-9012-3456-7890", "12345678901234567890", true},
		{" 12345678901234567890 ", "12345678901234567890", true},
		{"1234 5678 9012 3456 789", "", false},
		{"1234 5678 9012 3456 78901", "", false},
		{"1234 5678 9012 3456 789O", "", false},
		{"١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := parseReceiptCode(tt.typed)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseReceiptCode(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseReceiptCode(f *testing.F) {
	for _, s := range []string{"1234 5678 9012 3456 7890", "12345678901234567890", "1234-", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		digits, ok := parseReceiptCode(typed)
		if ok && (len(digits) != receiptDigits || strings.Trim(digits, "0123456789") != "") {
			t.Fatalf("parseReceiptCode(%q) = %q", typed, digits)
		}
		if ok {
			if again, ok2 := parseReceiptCode(digits); !ok2 || again != digits {
				t.Fatalf("the digits of %q do not parse again", typed)
			}
		}
	})
}

func TestReceiptLimiter(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newReceiptLimiter(clock)
	l.perLedger = 25
	for i := range l.perClient {
		if err := l.attempt("203.0.113.5", "red-mesa"); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if err := l.attempt("203.0.113.5", "red-mesa"); setsafe.ErrorCode(err) != setsafe.ERateLimited {
		t.Fatalf("beyond the client's limit: %v", err)
	}
	// The address is never a key: only its keyed hash is.
	for key := range l.tries.at {
		if strings.Contains(key, "203.0.113.5") {
			t.Fatalf("the limiter keeps the address: %q", key)
		}
	}
	// A right code forgets the client's attempts.
	l.succeeded("203.0.113.5", "red-mesa")
	if err := l.attempt("203.0.113.5", "red-mesa"); err != nil {
		t.Fatalf("after a right code: %v", err)
	}
	// Per production, for every client together and those behind a
	// proxy on this machine.
	for i := 0; ; i++ {
		err := l.attempt("127.0.0.1", "red-mesa")
		if err != nil {
			if setsafe.ErrorCode(err) != setsafe.ERateLimited || i > l.perLedger {
				t.Fatalf("attempt %d from loopback: %v", i, err)
			}
			break
		}
	}
	if err := l.attempt("127.0.0.1", "blue-ridge"); err != nil {
		t.Fatalf("another production limited: %v", err)
	}
	clock.Advance(receiptWindow + time.Second)
	if err := l.attempt("127.0.0.1", "red-mesa"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	clock.Advance(2 * receiptWindow)
	for i := range sweepEvery {
		l.attempt(fmt.Sprintf("192.0.2.%d", i%250), "red-mesa")
	}
	if len(l.tries.at) > 260 {
		t.Fatalf("%d keys remembered after a sweep", len(l.tries.at))
	}
}

func TestReportLimiter(t *testing.T) {
	clock := setsafe.NewManualClock(time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC))
	l := newReportLimiter(clock)
	for i := range maxReportsPerClient {
		if err := l.attempt("198.51.100.7", "red-mesa"); err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
	}
	err := l.attempt("198.51.100.7", "red-mesa")
	if setsafe.ErrorCode(err) != setsafe.ERateLimited || !strings.Contains(setsafe.ErrorMessage(err), "anonymous reports") {
		t.Fatalf("beyond the limit: %v", err)
	}
	if err := l.attempt("198.51.100.8", "red-mesa"); err != nil {
		t.Fatalf("another client: %v", err)
	}
}
