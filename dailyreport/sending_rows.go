package dailyreport

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// The projection tables of who gets the daily report at wrap, and of the
// reports sent.
const (
	tableRecipients = "daily_report_rungs"
	tableSent       = "daily_reports_sent"
)

func init() {
	setsafe.RegisterTable[Recipients]()
	setsafe.RegisterTable[Sent]()
}

// Recipients are the rungs of the escalation ladder that asked for the
// daily safety report at wrap: everyone on them, and their outside
// addresses and webhooks.
type Recipients struct {
	ID string `db:"id,key" json:"-"`
	// Rungs are rung names, separated by spaces.
	Rungs   string `db:"rungs" json:"-"`
	LastSeq int64  `db:"last_seq" json:"last_seq"`
}

// recipientsKey is the key of a production's one row of recipients.
const recipientsKey = "daily_report"

// Table implements setsafe.Row.
func (*Recipients) Table() string { return tableRecipients }

// Key implements setsafe.Row.
func (r *Recipients) Key() string { return r.ID }

// Sent is a day whose report was sent at wrap.
type Sent struct {
	Day     string    `db:"day,key" json:"day"`
	Rungs   string    `db:"rungs" json:"-"`
	SentAt  time.Time `db:"sent_us" json:"sent_at"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Sent) Table() string { return tableSent }

// Key implements setsafe.Row.
func (s *Sent) Key() string { return s.Day }

// RecipientRungs returns the rungs that asked for the daily report, in
// the ladder's order.
func RecipientRungs(s *setsafe.State) []string {
	r := setsafe.Lookup[*Recipients](s, tableRecipients, recipientsKey)
	if r == nil {
		return []string{}
	}
	out := strings.Fields(r.Rungs)
	slices.SortFunc(out, func(a, b string) int { return slices.Index(setsafe.Rungs, a) - slices.Index(setsafe.Rungs, b) })
	return out
}

// SentOn returns the report sent for a day, or nil.
func SentOn(s *setsafe.State, day string) *Sent { return setsafe.Lookup[*Sent](s, tableSent, day) }
