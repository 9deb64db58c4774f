package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

// TestChallengesBelongToTheirClient has a flooder collect challenges from
// other addresses and do their work in advance: none stands for anything
// when the flooder sends it, nor does a challenge sent twice, and an API
// caller refused for want of a challenge is told how to get one, while the
// client that fetched a challenge spends it.
func TestChallengesBelongToTheirClient(t *testing.T) {
	ts := newProxiedServer(t, "http://127.0.0.1:8080", new(syncLog))
	ts.seed(t)
	const reports = "/api/v1/report/red-mesa/concerns"
	const flooder = "203.0.113.50"
	junk := `{"category":"other","severity":"normal","description":"flood"}`
	critical := `{"category":"firearms","severity":"critical","description":"Live rounds in the prop truck"}`
	for i := range 10 {
		if status, _, body := anonymousCall(t, ts, flooder, "POST", reports, junk); status != http.StatusCreated {
			t.Fatalf("report %d: %d %s", i, status, body)
		}
	}
	bits := challengeFor(t, ts, flooder).Bits
	if bits != 17 {
		t.Fatalf("the flooder is asked %d bits, want 17", bits)
	}

	// Challenges fetched from other addresses, worked out and aged.
	tests := []struct {
		name  string
		from  string
		proof bool
		age   time.Duration
	}{
		{"another client's, with its work", "198.51.100.60", true, 0},
		{"another client's, old enough", "198.51.100.61", false, time.Minute},
	}
	for _, tt := range tests {
		ch := challengeFor(t, ts, tt.from)
		ts.env.Clock.Advance(tt.age)
		proof := ""
		if tt.proof {
			proof = proofOf(ch.Challenge, bits)
		}
		status, after, body := anonymousCall(t, ts, flooder, "POST", reports, withWork(critical, ch.Challenge, proof))
		e := errorOf(t, body)
		if status != http.StatusTooManyRequests || e.Code != setsafe.ERateLimited || after <= 0 ||
			!strings.Contains(e.Message, "GET /api/v1/report/red-mesa/challenge") || !strings.Contains(e.Message, "proof") || e.Fields["challenge"] == "" {
			t.Errorf("%s: %d, Retry-After %v, %s; want 429 saying how to get a challenge", tt.name, status, after, body)
		}
	}
	// Without a challenge at all, the same advice.
	if status, _, body := anonymousCall(t, ts, flooder, "POST", reports, critical); status != http.StatusTooManyRequests ||
		!strings.Contains(errorOf(t, body).Message, "GET /api/v1/report/red-mesa/challenge") {
		t.Errorf("without a challenge: %d %s", status, body)
	}

	// The flooder's own challenge, worked out, is spent once.
	ch := challengeFor(t, ts, flooder)
	work := withWork(critical, ch.Challenge, proofOf(ch.Challenge, ch.Bits))
	if status, _, body := anonymousCall(t, ts, flooder, "POST", reports, work); status != http.StatusCreated {
		t.Fatalf("the flooder's own challenge: %d %s", status, body)
	}
	if status, _, body := anonymousCall(t, ts, flooder, "POST", reports, work); status != http.StatusTooManyRequests ||
		!strings.Contains(errorOf(t, body).Message, "GET /api/v1/report/red-mesa/challenge") {
		t.Errorf("a challenge spent twice: %d %s", status, body)
	}

	// Receipt codes, once many wrong ones came in: the same.
	const receipt = "/api/v1/report/red-mesa/receipt"
	for c := range 30 {
		for i := range 10 {
			anonymousCall(t, ts, fmt.Sprintf("192.0.2.%d", c), "POST", receipt, fmt.Sprintf(`{"code":"%02d%018d"}`, c, i))
		}
	}
	const guesser = "192.0.2.200"
	if status, _, body := anonymousCall(t, ts, guesser, "POST", receipt, `{"code":"99998888777766665555"}`); status != http.StatusNotFound {
		t.Fatalf("a client's first wrong code: %d %s", status, body)
	}
	if ch := challengeFor(t, ts, guesser); ch.Bits != 16 {
		t.Fatalf("a client that typed wrong codes is asked %+v, want 16 bits", ch)
	}
	other := challengeFor(t, ts, "198.51.100.62")
	status, _, body := anonymousCall(t, ts, guesser, "POST", receipt, withWork(`{"code":"11112222333344445555"}`, other.Challenge, proofOf(other.Challenge, 16)))
	if status != http.StatusTooManyRequests || !strings.Contains(errorOf(t, body).Message, "GET /api/v1/report/red-mesa/challenge") {
		t.Errorf("a receipt code with another client's challenge: %d %s", status, body)
	}
	own := challengeFor(t, ts, guesser)
	if status, _, body := anonymousCall(t, ts, guesser, "POST", receipt, withWork(`{"code":"11112222333344445555"}`, own.Challenge, proofOf(own.Challenge, 16))); status != http.StatusNotFound {
		t.Errorf("a receipt code with the client's own challenge: %d %s, want 404", status, body)
	}
}
