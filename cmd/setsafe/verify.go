package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/sqlite"
)

func runVerify(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var production, verifierKey, checkpoints string
	var asJSON bool
	var witnesses witnessKeys
	var quorum int
	f := a.flags("verify", "verify [--db URL] [--production ID] [--verifier-key KEY|FILE] [--checkpoints FILE] [--witness KEY|FILE ...] [--quorum N] [--json]")
	d.register(f)
	f.StringVar(&production, "production", "", "verify only this production's ledger (or site for the site ledger)")
	f.StringVar(&verifierKey, "verifier-key", "", "the verifier key to check checkpoints with, or a file holding it (default: derived from the signing key file)")
	f.StringVar(&checkpoints, "checkpoints", "", "the checkpoints the server kept outside the database, to compare with (default: the file beside the signing key, if there is one)")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	f.Var(&witnesses, "witness", "a witness's cosignature verifier key, or a file holding it (repeatable): each ledger it witnesses must have its latest checkpoint cosigned")
	f.Var(&witnesses, "witness-cosigned", "the same as --witness")
	f.IntVar(&quorum, "quorum", 0, "how many of the witnesses given must cosign each latest checkpoint (default: all of them)")
	if err := f.parse(args); err != nil {
		return err
	}
	wc, err := witnessCheck(witnesses, quorum)
	if err != nil {
		return err
	}
	v, source, err := loadVerifier(d, verifierKey)
	if err != nil {
		return err
	}
	kept, err := loadKept(d, checkpoints)
	if err != nil {
		return err
	}
	db, err := d.open(ctx, openReadOnly, sqldb.Config{Kept: kept})
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.VerifyWitnessed(ctx, v, production, wc)
	if err != nil {
		return err
	}
	if asJSON {
		if err := printJSON(a.stdout, struct {
			OK          bool   `json:"ok"`
			VerifierKey string `json:"verifier_key"`
			sqldb.Report
		}{rep.OK(), v.Key(), rep}); err != nil {
			return err
		}
	} else {
		printReport(a, rep, v, source)
		if len(witnesses) > 0 && rep.OK() {
			need := quorum
			if need == 0 {
				need = len(witnesses)
			}
			fmt.Fprintf(a.stdout, "Every witnessed ledger's latest checkpoint is cosigned by %d of the witnesses given (%s).\n", need, witnesses.String())
		}
	}
	if !rep.OK() {
		return errProblemsFound
	}
	return nil
}

// loadVerifier returns the verifier key to check checkpoints with: the one
// given, or the one of the signing key file. Never one read from the
// database: whoever can change the database could change that too.
func loadVerifier(d dbFlags, given string) (*ledger.Verifier, string, error) {
	if given != "" {
		v, err := verifierKey("--verifier-key", given)
		if err != nil {
			return nil, "", err
		}
		return v, "--verifier-key", nil
	}
	s, _, err := d.signer(false)
	if errors.Is(err, ledger.ErrNoKey) {
		return nil, "", usagef("no verifier key: there is no signing key at %s. Pass --verifier-key with the key (or its file, such as %s) that the site handed out",
			d.keyPath(), ledger.VerifierKeyPath(d.keyPath()))
	}
	if err != nil {
		return nil, "", err
	}
	return s.Verifier(), d.keyPath(), nil
}

// verifierKey reads the production's verifier key given to option as the
// key itself or as a file holding it.
func verifierKey(option, given string) (*ledger.Verifier, error) {
	v, err := ledger.LoadVerifier(given)
	if err != nil {
		return nil, usagef("%s: %v", option, err)
	}
	return v, nil
}

// printJSON prints a report as indented JSON.
func printJSON(w io.Writer, report any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

// loadKept returns the checkpoints kept outside the database to compare the
// ledgers with: the file given, or the one beside the signing key if there
// is one.
func loadKept(d dbFlags, given string) (sqldb.CheckpointKeeper, error) {
	path := given
	if path == "" {
		path = ledger.CheckpointFilePath(d.keyPath())
		if _, err := os.Stat(path); err != nil {
			return nil, nil
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, usagef("--checkpoints: %v", err)
	}
	kept, err := ledger.OpenCheckpointFile(path)
	if err != nil {
		return nil, usagef("--checkpoints: %v", err)
	}
	return kept, nil
}

func printReport(a *app, rep sqldb.Report, v *ledger.Verifier, source string) {
	out := a.stdout
	fmt.Fprintf(out, "Checking with verifier key %s (from %s).\n\n", v.Key(), source)
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	for _, l := range rep.Ledgers {
		status := "ok"
		if l.Problems > 0 {
			status = "FAILED: " + plural(l.Problems, "problem", "problems")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Ledger, plural(int(l.Entries), "entry", "entries"), plural(l.Checkpoints, "checkpoint", "checkpoints"), status)
	}
	tw.Flush()
	if len(rep.Problems) > 0 {
		fmt.Fprintln(out, "\nProblems:")
		for _, p := range rep.Problems {
			fmt.Fprintf(out, "  %s\n", p)
		}
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintln(out, "\nWarnings:")
		for _, p := range rep.Warnings {
			fmt.Fprintf(out, "  %s\n", p)
		}
	}
	if rep.OK() {
		fmt.Fprintf(out, "\nVerified: %s. Every entry matches its signed checkpoints and every projection row matches the ledger.\n",
			plural(len(rep.Ledgers), "ledger", "ledgers"))
		return
	}
	failed := 0
	for _, l := range rep.Ledgers {
		if l.Problems > 0 {
			failed++
		}
	}
	fmt.Fprintf(out, "\nVerification FAILED: %s in %s.\n", plural(len(rep.Problems), "problem", "problems"), plural(failed, "ledger", "ledgers"))
}

func runBackup(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var out string
	f := a.flags("backup", "backup [--db sqlite:PATH] --out FILE")
	d.register(f)
	f.StringVar(&out, "out", "", "the new file to write the copy to (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	if out == "" {
		return usagef("--out FILE is required")
	}
	loc := d.location()
	if isPostgres(loc) {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "For PostgreSQL, use pg_dump, which takes a consistent copy while setsafe runs:\n" +
			"  pg_dump --format=custom --file=setsafe.dump '" + postgres.Redact(loc) + "'\n" +
			"and keep the signing key file with it. docs/operations.md says how to restore and verify it."}
	}
	src := sqlitePath(loc)
	if src == "" {
		return usagef("--db must be sqlite:PATH")
	}
	if _, err := os.Lstat(out); err == nil {
		return setsafe.Errorf(setsafe.EConflict, "%s exists already; choose a new file for the backup.", out)
	}
	// The copy is written beside where it goes, under a name of its own,
	// and takes its name only once whole and verified: a backup stopped
	// half-way, even killed, never leaves a file that looks like one.
	partial := out + ".partial-" + setsafe.NewID()
	if err := sqlite.Backup(ctx, src, partial); err != nil {
		return err
	}
	defer os.Remove(partial)

	v, _, err := loadVerifier(d, "")
	if err != nil {
		if err := publish(partial, out, "the backup"); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Wrote a consistent copy of %s to %s.\n", src, out)
		fmt.Fprintf(a.stdout, "Not verified: no signing key at %s. Verify it with:\n  setsafe verify --db sqlite:%s --verifier-key VERIFIER-KEY-FILE\n", d.keyPath(), out)
		return nil
	}
	rep, err := verifyCopy(ctx, partial, v)
	if err != nil {
		return err
	}
	if !rep.OK() {
		printReport(a, rep, v, d.keyPath())
		unverified := out + ".unverified-" + setsafe.NewID()
		if err := os.Rename(partial, unverified); err != nil {
			return fmt.Errorf("keep the copy that did not verify: %w", err)
		}
		fmt.Fprintf(a.stdout, "\nThe copy of %s did not verify, like the database itself, so it was not named %s. It is kept, as it is, at %s\n", src, out, unverified)
		return errProblemsFound
	}
	if err := publish(partial, out, "the backup"); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote a consistent copy of %s to %s.\n", src, out)
	fmt.Fprintf(a.stdout, "Verified the copy: %s hold. Verify it again at any time with:\n  setsafe verify --db sqlite:%s --verifier-key %s\n",
		plural(len(rep.Ledgers), "ledger", "ledgers"), out, ledger.VerifierKeyPath(d.keyPath()))
	return nil
}

// verifyCopy verifies a copy of a database, opened read-only.
func verifyCopy(ctx context.Context, path string, v *ledger.Verifier) (sqldb.Report, error) {
	copyFlags := dbFlags{db: "sqlite:" + path}
	db, err := copyFlags.open(ctx, openReadOnly, sqldb.Config{})
	if err != nil {
		return sqldb.Report{}, err
	}
	defer db.Close()
	return db.Verify(ctx, v, "")
}

// publish gives a finished copy its name, durably, unless a file took that
// name meanwhile: it is never written over.
func publish(partial, out, what string) error {
	f, err := os.Open(partial)
	if err == nil {
		err = f.Sync()
		f.Close()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	switch err := os.Link(partial, out); {
	case errors.Is(err, fs.ErrExist):
		return setsafe.Errorf(setsafe.EConflict, "%s was created while %s ran; nothing was written over it.", out, what)
	case err != nil:
		// A file system without hard links: rename, having looked first.
		if _, serr := os.Lstat(out); serr == nil {
			return setsafe.Errorf(setsafe.EConflict, "%s was created while %s ran; nothing was written over it.", out, what)
		}
		if err := os.Rename(partial, out); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if dir, err := os.Open(filepath.Dir(out)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}
