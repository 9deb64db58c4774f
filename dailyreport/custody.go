package dailyreport

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// DayCustody is where the firearms and rounds went during the day.
type DayCustody struct {
	// Moves are the day's hand-offs, and firearms taken out of their
	// store or locked in one, in order.
	Moves []DayMove `json:"moves"`
	// Issued and Returned count the hand-offs from an armorer to someone
	// else, and back to an armorer.
	Issued   int `json:"issued"`
	Returned int `json:"returned"`
	// Lots are the rounds loaded and fired per lot, by label.
	Lots []DayRounds `json:"lots"`
	// Counts are the day's end-of-day counts (FA-12).
	Counts []DayCount `json:"counts"`
	// OutAtEnd are the firearms in someone's hands at the end of the
	// day: as the state has them when nothing was recorded after the
	// day (for today, when the report is made), else as the day's last
	// entry about each firearm left it.
	OutAtEnd []DayOutAtEnd `json:"out_at_end"`
}

// Kinds of move of a firearm.
const (
	// MoveIssue is a hand-off from an armorer to someone else.
	MoveIssue = "issue"
	// MoveReturn is a hand-off back to an armorer.
	MoveReturn = "return"
	// MoveHandOff is a hand-off between two people neither or both of
	// whom are armorers.
	MoveHandOff = "hand-off"
	// MoveUnsecured is a firearm taken out of its store.
	MoveUnsecured = "out of store"
	// MoveSecured is a firearm locked in a store.
	MoveSecured = "locked away"
)

// DayMove is a firearm changing hands, or leaving or entering its store.
type DayMove struct {
	At      time.Time `json:"at"`
	Seq     int64     `json:"seq"`
	Kind    string    `json:"kind"`
	Firearm string    `json:"firearm"`
	From    *Who      `json:"from,omitempty"`
	To      *Who      `json:"to,omitempty"`
	// Store is the store it was locked in.
	Store   string `json:"store,omitempty"`
	SetUpID string `json:"setup_id,omitempty"`
}

// DayRounds are the rounds of one lot loaded, fired, and unloaded back
// into its box during the day.
type DayRounds struct {
	LotID     string `json:"lot_id"`
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Loaded    int64  `json:"loaded"`
	Fired     int64  `json:"fired"`
	BackInBox int64  `json:"back_in_box"`
}

// DayCount is an end-of-day count: the rounds counted per lot, and what
// did not match the record, each discrepancy as it stands now.
type DayCount struct {
	At            time.Time        `json:"at"`
	Seq           int64            `json:"seq"`
	Lots          []DayCountedLot  `json:"lots"`
	Discrepancies []DayDiscrepancy `json:"discrepancies"`
}

// DayCountedLot is the rounds of a lot counted in its box.
type DayCountedLot struct {
	LotID   string `json:"lot_id"`
	Label   string `json:"label"`
	Counted int64  `json:"counted"`
}

// DayDiscrepancy is what a count did not find as recorded, in the words
// of the count (counted against recorded), and whether it is resolved.
type DayDiscrepancy struct {
	ID         string `json:"id"`
	What       string `json:"what"`
	Resolved   bool   `json:"resolved"`
	Resolution string `json:"resolution,omitempty"`
}

// DayOutAtEnd is a firearm not secured at the end of the day, and who
// held it.
type DayOutAtEnd struct {
	Firearm string `json:"firearm"`
	Holder  Who    `json:"holder"`
}

// handedOver records a hand-off of the day: an issue when the giver holds
// an armorer's role and the receiver does not, a return the other way.
func (b *builder) handedOver(e setsafe.Event, firearm, from, to, setUp string) {
	kind := MoveHandOff
	switch fromArmorer, toArmorer := b.s.HoldsArmorerRole(from), b.s.HoldsArmorerRole(to); {
	case fromArmorer && !toArmorer:
		kind = MoveIssue
		b.r.Custody.Issued++
		b.firearmWork = true
		if !slices.Contains(b.receivers, to) {
			b.receivers = append(b.receivers, to)
		}
	case toArmorer && !fromArmorer:
		kind = MoveReturn
		b.r.Custody.Returned++
	}
	b.lastCustody[firearm] = to
	b.r.Custody.Moves = append(b.r.Custody.Moves, DayMove{At: e.Time, Seq: e.Seq, Kind: kind, Firearm: b.firearmName(firearm),
		From: b.whoPtr(from), To: b.whoPtr(to), SetUpID: setUp})
}

// rounds returns the day's rounds of a lot, starting them at none.
func (b *builder) rounds(lot string) *DayRounds {
	lots := b.r.Custody.Lots
	if i := slices.IndexFunc(lots, func(r DayRounds) bool { return r.LotID == lot }); i >= 0 {
		return &lots[i]
	}
	r := DayRounds{LotID: lot, Label: b.lotLabel(lot)}
	if l := b.s.AmmoLot(lot); l != nil {
		r.Kind = l.Kind
	}
	b.r.Custody.Lots = append(lots, r)
	return &b.r.Custody.Lots[len(b.r.Custody.Lots)-1]
}

// counted records an end-of-day count, each discrepancy as it stands now.
func (b *builder) counted(e setsafe.Event, body *setsafe.DayReconciled) {
	c := DayCount{At: e.Time, Seq: e.Seq, Lots: []DayCountedLot{}, Discrepancies: []DayDiscrepancy{}}
	for _, n := range body.Counts {
		c.Lots = append(c.Lots, DayCountedLot{LotID: n.LotID, Label: b.lotLabel(n.LotID), Counted: n.Counted})
	}
	slices.SortFunc(c.Lots, func(x, y DayCountedLot) int { return strings.Compare(x.Label, y.Label) })
	for _, f := range body.Discrepancies {
		d := DayDiscrepancy{ID: f.ID, What: f.What}
		if x, ok := b.s.Row((*setsafe.Discrepancy)(nil).Table(), f.ID).(*setsafe.Discrepancy); ok {
			d.Resolved, d.Resolution = x.Resolved, x.Resolution
		}
		c.Discrepancies = append(c.Discrepancies, d)
	}
	b.r.Custody.Counts = append(b.r.Custody.Counts, c)
}

// custodyAtEnd finds the firearms in someone's hands at the end of the
// day, and sorts the rounds by lot.
func (b *builder) custodyAtEnd() {
	c := &b.r.Custody
	slices.SortFunc(c.Lots, func(x, y DayRounds) int { return strings.Compare(x.Label, y.Label) })
	if b.s.LastTime.Before(b.to) {
		// Nothing was recorded after the day: the state is its end.
		for _, f := range b.s.FirearmsOutOrLoaded() {
			if f.Store == "" && f.Custodian != "" && !f.Returned {
				c.OutAtEnd = append(c.OutAtEnd, DayOutAtEnd{Firearm: b.firearmName(f.ID), Holder: b.who(f.Custodian)})
			}
		}
	} else {
		for firearm, holder := range b.lastCustody {
			if holder != "" {
				c.OutAtEnd = append(c.OutAtEnd, DayOutAtEnd{Firearm: b.firearmName(firearm), Holder: b.who(holder)})
			}
		}
	}
	slices.SortFunc(c.OutAtEnd, func(x, y DayOutAtEnd) int { return strings.Compare(x.Firearm, y.Firearm) })
}
