package http

import (
	"strings"
	"testing"
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
