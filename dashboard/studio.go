package dashboard

import (
	"context"
	"fmt"
	"time"
)

// Store gathers the facts of many productions at once since a moment, as
// [FromState] does for one; package sqldb implements it.
type Store interface {
	DashboardFacts(ctx context.Context, productions []string, since time.Time) ([]Facts, error)
}

// Studio is a studio's view across productions: each production's counts
// and their sum.
type Studio struct {
	Days        int      `json:"days"`
	Productions []Totals `json:"productions"`
	All         Totals   `json:"all"`
}

// ForStudio returns the counts of the productions given over the last days
// days at now, each on its own set's clock.
func ForStudio(ctx context.Context, store Store, productions []string, days int, now time.Time) (Studio, error) {
	facts, err := store.DashboardFacts(ctx, productions, Since(days, now))
	if err != nil {
		return Studio{}, fmt.Errorf("studio view: %w", err)
	}
	out := Studio{Days: days, Productions: []Totals{}}
	for _, f := range facts {
		out.Productions = append(out.Productions, Tally(f, days, now))
	}
	out.All = Sum(out.Productions)
	return out, nil
}
