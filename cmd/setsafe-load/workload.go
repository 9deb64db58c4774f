package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
)

// pace is the range of the random wait between a device's actions.
type pace struct{ min, max time.Duration }

// next returns a wait drawn evenly from the range.
func (p pace) next(rng *rand.Rand) time.Duration {
	if p.max <= p.min {
		return p.min
	}
	return p.min + time.Duration(rng.Int64N(int64(p.max-p.min)))
}

// String implements flag.Value.
func (p *pace) String() string {
	if p.min == p.max {
		return p.min.String()
	}
	return p.min.String() + "-" + p.max.String()
}

// Set implements flag.Value: "30s" or a range "1s-3s".
func (p *pace) Set(s string) error {
	lo, hi, ranged := strings.Cut(s, "-")
	a, err := time.ParseDuration(lo)
	if err != nil {
		return err
	}
	b := a
	if ranged {
		if b, err = time.ParseDuration(hi); err != nil {
			return err
		}
	}
	if a <= 0 || b < a {
		return fmt.Errorf("%q: want a positive duration, or a range such as 1s-3s", s)
	}
	p.min, p.max = a, b
	return nil
}

// router chooses the server each request goes to.
type router struct {
	servers []string
	// spread sends each request to any server; otherwise all of a
	// production's requests go to its home server.
	spread bool
}

// home is the server a production's requests go to when routed by
// production.
func (r router) home(index int) string { return r.servers[index%len(r.servers)] }

// pick returns the server for one request of a production.
func (r router) pick(index int, rng *rand.Rand) string {
	if r.spread {
		return r.servers[rng.IntN(len(r.servers))]
	}
	return r.home(index)
}

// other is a server other than the production's home, when there is one,
// to read back what the home server acknowledged.
func (r router) other(index int) string { return r.servers[(index+1)%len(r.servers)] }

// set is one production under load.
type set struct {
	pr    *production
	index int
}

// workload is the devices of every set: each production's armorer's
// tablet, its phones and the stop-works called on it.
type workload struct {
	c            *client
	rec          *recorder
	route        router
	tablet       pace
	phone        pace
	stopEvery    pace
	stopFor      pace
	concernShare float64
	seed         uint64
	stop         chan struct{}
}

// start starts every device of every set and returns a function that
// stops them and waits until they have.
func (w *workload) start(sets []*set) (stop func()) {
	w.stop = make(chan struct{})
	var wg sync.WaitGroup
	for _, s := range sets {
		wg.Go(func() { w.runTablet(s, w.rng(s, 0)) })
		wg.Go(func() { w.runStopWorks(s, w.rng(s, 1)) })
		for i, ph := range s.pr.Phones {
			wg.Go(func() { w.runPhone(s, ph, w.rng(s, 2+i)) })
		}
	}
	return func() {
		close(w.stop)
		wg.Wait()
	}
}

// rng returns the random source of one device, so that a seed gives every
// device the same actions whatever the scheduling.
func (w *workload) rng(s *set, device int) *rand.Rand {
	return rand.New(rand.NewPCG(w.seed, uint64(s.index)<<16|uint64(device)))
}

// pause waits d; it returns false if the workload stopped meanwhile.
func (w *workload) pause(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-w.stop:
		return false
	case <-t.C:
		return true
	}
}

// send makes one call and records it. Requests are not cancelled when the
// workload stops: a call under way is answered and counted.
func (w *workload) send(kind, server, token, method, path string, body any, want int) (answer, error) {
	a, err := w.c.call(context.Background(), server, token, method, path, body, want, nil)
	w.rec.observe(kind, server, a, err)
	return a, err
}

// runTablet is the armorer's tablet: every tablet-pace, the next step of
// show the revolver clear to a performer and the 1st AD and issue it for
// one of the day's firearm set-ups, then take it back, each with PINs.
func (w *workload) runTablet(s *set, rng *rand.Rand) {
	pr := s.pr
	fa := "/api/v1/productions/" + pr.ID + "/firearms/" + pr.Firearm
	var holder *member
	turn := rng.IntN(len(pr.Performers))
	if !w.pause(time.Duration(rng.Int64N(int64(w.tablet.max)))) {
		return
	}
	for {
		if holder == nil {
			perf := &pr.Performers[turn%len(pr.Performers)]
			turn++
			setup := pr.SetUps.Church
			if rng.IntN(2) == 1 {
				setup = pr.SetUps.Saloon
			}
			_, err := w.send(callShowClear, w.route.pick(s.index, rng), pr.Armorer.Token, "POST", fa+"/show-clear",
				sshttp.ShowClearRequest{AllChambers: true, Witnesses: []sshttp.Witness{{PersonID: perf.ID, PIN: perf.PIN}, {PersonID: pr.FirstAD.ID, PIN: pr.FirstAD.PIN}}},
				http.StatusOK)
			if err == nil {
				_, err = w.send(callIssue, w.route.pick(s.index, rng), pr.Armorer.Token, "POST", fa+"/handover",
					sshttp.HandOverRequest{To: perf.ID, GiverPIN: pr.Armorer.PIN, ReceiverPIN: perf.PIN, SetUpID: setup}, http.StatusOK)
			}
			if err == nil {
				holder = perf
			} else {
				holder = w.holder(s)
			}
		} else if _, err := w.send(callTakeBack, w.route.pick(s.index, rng), pr.Armorer.Token, "POST", fa+"/handover",
			sshttp.HandOverRequest{From: holder.ID, GiverPIN: holder.PIN, ReceiverPIN: pr.Armorer.PIN}, http.StatusOK); err == nil {
			holder = nil
		} else {
			holder = w.holder(s)
		}
		if !w.pause(w.tablet.next(rng)) {
			return
		}
	}
}

// holder reads who holds the revolver after a call that failed, so that
// the tablet carries on from where the revolver really is.
func (w *workload) holder(s *set) *member {
	var f sshttp.FirearmView
	_, err := w.c.call(context.Background(), w.route.home(s.index), s.pr.Armorer.Token, "GET", "/api/v1/productions/"+s.pr.ID+"/firearms/"+s.pr.Firearm,
		nil, http.StatusOK, &f)
	if err != nil || f.Firearm == nil {
		return nil
	}
	for i := range s.pr.Performers {
		if s.pr.Performers[i].ID == f.Firearm.Custodian {
			return &s.pr.Performers[i]
		}
	}
	return nil
}

// runPhone is one crew member's phone: every phone-pace, a look at the
// day's board, or now and then a concern raised.
func (w *workload) runPhone(s *set, ph member, rng *rand.Rand) {
	prod := "/api/v1/productions/" + s.pr.ID
	if !w.pause(time.Duration(rng.Int64N(int64(w.phone.max)))) {
		return
	}
	for {
		server := w.route.pick(s.index, rng)
		if rng.Float64() < w.concernShare {
			w.send(callConcern, server, ph.Token, "POST", prod+"/concerns", concern(rng, s.pr), http.StatusCreated)
		} else {
			w.send(callToday, server, ph.Token, "GET", prod+"/today", nil, http.StatusOK)
		}
		if !w.pause(w.phone.next(rng)) {
			return
		}
	}
}

// runStopWorks calls a stop-work on the stunt every stop-every, from a
// crew member's phone, and the safety coordinator lifts it stop-for later.
// A stop-work in force when the workload stops is lifted.
func (w *workload) runStopWorks(s *set, rng *rand.Rand) {
	prod := "/api/v1/productions/" + s.pr.ID
	if len(s.pr.Phones) == 0 || !w.pause(time.Duration(rng.Int64N(int64(w.stopEvery.max)))) {
		return
	}
	for {
		next := time.Now().Add(w.stopEvery.next(rng))
		caller := s.pr.Phones[rng.IntN(len(s.pr.Phones))]
		a, err := w.send(callStopWork, w.route.pick(s.index, rng), caller.Token, "POST", prod+"/stop-works",
			sshttp.StopWorkRequest{Scope: gate.ScopeSetUp, SetUpID: s.pr.SetUps.Fall, Reason: stopReasons[rng.IntN(len(stopReasons))]}, http.StatusCreated)
		var called sshttp.RecordedResult
		if err == nil && json.Unmarshal(a.body, &called) == nil {
			w.pause(w.stopFor.next(rng))
			w.send(callLift, w.route.pick(s.index, rng), s.pr.Safety.Token, "POST", prod+"/stop-works/"+called.ID+"/lift",
				sshttp.LiftRequest{Resolution: "Checked with the stunt coordinator; the rigging is sound"}, http.StatusOK)
		}
		if !w.pause(time.Until(next)) {
			return
		}
	}
}

var stopReasons = []string{
	"The descender line is frayed at the top anchor",
	"Wind above the limit for the fall",
	"Crash mat shifted after the last take",
	"Someone walked under the bell tower during the rehearsal",
}

var concernTexts = map[string][]string{
	"stunts":            {"The fall mat by the bell tower has a tear along one seam", "No spotter at the top of the tower"},
	"vehicles":          {"The picture car's brakes pulled to the left on the last run", "Drivers parking across the fire lane"},
	"fatigue_and_hours": {"Fourteen-hour day again and a long drive home", "No meal break for six hours"},
	"equipment":         {"A C-stand sandbag is missing on the church set", "The generator cable runs across the walkway"},
	"heights":           {"The bell tower ladder has a loose rung", "No harness anchor on the tower platform"},
	"other":             {"The catering tent is too close to the generator", "Water ran out on the set at noon"},
	"firearms":          {"People were pointing prop guns at each other at lunch", "The revolver cart was left unattended for a minute"},
}

var concernCategories = []string{"stunts", "vehicles", "fatigue_and_hours", "equipment", "heights", "other", "firearms"}

// concern returns a concern a crew member might raise: high or normal,
// never critical (a critical firearm concern rightly stops all firearm
// work), by name or confidentially.
func concern(rng *rand.Rand, pr *production) sshttp.ConcernRequest {
	category := concernCategories[rng.IntN(len(concernCategories))]
	texts := concernTexts[category]
	c := sshttp.ConcernRequest{Category: category, Severity: "normal", Mode: "named", Description: texts[rng.IntN(len(texts))]}
	if rng.IntN(10) < 3 {
		c.Severity = "high"
	}
	if rng.IntN(10) < 2 {
		c.Mode = "confidential"
	}
	if category == "stunts" || category == "heights" {
		c.SetUpID = pr.SetUps.Fall
	} else {
		c.Location = "Church set"
	}
	return c
}
