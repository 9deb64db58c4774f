package http

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/setsafe/setsafe"
)

// retryLater is a refusal for now that says when to try again: the
// Retry-After of its answer.
type retryLater struct {
	err   *setsafe.Error
	after time.Duration
	// what, when set, is what the refusal asked work for and found no
	// challenge it could spend (see noChallenge).
	what string
}

func (e *retryLater) Error() string { return e.err.Error() }
func (e *retryLater) Unwrap() error { return e.err }

// tooSoon refuses a request for now (ERateLimited), to be tried again
// after the wait given.
func tooSoon(after time.Duration, format string, args ...any) error {
	return &retryLater{err: setsafe.Errorf(setsafe.ERateLimited, format, args...), after: after}
}

// SetRetryAfter says in an answer's Retry-After header when a request
// refused for now may be tried again: as the refusal says, or in a minute.
func SetRetryAfter(w http.ResponseWriter, err error) {
	if setsafe.ErrorCode(err) != setsafe.ERateLimited {
		return
	}
	after := time.Minute
	if e, ok := errors.AsType[*retryLater](err); ok {
		after = e.after
	}
	w.Header().Set("Retry-After", strconv.Itoa(Seconds(after)))
}

// Seconds rounds a wait up to whole seconds, at least one.
func Seconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}

// inWords says a wait as people read it: seconds under two minutes,
// minutes above.
func inWords(d time.Duration) string {
	if s := Seconds(d); s < 120 {
		if s == 1 {
			return "a second"
		}
		return fmt.Sprintf("%d seconds", s)
	}
	return fmt.Sprintf("%d minutes", int((d+time.Minute-1)/time.Minute))
}
