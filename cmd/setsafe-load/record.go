package main

import (
	"encoding/json"
	"math"
	"slices"
	"sync"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
)

// The calls the set makes, in the order the report lists them.
const (
	callShowClear = "show-clear"
	callIssue     = "issue"
	callTakeBack  = "take-back"
	callToday     = "today"
	callConcern   = "concern"
	callStopWork  = "stop-work"
	callLift      = "lift"
)

var callKinds = []string{callShowClear, callIssue, callTakeBack, callToday, callConcern, callStopWork, callLift}

// ack is one ledger entry a server said it recorded.
type ack struct {
	ledger string
	seq    int64
	typ    string
	at     time.Time
}

// recorder keeps the latency and errors of every call while the set is
// measured, how many calls each server answered, and every entry any
// server acknowledged (while measuring or not), to read back at the end.
type recorder struct {
	mu        sync.Mutex
	measuring bool
	kinds     map[string]*kindRecord
	perServer map[string]int64
	acks      []ack
	// problems are failures outside the measured window (preparing the
	// day, the wrap).
	problems []string
}

type kindRecord struct {
	took     []time.Duration
	errors   int
	examples []string
}

// maxExamples is how many error messages the report keeps per call.
const maxExamples = 3

func newRecorder() *recorder {
	return &recorder{kinds: map[string]*kindRecord{}, perServer: map[string]int64{}}
}

// measure starts or stops measuring.
func (r *recorder) measure(on bool) {
	r.mu.Lock()
	r.measuring = on
	r.mu.Unlock()
}

// observe records one call of a kind to a server, and the entries its
// answer names.
func (r *recorder) observe(kind, server string, a answer, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		r.addAcks(a.body)
	}
	if !r.measuring {
		if err != nil {
			r.problems = append(r.problems, kind+": "+err.Error())
		}
		return
	}
	k := r.kinds[kind]
	if k == nil {
		k = &kindRecord{}
		r.kinds[kind] = k
	}
	k.took = append(k.took, a.took)
	r.perServer[server]++
	if err != nil {
		k.errors++
		if len(k.examples) < maxExamples {
			k.examples = append(k.examples, err.Error())
		}
	}
}

// acknowledged records the entries an answer names.
func (r *recorder) acknowledged(body []byte) {
	r.mu.Lock()
	r.addAcks(body)
	r.mu.Unlock()
}

func (r *recorder) addAcks(body []byte) {
	var res struct {
		Recorded []sshttp.RecordedView `json:"recorded"`
	}
	if json.Unmarshal(body, &res) != nil {
		return
	}
	for _, e := range res.Recorded {
		r.acks = append(r.acks, ack{ledger: e.Ledger, seq: e.Seq, typ: e.Type, at: e.Time})
	}
}

// CallStats are the figures of one kind of call.
type CallStats struct {
	Call      string   `json:"call"`
	Count     int      `json:"count"`
	Errors    int      `json:"errors"`
	PerSecond float64  `json:"per_second"`
	P50       float64  `json:"p50_ms"`
	P90       float64  `json:"p90_ms"`
	P99       float64  `json:"p99_ms"`
	Max       float64  `json:"max_ms"`
	Examples  []string `json:"error_examples,omitempty"`
}

// stats returns the figures of every kind of call, and of all of them
// together, over a measured window of the given length.
func (r *recorder) stats(window time.Duration) (each []CallStats, all CallStats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var every []time.Duration
	errors := 0
	for _, kind := range callKinds {
		k := r.kinds[kind]
		if k == nil {
			continue
		}
		each = append(each, summarize(kind, k.took, k.errors, window))
		each[len(each)-1].Examples = k.examples
		every = append(every, k.took...)
		errors += k.errors
	}
	return each, summarize("all", every, errors, window)
}

func summarize(kind string, took []time.Duration, errors int, window time.Duration) CallStats {
	s := slices.Clone(took)
	slices.Sort(s)
	return CallStats{Call: kind, Count: len(s), Errors: errors, PerSecond: float64(len(s)) / window.Seconds(),
		P50: ms(percentile(s, 50)), P90: ms(percentile(s, 90)), P99: ms(percentile(s, 99)), Max: ms(percentile(s, 100))}
}

// percentile returns the p-th percentile of sorted durations by the
// nearest rank: the smallest value at or above p% of them.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Millisecond)*100) / 100 }
