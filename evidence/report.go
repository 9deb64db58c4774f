package evidence

import (
	"fmt"
	"io"
	"strings"
)

// PrintReport writes a report in plain English: the problems first, each
// with where it is, then what holds.
func PrintReport(w io.Writer, r *Report) {
	m := r.Manifest
	name := m.Production
	if name == "" && m.Ledger != "" {
		name = "ledger " + m.Ledger
	}
	if name != "" {
		fmt.Fprintf(w, "Evidence bundle of %s (origin %s), written %s.\n", shown(name), shown(m.Origin), m.CreatedAt.Format("2006-01-02 15:04 MST"))
	}
	if !r.OK() {
		n := len(r.Problems) + r.MoreProblems
		fmt.Fprintf(w, "\nPROBLEMS: %d. The bundle does not hold as it is; what follows each is where it is and what is wrong.\n", n)
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  - %s: %s\n", p.Where, p.What)
		}
		if r.MoreProblems > 0 {
			fmt.Fprintf(w, "  ... and %d more problems, not listed.\n", r.MoreProblems)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "What was checked despite the problems:")
	}
	if r.Entries == 0 && r.Checkpoints == 0 {
		fmt.Fprintln(w, "Nothing in the bundle could be verified.")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "Note: %s\n", n)
		}
		return
	}
	withheld := ""
	if r.Withheld > 0 {
		withheld = fmt.Sprintf(" (%d withheld)", r.Withheld)
	}
	fmt.Fprintf(w, "Verified: %s%s from %d to %d, %s, head at size %d %s.\n",
		plural(r.Entries, "entry", "entries"), withheld, r.From, r.To, plural(r.Checkpoints, "checkpoint", "checkpoints"), r.HeadSize, finality(r))
	if r.Attachments > 0 || len(m.Attachments) > 0 {
		fmt.Fprintf(w, "Attachments: %d of %d match their hashes.", r.Attachments, len(m.Attachments))
		if m.AttachmentsWithheld > 0 {
			fmt.Fprintf(w, " %s of withheld entries %s left out.", plural(m.AttachmentsWithheld, "file", "files"), map[bool]string{true: "was", false: "were"}[m.AttachmentsWithheld == 1])
		}
		fmt.Fprintln(w)
	}
	if r.Withheld > 0 {
		fmt.Fprintf(w, "Withheld entries keep their place and hash: that they were there and not changed after the checkpoints is proven; what they say is not shown.")
		if m.Withholding != "" {
			fmt.Fprintf(w, " The exporter says: %s.", shown(m.Withholding))
		}
		fmt.Fprintln(w)
	}
	if a := r.Attestation; a != nil {
		fmt.Fprintf(w, "Attestation: its counts hold for entries %d to %d (%s to %s), in the checkpoint at size %d.\n",
			a.First, a.Last, a.Period.From.Format(StatementPeriodLayout), a.Period.To.Format(StatementPeriodLayout), a.CheckpointSize)
		if a.Profile != "" {
			fmt.Fprintf(w, "  Profile %s, set by entry %d and not changed after.\n", a.Profile, a.ProfileEntry)
		}
		for _, c := range a.Counts {
			fmt.Fprintf(w, "  %s: %s of type %s%s.\n", c.Name, plural(len(c.Entries), "entry", "entries"), c.Type, describeWhere(c.Where))
		}
		for _, l := range a.Claim {
			fmt.Fprintf(w, "  It claims: %s\n", l)
		}
	} else if m.Attestation {
		fmt.Fprintln(w, "Attestation: it did not verify; see the problems.")
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
	if r.OK() {
		fmt.Fprintln(w, "Everything in the bundle holds.")
	}
}

func finality(r *Report) string {
	switch {
	case r.Final:
		return "final: cosigned by " + strings.Join(r.CosignedBy, " and ")
	case len(r.CosignedBy) > 0:
		return "not final: cosigned only by " + strings.Join(r.CosignedBy, " and ")
	default:
		return "not final: no trusted witness cosigned it"
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
