package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	sshttp "github.com/setsafe/setsafe/http"
)

// readBack reads every acknowledged entry back through the ledger API,
// each ledger from the server readerFor names, and returns how many were
// read back and a description of each one lost: missing, or of another
// type or time than acknowledged.
func (c *client) readBack(ctx context.Context, acks []ack, token string, readerFor func(ledger string) string) (found int, lost []string, err error) {
	byLedger := map[string][]ack{}
	for _, a := range acks {
		byLedger[a.ledger] = append(byLedger[a.ledger], a)
	}
	ledgers := make([]string, 0, len(byLedger))
	for l := range byLedger {
		ledgers = append(ledgers, l)
	}
	slices.Sort(ledgers)
	for _, l := range ledgers {
		want := byLedger[l]
		slices.SortFunc(want, func(a, b ack) int { return int(a.seq - b.seq) })
		server := readerFor(l)
		after, last := want[0].seq-1, want[len(want)-1].seq
		got := map[int64]sshttp.EntryView{}
		for after < last {
			var page sshttp.EntriesView
			if _, err := c.call(ctx, server, token, "GET", fmt.Sprintf("/api/v1/ledgers/%s/entries?after=%d&limit=1000", l, after), nil, http.StatusOK, &page); err != nil {
				return found, lost, err
			}
			for _, e := range page.Entries {
				got[e.Seq] = e
			}
			if len(page.Entries) == 0 {
				break
			}
			after = page.Entries[len(page.Entries)-1].Seq
		}
		for _, a := range want {
			e, ok := got[a.seq]
			switch {
			case !ok:
				lost = append(lost, fmt.Sprintf("%s entry %d (%s) is not in the ledger", l, a.seq, a.typ))
			case e.Type != a.typ || !e.Time.Equal(a.at):
				lost = append(lost, fmt.Sprintf("%s entry %d is %s at %s, but %s at %s was acknowledged", l, a.seq, e.Type, e.Time, a.typ, a.at))
			default:
				found++
			}
		}
	}
	return found, lost, nil
}
