package http

import "time"

// attempts counts, in memory, what each key (an e-mail address, a client,
// a production) tried within a sliding window. The caller holds its lock.
type attempts struct {
	window time.Duration
	at     map[string][]time.Time
	calls  int
}

// sweepEvery is how many counts pass between sweeps of every key's old
// attempts, so that keys nobody uses again do not stay in memory.
const sweepEvery = 1024

func newAttempts(window time.Duration) attempts {
	return attempts{window: window, at: map[string][]time.Time{}}
}

// recent returns how many attempts a key made within the window at now,
// and forgets older ones.
func (a *attempts) recent(key string, now time.Time) int {
	list := a.at[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) > a.window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(a.at, key)
	} else {
		a.at[key] = list
	}
	return len(list)
}

// add counts an attempt of each key at now, sweeping old attempts of every
// key now and then.
func (a *attempts) add(now time.Time, keys ...string) {
	if a.calls++; a.calls%sweepEvery == 0 {
		for key := range a.at {
			a.recent(key, now)
		}
	}
	for _, key := range keys {
		a.at[key] = append(a.at[key], now)
	}
}

// until returns how long until a key has made fewer than limit attempts
// within the window, as its oldest ones leave it: 0 if it has already.
func (a *attempts) until(key string, limit int, now time.Time) time.Duration {
	n := a.recent(key, now)
	if n < limit {
		return 0
	}
	return a.at[key][n-limit].Add(a.window).Sub(now)
}

// last returns when a key made its last attempt, or the zero time.
func (a *attempts) last(key string) time.Time {
	if list := a.at[key]; len(list) > 0 {
		return list[len(list)-1]
	}
	return time.Time{}
}

// forget forgets every attempt of a key.
func (a *attempts) forget(key string) { delete(a.at, key) }

// forgetLast forgets the last attempt of a key.
func (a *attempts) forgetLast(key string) {
	if list := a.at[key]; len(list) > 0 {
		a.at[key] = list[:len(list)-1]
	}
}
