package main

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 51, 3 * time.Millisecond},
		{ms(1, 2, 3, 4), 100, 4 * time.Millisecond},
		{ms(hundred...), 99, 99 * time.Millisecond},
		{ms(hundred...), 90, 90 * time.Millisecond},
		{ms(hundred...), 0, time.Millisecond},
	} {
		if got := percentile(tc.sorted, tc.p); got != tc.want {
			t.Errorf("percentile %v of %v = %v, want %v", tc.p, tc.sorted, got, tc.want)
		}
	}
}

func TestPace(t *testing.T) {
	for _, tc := range []struct {
		in       string
		min, max time.Duration
		bad      bool
	}{
		{in: "30s", min: 30 * time.Second, max: 30 * time.Second},
		{in: "1s-3s", min: time.Second, max: 3 * time.Second},
		{in: "500ms-1s", min: 500 * time.Millisecond, max: time.Second},
		{in: "3s-1s", bad: true},
		{in: "0s", bad: true},
		{in: "fast", bad: true},
		{in: "1s-", bad: true},
	} {
		var p pace
		err := p.Set(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && (p.min != tc.min || p.max != tc.max)) {
			t.Errorf("pace %q: %v, %v (error %v)", tc.in, p.min, p.max, err)
		}
	}
	p := pace{time.Second, 3 * time.Second}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if d := p.next(rng); d < p.min || d >= p.max {
			t.Fatalf("a wait of %v outside %v", d, &p)
		}
	}
}

func TestEarlyMorningZone(t *testing.T) {
	for h := range 24 {
		now := time.Date(2026, 3, 14, h, 30, 0, 0, time.UTC)
		name := earlyMorningZone(now)
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("at %02d:30 UTC: %s: %v", h, name, err)
		}
		if local := now.In(loc).Hour(); local != 1 {
			t.Errorf("at %02d:30 UTC it is %02d:30 in %s, want 01:30", h, local, name)
		}
	}
}

func TestRoster(t *testing.T) {
	people := roster(300, 20)
	names := map[string]bool{}
	count := map[part]int{}
	for _, m := range people {
		if names[m.name] {
			t.Errorf("two people named %s", m.name)
		}
		names[m.name] = true
		count[m.part]++
		if !m.role.Valid() || m.department == "" || m.job == "" {
			t.Errorf("%+v", m)
		}
	}
	if len(people) != 300 || count[partPhone] != 20 || count[partPerformer] != performers || count[partArmorer] != 1 ||
		count[partSafety] != 1 || count[partFirstAD] != 1 || count[partProducer] != 1 || people[0].part != partProducer {
		t.Errorf("%d people, parts %v", len(people), count)
	}
	if big := roster(1200, 20); big[0].name == big[len(firstNames)*len(lastNames)].name {
		t.Errorf("names repeat in a crew of 1200")
	}
}

func TestFlags(t *testing.T) {
	env := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "-token"},
		{[]string{"-token", "t", "-route", "random"}, "-route"},
		{[]string{"-token", "t", "-productions", "101"}, "-productions"},
		{[]string{"-token", "t", "-people", "30"}, "-people"},
		{[]string{"-token", "t", "-servers", " , "}, "-servers"},
		{[]string{"-token", "t", "-concerns", "2"}, "-concerns"},
		{[]string{"-token", "t", "extra"}, "unexpected"},
		// Default paces: about 36 concerns an hour from each phone.
		{[]string{"-token", "t", "-duration", "40m"}, "a person may send 20"},
		{[]string{"-token", "t", "-duration", "2h", "-phone-every", "5s"}, "-duration"},
	} {
		if _, err := parseFlags(tc.args, env, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error about %s", tc.args, err, tc.want)
		}
	}
	cfg, err := parseFlags([]string{"-servers", "http://a:1/, http://b:2", "-route", "spread", "-tablet-every", "2s-4s"}, func(k string) string {
		if k == "SETSAFE_LOAD_TOKEN" {
			return "sst_x"
		}
		return ""
	}, io.Discard)
	if err != nil || len(cfg.servers) != 2 || cfg.servers[0] != "http://a:1" || !cfg.spread || cfg.token != "sst_x" || cfg.tablet.max != 4*time.Second ||
		cfg.people != 300 || cfg.phones != 20 || cfg.stopEvery.min != 30*time.Second {
		t.Errorf("%+v %v", cfg, err)
	}
	// Within the limit: a long run whose phones seldom raise concerns.
	if _, err := parseFlags([]string{"-token", "t", "-duration", "3h", "-concerns", "0.02"}, env, io.Discard); err != nil {
		t.Errorf("a long run within the limit: %v", err)
	}
}
