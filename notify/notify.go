// Package notify sends the notifications that setsafe's writer leaves in
// the outbox: e-mails over SMTP and signed webhook requests. Inbox
// notifications need no sending: they are read where they are written.
//
// The outbox is filled in the transaction that writes the entries causing
// the notifications, so none is lost before it is sent. A sender claims a
// few at a time for a while (a lease), sends them, and records each
// attempt; one that fails is tried again later, waiting twice as long each
// time. A sender that stops mid-way leaves what it claimed to be claimed
// again once the lease ends, so a notification may be sent twice but never
// lost: each carries a stable ID (the Message-ID of an e-mail, the
// X-Setsafe-Notification header and "id" of a webhook) for the receiver to
// recognise it by.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// Outbox is what the sender needs from storage; package sqldb implements
// it.
type Outbox interface {
	ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]setsafe.Delivery, error)
	NotificationSent(ctx context.Context, n setsafe.Notification, attempt int64, at time.Time) error
	NotificationFailed(ctx context.Context, n setsafe.Notification, attempt int64, at time.Time, detail string, next time.Time) error
	WebhookSecret(ctx context.Context, productionID, rung string) (string, error)
}

// Observer counts what the sender does; package metrics implements it.
// Its methods must be safe for concurrent use and quick.
type Observer interface {
	// Delivered reports a notification sent on a channel ("email" or
	// "webhook").
	Delivered(channel string)
	// DeliveryFailed reports an attempt to send a notification on a
	// channel that failed; it is tried again unless it was the last.
	DeliveryFailed(channel string)
}

type noObserver struct{}

func (noObserver) Delivered(string)      {}
func (noObserver) DeliveryFailed(string) {}

// Config configures a [Sender].
type Config struct {
	Outbox Outbox
	// Mail sends e-mails; without it, e-mails fail with a message that
	// says setsafe has no mail server.
	Mail *SMTP
	// Webhooks sends webhook requests (a default client when nil).
	Webhooks *Webhooks
	// Time tells the time; the system clock when nil.
	Time setsafe.Clock
	// Wake, if set, receives a value when new notifications wait.
	Wake <-chan struct{}
	// Every is how often the sender looks for notifications due (1 s when
	// zero).
	Every time.Duration
	// Lease is how long a claimed notification is the sender's before
	// another may take it (2 minutes when zero).
	Lease time.Duration
	// FirstRetry is how long the first retry waits (30 s when zero); each
	// next one waits twice as long, up to MaxRetry (1 hour when zero).
	FirstRetry, MaxRetry time.Duration
	// MaxAttempts is how many times a notification is tried before it is
	// given up as failed (12 when zero: about six hours).
	MaxAttempts int64
	// Workers is how many notifications are sent at once (8 when zero).
	Workers int
	// Observer counts deliveries and failures. Optional.
	Observer Observer
	Logger   *slog.Logger
}

// Sender sends the outbox's notifications.
type Sender struct {
	cfg Config
	log *slog.Logger
}

// New returns a sender; call [Sender.Run] to start it.
func New(cfg Config) *Sender {
	if cfg.Time == nil {
		cfg.Time = setsafe.SystemClock{}
	}
	if cfg.Webhooks == nil {
		cfg.Webhooks = &Webhooks{}
	}
	if cfg.Every <= 0 {
		cfg.Every = time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.FirstRetry <= 0 {
		cfg.FirstRetry = 30 * time.Second
	}
	if cfg.MaxRetry <= 0 {
		cfg.MaxRetry = time.Hour
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 12
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	return &Sender{cfg: cfg, log: cfg.Logger}
}

// Run sends notifications until ctx ends: every [Config.Every], and as
// soon as the writer says new ones wait.
func (s *Sender) Run(ctx context.Context) {
	if s.cfg.Mail == nil {
		s.log.Info("no mail server is set (--smtp-host): e-mail notifications wait, and fail after their last attempt")
	}
	t := time.NewTicker(s.cfg.Every)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("notification sender could not read the outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.cfg.Wake:
		}
	}
}

// Tick sends every notification due at the clock's time now, and returns
// how many were delivered.
func (s *Sender) Tick(ctx context.Context) (int, error) {
	delivered := 0
	for {
		batch, err := s.cfg.Outbox.ClaimNotifications(ctx, s.cfg.Time.Now(), s.cfg.Lease, 4*s.cfg.Workers)
		if err != nil || len(batch) == 0 {
			return delivered, err
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		work := make(chan setsafe.Delivery)
		for range min(s.cfg.Workers, len(batch)) {
			wg.Go(func() {
				for d := range work {
					if s.send(ctx, d) {
						mu.Lock()
						delivered++
						mu.Unlock()
					}
				}
			})
		}
		for _, d := range batch {
			select {
			case work <- d:
			case <-ctx.Done():
			}
		}
		close(work)
		wg.Wait()
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
	}
}

// send tries a notification once and records how it went. It says whether
// it was delivered.
func (s *Sender) send(ctx context.Context, d setsafe.Delivery) bool {
	attempt := d.Attempts + 1
	var err error
	switch d.Channel {
	case setsafe.ChannelEmail:
		if s.cfg.Mail == nil {
			err = errors.New("setsafe has no mail server: start it with --smtp-host and --smtp-from")
		} else {
			err = s.cfg.Mail.Send(ctx, d.Notification)
		}
	case setsafe.ChannelWebhook:
		var secret string
		if secret, err = s.cfg.Outbox.WebhookSecret(ctx, d.Ledger, d.Rung); err == nil {
			err = s.cfg.Webhooks.Send(ctx, d.Notification, secret)
		}
	default:
		err = fmt.Errorf("unknown channel %q", d.Channel)
	}
	now := s.cfg.Time.Now()
	at := now
	if d.Anonymous {
		// What follows from an anonymous report is kept to the minute, as
		// the report is.
		at = setsafe.AnonymousTime(now, d.At)
	}
	channel := d.Channel
	if channel != setsafe.ChannelEmail && channel != setsafe.ChannelWebhook {
		channel = "other" // the measurements' channels stay few
	}
	if err == nil {
		s.cfg.Observer.Delivered(channel)
		// Sent: record it even while stopping, or it is sent again.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if rerr := s.cfg.Outbox.NotificationSent(rctx, d.Notification, attempt, at); rerr != nil {
			s.log.Warn("could not record a notification sent", "notification", d.ID, "err", rerr)
		}
		return true
	}
	if ctx.Err() != nil {
		// Stopping: the lease ends and another sender tries again.
		return false
	}
	s.cfg.Observer.DeliveryFailed(channel)
	var next time.Time
	if attempt < s.cfg.MaxAttempts {
		next = now.Add(s.Backoff(attempt))
		if d.Anonymous {
			next = setsafe.AnonymousTime(next, time.Time{}).Add(setsafe.AnonymousPrecision)
		}
	}
	level := slog.LevelWarn
	if d.Channel == setsafe.ChannelEmail && s.cfg.Mail == nil {
		level = slog.LevelDebug // said once when the sender started
	}
	if !d.Anonymous {
		// The log's own clock would say to the second when an anonymous
		// report was made; its delivery log in the outbox says how it went.
		s.log.Log(ctx, level, "could not send a notification", "notification", d.ID, "channel", d.Channel, "attempt", attempt, "err", err, "retry_at", next)
	}
	detail := err.Error()
	if e, ok := errors.AsType[*setsafe.Error](err); ok {
		detail = e.Message // said to a person, without the code
	}
	if rerr := s.cfg.Outbox.NotificationFailed(ctx, d.Notification, attempt, at, detail, next); rerr != nil {
		s.log.Warn("could not record a failed notification", "notification", d.ID, "err", rerr)
	}
	return false
}

// Backoff is how long the sender waits after a notification's attempt
// failed: FirstRetry, doubling with each attempt, up to MaxRetry.
func (s *Sender) Backoff(attempt int64) time.Duration {
	d := s.cfg.FirstRetry
	for i := int64(1); i < attempt && d < s.cfg.MaxRetry; i++ {
		d *= 2
	}
	return min(d, s.cfg.MaxRetry)
}
