package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/evidence"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/witness"
)

// maxAttestation bounds a compliance statement's file: a statement lists
// entry numbers, twenty to a line.
const maxAttestation = 16 << 20

func runExport(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var production, fromText, toText, forWhom, attestation, out string
	var quorum int
	f := a.flags("export", "export --production ID [--from DATE|TIME|N] [--to DATE|TIME|N] [--for third-party] [--attestation FILE] [--quorum N] --out FILE")
	d.register(f)
	f.StringVar(&production, "production", "", "the production whose ledger to export (required)")
	f.StringVar(&fromText, "from", "", "the first entry: its number, a date (YYYY-MM-DD, from midnight on the set's clock) or a time (RFC 3339); default the first")
	f.StringVar(&toText, "to", "", "the last entry: its number, a date (YYYY-MM-DD, that whole day on the set's clock) or a time (RFC 3339, entries before it); default the last")
	f.StringVar(&forWhom, "for", "", "third-party: leave out, in place, what only the production may read (a concern's words and reporter, people's e-mail addresses and phones, injury cases) and the files those entries attach")
	f.StringVar(&attestation, "attestation", "", "a signed compliance statement to carry in the bundle")
	f.IntVar(&quorum, "quorum", 0, "how many witnesses must have cosigned a checkpoint for it to be the head; 0 takes the latest checkpoint")
	f.StringVar(&out, "out", "", "the new file to write the bundle to (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	opt, err := exportOptions(production, fromText, toText, forWhom, quorum, out)
	if err != nil {
		return err
	}
	if attestation != "" {
		if opt.opt.Attestation, err = readAttestation(attestation); err != nil {
			return err
		}
		if err := opt.coverStatement(opt.opt.Attestation, fromText != "" || toText != ""); err != nil {
			return err
		}
	}
	if _, err := os.Lstat(out); err == nil {
		return setsafe.Errorf(setsafe.EConflict, "%s exists already; choose a new file for the bundle.", out)
	}
	db, signer, err := d.openSigning(ctx, func() error {
		return usagef("no signing key at %s: export checks the bundle it writes with the server's key, and signs a checkpoint if the last entries have none. Pass --key with the server's signing key file", d.keyPath())
	})
	if err != nil {
		return err
	}
	defer db.Close()
	prod, err := db.Production(ctx, production)
	if err != nil {
		return err
	}
	if err := opt.resolve(prod.Zone()); err != nil {
		return err
	}
	// The production's witnesses are stated in the bundle, and their
	// quorum chooses the head unless --quorum says otherwise.
	state, err := db.LedgerState(ctx, production)
	if err != nil {
		return err
	}
	var witnessKeys []string
	for _, w := range witness.Configured(state) {
		opt.opt.Witnesses = append(opt.opt.Witnesses, evidence.Witness{Name: w.Name, Key: w.Key, URL: w.URL})
		witnessKeys = append(witnessKeys, w.Key)
	}
	if opt.opt.Quorum == 0 && len(witnessKeys) > 0 {
		opt.opt.Quorum = witness.Quorum(state)
	}

	// The bundle is written beside where it goes, under a name of its own,
	// and takes its name only once whole and verified.
	partial := out + ".partial-" + setsafe.NewID()
	file, err := os.OpenFile(partial, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(partial)
	buf := bufio.NewWriterSize(file, 1<<20)
	sum, err := db.Export(ctx, production, opt.opt, func(m evidence.Manifest) (sqldb.BundleWriter, error) {
		return evidence.NewWriter(buf, m), nil
	})
	if err == nil {
		err = buf.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// A head no witness has cosigned yet is a problem for a reader who
	// trusts the witnesses; here it is only not final, as the summary
	// says, and the rest of the bundle is checked without their keys.
	checkKeys := witnessKeys
	if sum.HeadCosigned == 0 {
		checkKeys = nil
	}
	rep, err := evidence.VerifyFile(partial, evidence.Options{Key: signer.VerifierKey(), Witnesses: checkKeys})
	if err != nil {
		return fmt.Errorf("check the bundle written: %w", err)
	}
	if !rep.OK() {
		evidence.PrintReport(a.stdout, rep)
		unverified := out + ".unverified-" + setsafe.NewID()
		if err := os.Rename(partial, unverified); err != nil {
			return fmt.Errorf("keep the bundle that did not verify: %w", err)
		}
		fmt.Fprintf(a.stdout, "\nThe bundle did not verify with the signing key, so it was not named %s; run setsafe verify to see what in the database changed. It is kept, as it is, at %s\n", out, unverified)
		return errProblemsFound
	}
	if err := publish(partial, out, "the export"); err != nil {
		return err
	}
	size := int64(0)
	if st, err := os.Stat(out); err == nil {
		size = st.Size()
	}
	printExport(a, prod, sum, out, size, ledger.VerifierKeyPath(d.keyPath()))
	return nil
}

// exportChoice is what the command line asked to export.
type exportChoice struct {
	opt      sqldb.ExportOptions
	from, to exportBound
}

// exportBound is one end of the range: an entry number, a time, or a day
// on the set's clock.
type exportBound struct {
	n   int64
	at  time.Time
	day string
}

func (b exportBound) byTime() bool { return !b.at.IsZero() || b.day != "" }

var dayPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// parseBound reads --from or --to.
func parseBound(name, s string) (exportBound, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return exportBound{}, nil
	case strings.Trim(s, "0123456789") == "":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return exportBound{}, usagef("--%s %s: entries are numbered from 1", name, s)
		}
		return exportBound{n: n}, nil
	case dayPattern.MatchString(s):
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return exportBound{}, usagef("--%s %s is not a date: write it YYYY-MM-DD, such as 2026-11-01", name, s)
		}
		return exportBound{day: s}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return exportBound{}, usagef("--%s %q: give an entry number (such as 120), a date (2026-11-01, on the set's clock) or a time with its zone (2026-11-01T07:00:00-07:00)", name, s)
	}
	return exportBound{at: t}, nil
}

// exportOptions checks the command line's choice, before the database is
// opened.
func exportOptions(production, fromText, toText, forWhom string, quorum int, out string) (*exportChoice, error) {
	if production == "" {
		return nil, usagef("--production ID is required: the production whose ledger to export (setsafe production list shows them)")
	}
	if out == "" {
		return nil, usagef("--out FILE is required: the new file to write the bundle to")
	}
	c := &exportChoice{}
	switch forWhom {
	case "":
	case "third-party":
		c.opt.ForThirdParty = true
	default:
		return nil, usagef("--for %q: the one choice is third-party, which leaves out what only the production may read", forWhom)
	}
	if quorum < 0 || quorum > 100 {
		return nil, usagef("--quorum %d: give how many witnesses must have cosigned the head, from 0 to 100", quorum)
	}
	c.opt.Quorum = quorum
	var err error
	if c.from, err = parseBound("from", fromText); err != nil {
		return nil, err
	}
	if c.to, err = parseBound("to", toText); err != nil {
		return nil, err
	}
	if (c.from.n > 0 && c.to.byTime()) || (c.to.n > 0 && c.from.byTime()) {
		return nil, usagef("--from and --to: give both as entry numbers, or both as dates or times")
	}
	if c.from.n > 0 && c.to.n > 0 && c.from.n > c.to.n {
		return nil, usagef("--from %d is after --to %d", c.from.n, c.to.n)
	}
	c.opt.From, c.opt.To = c.from.n, c.to.n
	return c, nil
}

// resolve turns dates into times on the set's clock: --from a day is its
// midnight, --to a day the midnight after it, so that the day is in.
func (c *exportChoice) resolve(zone *time.Location) error {
	at := func(b exportBound, after bool) time.Time {
		if b.day == "" {
			return b.at
		}
		d, _ := time.ParseInLocation(time.DateOnly, b.day, zone)
		if after {
			y, m, dd := d.Date()
			return time.Date(y, m, dd+1, 0, 0, 0, 0, zone)
		}
		return d
	}
	c.opt.Since, c.opt.Until = at(c.from, false), at(c.to, true)
	if !c.opt.Since.IsZero() && !c.opt.Until.IsZero() && !c.opt.Since.Before(c.opt.Until) {
		return usagef("--from is not before --to: the period from %s until %s is empty", c.opt.Since.Format(time.RFC3339), c.opt.Until.Format(time.RFC3339))
	}
	return nil
}

// coverStatement makes the bundle hold what a reader needs to check a
// compliance statement: every entry from the one that set the profile it
// names to the checkpoint it rests on, which the bundle then carries.
func (c *exportChoice) coverStatement(signed []byte, rangeGiven bool) error {
	if rangeGiven {
		return usagef("--attestation: leave out --from and --to; the bundle covers the statement's entries, from the one that set its profile to its checkpoint")
	}
	end := bytes.LastIndex(signed, []byte("\n\n"))
	if end < 0 {
		return usagef("--attestation: the file is not a signed note (no blank line before its signatures); give the file setsafe attest wrote")
	}
	st, err := evidence.ParseStatement(string(signed[:end+1]))
	if err != nil {
		return usagef("--attestation: %v; give the file setsafe attest wrote", err)
	}
	c.opt.From, c.opt.To = int64(min(st.ProfileEntry, st.First)), int64(st.CheckpointSize)
	return nil
}

// readAttestation reads a signed compliance statement to carry.
func readAttestation(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, usagef("--attestation: %v", err)
	}
	if !st.Mode().IsRegular() || st.Size() == 0 || st.Size() > maxAttestation {
		return nil, usagef("--attestation %s: give the file of a signed compliance statement (not empty, at most %d MiB)", path, maxAttestation>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--attestation: %v", err)
	}
	return b, nil
}

func printExport(a *app, prod *setsafe.Production, sum sqldb.ExportSummary, out string, size int64, keyFile string) {
	m := sum.Manifest
	w := a.stdout
	fmt.Fprintf(w, "Wrote an evidence bundle of %s (%s) to %s, %s.\n", prod.Name, m.Ledger, out, byteSize(size))
	if m.Period != nil {
		fmt.Fprintf(w, "  period:       %s until %s\n", m.Period.From.Format(time.RFC3339), m.Period.To.Format(time.RFC3339))
	}
	fmt.Fprintf(w, "  entries:      %d to %d: %s whole", m.From, m.To, plural(m.Entries-m.Withheld, "entry", "entries"))
	if m.Withholding != "" {
		fmt.Fprintf(w, ", %d withheld for a third party (only their leaf hashes and types)", m.Withheld)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  checkpoints:  %d\n", m.Checkpoints)
	final := "not final: no witness quorum was asked for (--quorum N)"
	if m.Quorum > 0 && sum.Final {
		final = fmt.Sprintf("final: %d of the %d witnesses asked for cosigned it", sum.HeadCosigned, m.Quorum)
	} else if m.Quorum > 0 {
		final = fmt.Sprintf("not final: no checkpoint covering entry %d has %d witnesses' cosignatures yet", m.To, m.Quorum)
	}
	fmt.Fprintf(w, "  head:         the checkpoint at size %d, %s; %s\n", m.Head.Size, plural(sum.HeadCosigned, "cosignature", "cosignatures"), final)
	fmt.Fprintf(w, "  attachments:  %s", plural(len(m.Attachments), "file", "files"))
	if m.AttachmentsWithheld > 0 {
		fmt.Fprintf(w, ", %d left out with the entries withheld", m.AttachmentsWithheld)
	}
	fmt.Fprintln(w)
	if m.Attestation {
		fmt.Fprintln(w, "  attestation:  a signed compliance statement")
	}
	fmt.Fprintf(w, "Verified it with the signing key. Whoever receives it verifies it with the verifier key the site hands out:\n  setsafe verify-bundle %s --key %s\n", out, keyFile)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// keyList is a flag given more than once, each a key or the file of one.
type keyList []string

func (k *keyList) String() string { return strings.Join(*k, ",") }

func (k *keyList) Set(s string) error {
	key, _, err := witnessKey(s)
	if err != nil {
		return err
	}
	*k = append(*k, key)
	return nil
}

func runVerifyBundle(ctx context.Context, a *app, args []string) error {
	var key string
	var witnesses keyList
	var quorum int
	var asJSON bool
	f := a.flags("verify-bundle", "verify-bundle FILE --key KEY|FILE [--witness KEY|FILE]... [--quorum N] [--json]")
	f.StringVar(&key, "key", "", "the production's verifier key, or its file, as the site handed it out: never one read from the bundle (required)")
	f.Var(&witnesses, "witness", "a witness's cosignature verifier key, or its file; give one for each witness you trust")
	f.IntVar(&quorum, "quorum", 0, "how many of the witnesses given must have cosigned the head for it to be final (default all of them)")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	flagArgs, files := splitPositional(f, args)
	if err := f.parse(flagArgs); err != nil {
		return err
	}
	if len(files) > 1 {
		return usagef("unexpected argument %q: verify one bundle at a time", files[1])
	}
	file := ""
	if len(files) == 1 {
		file = files[0]
	}
	if file == "" {
		return usagef("say which bundle to verify: setsafe verify-bundle FILE --key KEY")
	}
	if st, err := os.Stat(file); err != nil || !st.Mode().IsRegular() {
		return usagef("%s is not a bundle file that can be read (%v)", file, err)
	}
	if key == "" {
		return usagef("--key is required: the production's verifier key, or its file, as the site handed it out")
	}
	v, err := verifierKey("--key", key)
	if err != nil {
		return err
	}
	if quorum < 0 || quorum > len(witnesses) {
		return usagef("--quorum %d: give from 1 to the number of witnesses given (%d), or 0 for all of them", quorum, len(witnesses))
	}
	rep, err := evidence.VerifyFile(file, evidence.Options{Key: v.Key(), Witnesses: witnesses, Quorum: quorum})
	if err != nil {
		return err
	}
	if asJSON {
		if err := printJSON(a.stdout, struct {
			OK bool `json:"ok"`
			*evidence.Report
		}{rep.OK(), rep}); err != nil {
			return err
		}
	} else {
		evidence.PrintReport(a.stdout, rep)
	}
	if !rep.OK() {
		return errProblemsFound
	}
	return nil
}

// splitPositional separates a command line's options from the arguments
// among them, so that a file may come before its options or after them.
func splitPositional(f *flags, args []string) (options, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return options, append(positional, args[i+1:]...)
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		options = append(options, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		fl := f.Lookup(name)
		if fl == nil {
			continue // the parser says it is unknown
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			options = append(options, args[i+1])
			i++
		}
	}
	return options, positional
}
