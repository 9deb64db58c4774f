package witnessing

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/notify"
	"github.com/setsafe/setsafe/witness"
)

// CopyEvent is what a copy of a final checkpoint says it is, in its
// X-Setsafe-Event header and webhook payload. It is no ledger entry: a copy
// records nothing, or each copy would make a new checkpoint to copy.
const CopyEvent = "checkpoint.final"

// CopyEvery is how often a rung receives a copy at most: the latest final
// checkpoint, once an hour.
const CopyEvery = time.Hour

// Secrets gives the webhook secret of a production's rung; package sqldb
// implements it.
type Secrets interface {
	WebhookSecret(ctx context.Context, productionID, rung string) (string, error)
}

// Copies sends a copy of the latest final checkpoint of each production,
// the note with its witnesses' cosignatures, to the outside contacts of
// the rungs the production chose (witness.CopyRungs): the rung's e-mail
// address and webhook. Each rung receives at most one copy an hour, of
// the latest checkpoint final by then; a copy that fails waits for the
// next. Copies are sent as they are, not kept: a server restarted sends
// the next final checkpoint.
type Copies struct {
	// Mail sends e-mails; without it, rungs' addresses get none.
	Mail *notify.SMTP
	// Webhooks sends to webhooks (a default client when nil).
	Webhooks *notify.Webhooks
	Secrets  Secrets
	// Time tells the time; the system clock when nil.
	Time   setsafe.Clock
	Logger *slog.Logger

	mu sync.Mutex
	// latest is each production's latest final checkpoint, with who
	// receives copies of it.
	latest map[string]finalCopy
	// sent is when each production's rung last received a copy, and of
	// which size.
	sent map[string]sentCopy
}

type finalCopy struct {
	cp      ledger.Checkpoint
	name    string
	ladder  []*setsafe.LadderRung
	chosen  []string
	finalAt time.Time
}

type sentCopy struct {
	at   time.Time
	size uint64
}

// final notes a checkpoint final; it is sent on the next send.
func (c *Copies) final(st *setsafe.State, cp ledger.Checkpoint) {
	rungs := witness.CopyRungs(st)
	if len(rungs) == 0 {
		return
	}
	name := st.Ledger
	if p := st.Production(); p != nil {
		name = p.Name
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.latest == nil {
		c.latest, c.sent = map[string]finalCopy{}, map[string]sentCopy{}
	}
	if old, ok := c.latest[cp.Ledger]; ok && old.cp.Size >= cp.Size {
		return
	}
	c.latest[cp.Ledger] = finalCopy{cp: cp, name: name, ladder: st.Ladder(), chosen: rungs, finalAt: c.now()}
}

func (c *Copies) now() time.Time {
	if c.Time == nil {
		return time.Now()
	}
	return c.Time.Now()
}

// send sends each rung the latest final checkpoint it has not had, unless
// it had one within the hour.
func (c *Copies) send(ctx context.Context) {
	type job struct {
		key  string
		f    finalCopy
		rung *setsafe.LadderRung
	}
	now := c.now()
	var jobs []job
	c.mu.Lock()
	for id, f := range c.latest {
		for _, r := range f.ladder {
			if !slices.Contains(f.chosen, r.Rung) || r.Email == "" && r.Webhook == "" {
				continue
			}
			key := id + "\x00" + r.Rung
			last, ok := c.sent[key]
			if ok && (last.size >= f.cp.Size || now.Sub(last.at) < CopyEvery) {
				continue
			}
			// Counted as sent when tried: a rung whose address fails gets
			// the next copy an hour later, not a retry a second.
			c.sent[key] = sentCopy{at: now, size: f.cp.Size}
			jobs = append(jobs, job{key, f, r})
		}
	}
	c.mu.Unlock()
	for _, j := range jobs {
		c.sendRung(ctx, j.f, j.rung)
	}
}

func (c *Copies) sendRung(ctx context.Context, f finalCopy, r *setsafe.LadderRung) {
	log := c.Logger
	if log == nil {
		log = slog.Default()
	}
	n := setsafe.Notification{Ledger: f.cp.Ledger, Seq: int64(f.cp.Size), Event: CopyEvent, Rung: r.Rung, About: f.cp.Ledger,
		Subject: fmt.Sprintf("%s: the ledger at %d entries is cosigned by its witnesses", f.name, f.cp.Size),
		Text: fmt.Sprintf("The ledger of %s holds %d entries, as this checkpoint says, signed by setsafe and cosigned by the production's witnesses. "+
			"Keep it: with setsafe's verifier key, anyone can later check that the ledger still holds these entries, unchanged "+
			"(setsafe verify, or any C2SP checkpoint verifier). You receive at most one an hour, the latest.\n\n%s", f.name, f.cp.Size, f.cp.Note),
		At: f.finalAt}
	if r.Email != "" && c.Mail != nil {
		m := n
		m.Channel, m.Recipient = setsafe.ChannelEmail, r.Email
		m.ID = setsafe.NotificationID(f.cp.Ledger, int64(f.cp.Size), CopyEvent+"/"+m.Channel, m.Recipient)
		if err := c.Mail.Send(ctx, m); err != nil && ctx.Err() == nil {
			log.Warn("witnesses: could not e-mail a copy of a final checkpoint", "ledger", f.cp.Ledger, "rung", r.Rung, "err", err)
		}
	}
	if r.Webhook != "" && c.Secrets != nil {
		m := n
		m.Channel, m.Recipient = setsafe.ChannelWebhook, r.Webhook
		m.ID = setsafe.NotificationID(f.cp.Ledger, int64(f.cp.Size), CopyEvent+"/"+m.Channel, m.Recipient)
		secret, err := c.Secrets.WebhookSecret(ctx, f.cp.Ledger, r.Rung)
		if err == nil {
			hooks := c.Webhooks
			if hooks == nil {
				hooks = &notify.Webhooks{}
			}
			err = hooks.Send(ctx, m, secret)
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("witnesses: could not send a copy of a final checkpoint to a webhook", "ledger", f.cp.Ledger, "rung", r.Rung, "err", err)
		}
	}
}
