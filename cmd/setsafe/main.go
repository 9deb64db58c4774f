// Command setsafe runs setsafe: the server, its demo, and the tools to
// administer, back up and verify it. Run "setsafe help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/setsafe/setsafe"
	// The subdomains register their entries with the core: a server
	// that reads a production's ledger must know every kind it holds.
	_ "github.com/setsafe/setsafe/attestation"
	_ "github.com/setsafe/setsafe/dailyreport"
	_ "github.com/setsafe/setsafe/dashboard"
	_ "github.com/setsafe/setsafe/incident"
	_ "github.com/setsafe/setsafe/witness"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed, or verification found problems
	exitUsage   = 2 // the command line was wrong
)

// app is one run of the command line, with its streams and environment, so
// that tests can run it in-process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// ready, if set, receives the server's URL once it listens (tests).
	ready func(url string)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "run setsafe with a demo production on a fresh embedded database", runDemo},
		{"serve", "run the server", runServe},
		{"attest", "sign a production's compliance attestation for a period", runAttest},
		{"verify", "check the ledgers, checkpoints and projections of a database", runVerify},
		{"backup", "write a consistent copy of a running SQLite database", runBackup},
		{"export", "write a production's evidence bundle, for an investigator, an insurer or a union", runExport},
		{"verify-bundle", "check an evidence bundle with the keys you trust", runVerifyBundle},
		{"migrate", "bring a database's schema up to date", runMigrate},
		{"rebuild", "rebuild the tables of current state from the ledger", runRebuild},
		{"user", "create accounts, reset passwords, grant and revoke roles", runUser},
		{"token", "create, list and revoke API tokens", runToken},
		{"production", "create and list productions", runProduction},
		{"healthcheck", "ask a running server whether it is healthy (exit 0) or not (exit 1)", runHealthcheck},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(a.main(ctx, os.Args[1:]))
}

// usageError is a mistake on the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// main runs one command line and returns the exit status.
func (a *app) main(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		a.usage(a.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, a, args[1:])
		var u usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &u):
			fmt.Fprintf(a.stderr, "setsafe %s: %s\nRun 'setsafe %s --help' for its options.\n", c.name, u.msg, c.name)
			return exitUsage
		case errors.Is(err, errProblemsFound):
			return exitFailure
		default:
			fmt.Fprintf(a.stderr, "setsafe %s: %s\n", c.name, describe(err))
			return exitFailure
		}
	}
	fmt.Fprintf(a.stderr, "setsafe: unknown command %q\n\n", args[0])
	a.usage(a.stderr)
	return exitUsage
}

// describe returns what a person should read about an error: the message of
// a setsafe error (with its fields), or the error itself.
func describe(err error) string {
	if e, ok := errors.AsType[*setsafe.Error](err); ok && e.Code != setsafe.EInternal {
		msg := e.Message
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 1 {
			for _, k := range keys {
				msg += "\n  " + k + ": " + e.Fields[k]
			}
		}
		return msg
	}
	return err.Error()
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintln(w, "setsafe keeps film and TV sets safe and proves afterwards what happened.")
	fmt.Fprintln(w, "\nUsage: setsafe COMMAND [options]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery option can also be set with an environment variable: --db is SETSAFE_DB,")
	fmt.Fprintln(w, "--public-url is SETSAFE_PUBLIC_URL. Secrets can be read from a file: SETSAFE_DB_FILE.")
	fmt.Fprintln(w, "Run 'setsafe COMMAND --help' for a command's options.")
}

// flags is a subcommand's flag set that also reads SETSAFE_* environment
// variables (and SETSAFE_*_FILE for secrets) for flags not given.
type flags struct {
	*flag.FlagSet
	a       *app
	secrets map[string]bool
}

func (a *app) flags(name, usage string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	f := &flags{FlagSet: fs, a: a, secrets: map[string]bool{}}
	fs.Usage = func() {
		fmt.Fprintf(a.stdout, "Usage: setsafe %s\n\n", usage)
		fs.SetOutput(a.stdout)
		fs.PrintDefaults()
		fs.SetOutput(a.stderr)
		fmt.Fprintln(a.stdout, "\nEach option can also come from SETSAFE_<OPTION> in the environment (dashes as underscores).")
	}
	return f
}

// secret marks flags whose value may also be read from a file named by
// SETSAFE_<NAME>_FILE.
func (f *flags) secret(names ...string) {
	for _, n := range names {
		f.secrets[n] = true
	}
}

func envName(flagName string) string {
	return "SETSAFE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if f.NArg() > 0 {
		return usagef("unexpected argument %q", f.Arg(0))
	}
	given := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	var err error
	f.VisitAll(func(fl *flag.Flag) {
		if given[fl.Name] || err != nil {
			return
		}
		name := envName(fl.Name)
		if v := f.a.getenv(name); v != "" {
			if e := fl.Value.Set(v); e != nil {
				err = usagef("%s: %v", name, e)
			}
			return
		}
		if f.secrets[fl.Name] {
			if path := f.a.getenv(name + "_FILE"); path != "" {
				b, e := os.ReadFile(path)
				if e != nil {
					err = usagef("%s_FILE: %v", name, e)
					return
				}
				if e := fl.Value.Set(strings.TrimSpace(string(b))); e != nil {
					err = usagef("%s_FILE: %v", name, e)
				}
			}
		}
	})
	return err
}
