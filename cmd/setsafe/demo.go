package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/demo"
	"github.com/setsafe/setsafe/ledger"
)

func runDemo(ctx context.Context, a *app, args []string) error {
	var s serverFlags
	f := a.flags("demo", "demo [--addr HOST:PORT] [--db URL]")
	s.register(f)
	f.Lookup("db").Usage = "the database: sqlite:PATH, or a postgres:// URL (default: a new SQLite database in a temporary directory, deleted when the demo stops)"
	if err := f.parse(args); err != nil {
		return err
	}
	log, err := s.logger(a.stderr)
	if err != nil {
		return err
	}
	// Find a busy address before seeding anything, not after.
	if ln, err := net.Listen("tcp", s.addr); err != nil {
		return setsafe.Errorf(setsafe.EConflict, "Cannot listen on %s (%v): another program, perhaps another setsafe, uses it. Choose another address, such as --addr 127.0.0.1:8081.", s.addr, err)
	} else {
		ln.Close()
	}
	temporary := ""
	if s.db == "" {
		dir, err := os.MkdirTemp("", "setsafe-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		temporary = filepath.Join(dir, "setsafe.db")
		s.db = "sqlite:" + temporary
	}
	signer, _, err := s.signer(true)
	if err != nil {
		return err
	}
	clock := demo.NewClock(time.Now().AddDate(0, 0, -8))
	m := newMetrics(clock)
	cfg, err := s.config(signer, log)
	if err != nil {
		return err
	}
	cfg.Observer, cfg.Clock = m, clock
	db, err := s.open(ctx, openReadWrite, cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	has, err := db.HasAccounts(ctx)
	if err != nil {
		return err
	}
	var logins []demo.Login
	var pins []demo.PIN
	if !has {
		if logins, pins, err = demo.Seed(ctx, db, clock, demo.Hashing{Passwords: argon2id.Default, PINs: argon2id.PIN, ReporterKey: signer.Key(setsafe.ReporterSealKey)}); err != nil {
			return err
		}
		if _, err := db.SignUncovered(ctx); err != nil {
			return err
		}
	}
	clock.Live()

	banner := func(url string) {
		out := a.stdout
		fmt.Fprintf(out, "\nDemo production: Red Mesa (%s), a western shooting near Santa Fe, New Mexico.\n", demo.ProductionID)
		if len(logins) == 0 {
			fmt.Fprintln(out, "This database was seeded before; its logins were printed then.")
		} else {
			fmt.Fprintf(out, "\nSign in at %s/login as any of these (passwords are new each time the demo starts):\n\n", url)
			tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  ROLE\tNAME\tE-MAIL\tPASSWORD")
			for _, l := range logins {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Role, l.Name, l.Email, l.Password)
			}
			tw.Flush()
			fmt.Fprintln(out, "\nPINs, with which people confirm hand-offs on a shared device:")
			tw = tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			for _, p := range pins {
				fmt.Fprintf(tw, "  %s\t%s\n", p.Name, p.PIN)
			}
			tw.Flush()
		}
		fmt.Fprintf(out, "\nCheck the evidence ledger at any time:\n  go run ./cmd/setsafe verify --db %s\n", s.db)
		fmt.Fprintf(out, "Write the production's evidence bundle, and verify it as an investigator would, with nothing but the verifier key:\n"+
			"  go run ./cmd/setsafe export --db %s --production %s --out red-mesa.zip\n  go run ./cmd/setsafe-verify --key %s red-mesa.zip\n",
			s.db, demo.ProductionID, ledger.VerifierKeyPath(s.keyPath()))
		if temporary != "" {
			fmt.Fprintf(out, "\nThe demo data lives in %s and is deleted when the demo stops;\nrun with --db sqlite:FILE to keep it.\n", filepath.Dir(temporary))
		}
		fmt.Fprintln(out, "Stop the demo with Ctrl-C.")
	}
	return a.serve(ctx, s, db, signer, m, log, banner)
}
