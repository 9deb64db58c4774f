package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/attestation"
)

// runAttest signs a production's compliance attestation for a period:
// it prints the statement in words, writes the signed note and records
// that the operator signed it.
func runAttest(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var prod, from, to, out string
	f := a.flags("attest", "attest --production ID --from DATE --to DATE [--out FILE]")
	d.register(f)
	f.StringVar(&prod, "production", "", "the production's ID (required)")
	f.StringVar(&from, "from", "", "the period's first day, YYYY-MM-DD on the set's clock (required)")
	f.StringVar(&to, "to", "", "the day after the period's last day, YYYY-MM-DD: the period ends at its start (required)")
	f.StringVar(&out, "out", "", "the file to write the signed statement to, which must not exist (default: PRODUCTION-attestation-FROM-TO.txt)")
	if err := f.parse(args); err != nil {
		return err
	}
	switch {
	case prod == "":
		return usagef("--production is required: the ID of the production to attest, as 'setsafe production list' shows it")
	case !setsafe.ValidProductionID(prod):
		return usagef("--production %q is not a production ID: lowercase letters, digits and dashes, as 'setsafe production list' shows it", prod)
	case from == "" || to == "":
		return usagef("--from and --to are required: the period runs from the start of --from until the start of --to, such as --from 2026-11-01 --to 2026-12-01 for November")
	}
	if out == "" {
		out = fmt.Sprintf("%s-attestation-%s-%s.txt", prod, from, to)
	}
	if _, err := os.Lstat(out); err == nil {
		return usagef("--out %s exists already: a signed statement is never written over a file; choose another name", out)
	}
	db, _, err := d.openSigning(ctx, func() error {
		return fmt.Errorf("no signing key at %s: the statement is signed with the key that signs the checkpoints (--key)", d.keyPath())
	})
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.Production(ctx, prod)
	if err != nil {
		return err
	}
	period, err := attestation.NewPeriod(from, to, p.Zone(), db.Clock().Now())
	if err != nil {
		return flagProblems(err)
	}
	// The period's last entry may be newer than the latest checkpoint.
	if _, err := db.SignCheckpoint(ctx, prod); err != nil {
		return err
	}
	origin, err := db.CheckpointOrigin(prod)
	if err != nil {
		return err
	}
	pv, err := attestation.Build(ctx, db, attestation.Source{Ledger: prod, Production: p.Name, Origin: origin}, period)
	if err != nil {
		return err
	}
	note, err := attestation.Note(db, pv)
	if err != nil {
		return err
	}
	file, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usagef("--out %s exists already: a signed statement is never written over a file; choose another name", out)
	}
	if err != nil {
		return fmt.Errorf("write the signed statement: %w", err)
	}
	id := setsafe.NewID()
	if _, err := db.Append(ctx, setsafe.On(prod, operator(), attestation.Sign{ID: id, Preview: pv, Production: p.Name})); err != nil {
		file.Close()
		os.Remove(out)
		return err
	}
	_, err = file.Write(note)
	if err == nil {
		err = file.Sync()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("attestation %s is recorded, but writing it to %s failed (%w); download it again from the production's attestations page", id, out, err)
	}
	fmt.Fprintf(a.stdout, "Compliance attestation %s of %s (%s), from %s until before %s (%s):\n\n", id, p.Name, prod, from, to, period.Zone)
	for _, line := range pv.Summary {
		fmt.Fprintf(a.stdout, "  %s\n", line)
	}
	fmt.Fprintf(a.stdout, "\nThe signed statement is in %s (SHA-256 of its text %s).\n", out, pv.SHA256)
	if !pv.Witnessed {
		fmt.Fprintln(a.stdout, "It is not witnessed yet: no witness has cosigned a checkpoint that covers the period.")
	}
	fmt.Fprintf(a.stdout, "Put it in an evidence bundle of its entries with:\n  setsafe export --production %s --attestation %s --out bundle.zip\n", prod, out)
	return nil
}

// flagProblems turns the problems with a command's input into a usage
// error that names its options.
func flagProblems(err error) error {
	e, ok := errors.AsType[*setsafe.Error](err)
	if !ok || e.Code != setsafe.EInvalid || len(e.Fields) == 0 {
		return err
	}
	var msgs []string
	for _, name := range []string{"from", "to"} {
		if m, ok := e.Fields[name]; ok {
			msgs = append(msgs, "--"+name+" "+m)
		}
	}
	if len(msgs) == 0 {
		return err
	}
	return usagef("%s", strings.Join(msgs, "; "))
}
