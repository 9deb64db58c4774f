// Command setsafe-verify checks a setsafe evidence bundle offline, with
// nothing but the bundle and the keys its reader trusts:
//
//	setsafe-verify --key KEY|FILE [--witness KEY|FILE]... [--quorum N] [--json] BUNDLE
//	setsafe-verify --list BUNDLE
//	setsafe-verify --version
//
// It exits 0 when everything in the bundle holds, 1 when it found
// problems, and 2 when it could not check (a wrong argument, a key that
// cannot be read, a file that cannot be opened).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/setsafe/setsafe/buildinfo"
	"github.com/setsafe/setsafe/evidence"
	"golang.org/x/mod/sumdb/note"
)

const usage = `usage:
  setsafe-verify --key KEY|FILE [--witness KEY|FILE]... [--quorum N] [--json] BUNDLE
  setsafe-verify --list BUNDLE
  setsafe-verify --version

Checks an evidence bundle of setsafe offline. KEY is the ledger's verifier
key (NAME+HASH+BASE64...) as you got it from the production or the studio,
or a file holding it; never take it from the bundle alone. Each --witness
is the cosignature key of a witness you trust; --quorum N says how many of
them must have cosigned the head (all of them when not given).
--attestation-key checks attestation.txt with another key than --key.
--json prints the report as JSON. --list prints every entry, one JSON line
each, without checking anything. --version prints the version and the
commit it was built from.

Exit status: 0 everything holds, 1 problems found, 2 could not check.
`

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("setsafe-verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		key, attKey string
		witnesses   multi
		quorum      int
		asJSON      bool
		list        bool
		showVersion bool
	)
	fs.StringVar(&key, "key", "", "")
	fs.StringVar(&attKey, "attestation-key", "", "")
	fs.Var(&witnesses, "witness", "")
	fs.IntVar(&quorum, "quorum", 0, "")
	fs.BoolVar(&asJSON, "json", false, "")
	fs.BoolVar(&list, "list", false, "")
	fs.BoolVar(&showVersion, "version", false, "")
	// Flags may come before or after the bundle.
	var bundles []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, usage)
				return 0
			}
			return fail(stderr, "%v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		bundles = append(bundles, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case showVersion && (len(bundles) > 0 || key != "" || list):
		return fail(stderr, "--version takes nothing else")
	case showVersion:
		fmt.Fprintln(stdout, buildinfo.Read().Line("setsafe-verify"))
		return 0
	case len(bundles) != 1:
		return fail(stderr, "give one bundle file, not %d", len(bundles))
	case list && (key != "" || len(witnesses) > 0 || asJSON || quorum != 0):
		return fail(stderr, "--list takes only the bundle")
	case list:
		if err := evidence.List(bundles[0], stdout); err != nil {
			fmt.Fprintf(stderr, "setsafe-verify: %v\n", err)
			return 2
		}
		return 0
	case key == "":
		return fail(stderr, "--key is needed: the ledger's verifier key, as you got it from the production or the studio")
	case quorum < 0 || quorum > len(witnesses):
		return fail(stderr, "--quorum %d: give from 1 to the number of --witness keys (%d)", quorum, len(witnesses))
	}
	opt := evidence.Options{Quorum: quorum}
	var err error
	if opt.Key, err = readKey(key, isNoteKey); err != nil {
		return fail(stderr, "--key: %v", err)
	}
	if attKey != "" {
		if opt.AttestationKey, err = readKey(attKey, isNoteKey); err != nil {
			return fail(stderr, "--attestation-key: %v", err)
		}
	}
	for _, w := range witnesses {
		k, err := readKey(w, isWitnessKey)
		if err != nil {
			return fail(stderr, "--witness: %v", err)
		}
		opt.Witnesses = append(opt.Witnesses, k)
	}
	r, err := evidence.VerifyFile(bundles[0], opt)
	if err != nil {
		fmt.Fprintf(stderr, "setsafe-verify: %v\n", err)
		return 2
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(r)
	} else {
		evidence.PrintReport(stdout, r)
	}
	if !r.OK() {
		return 1
	}
	return 0
}

func fail(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "setsafe-verify: %s\n\n%s", fmt.Sprintf(format, args...), usage)
	return 2
}

func isNoteKey(k string) error {
	_, err := note.NewVerifier(k)
	return err
}

func isWitnessKey(k string) error {
	_, err := evidence.NewCosignatureVerifier(k)
	return err
}

// readKey returns a key given as itself or as a file holding it.
func readKey(arg string, valid func(string) error) (string, error) {
	arg = strings.TrimSpace(arg)
	keyErr := valid(arg)
	if keyErr == nil {
		return arg, nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		if strings.Count(arg, "+") >= 2 {
			return "", keyErr
		}
		return "", fmt.Errorf("%q is neither a key nor a readable file: %v", arg, err)
	}
	k := strings.TrimSpace(string(b))
	if err := valid(k); err != nil {
		return "", fmt.Errorf("the file %s does not hold a key: %v", arg, err)
	}
	return k, nil
}
