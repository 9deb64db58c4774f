// Command setsafe-load drives one or several running setsafe servers at the
// pace of real sets, through the public API, and reports what each kind of
// call cost: count, errors, latency percentiles, and the servers' CPU time
// per call and resident memory. Every entry a server acknowledged is read
// back through the ledger API at the end.
//
// Each production has 300 people (the production office, heads of
// department, an armorer, a safety coordinator, cast and crew), set up once
// through the API and kept in a state file for later runs; each morning it
// holds its safety meeting and plans its set-ups, so that firearm work is
// GO. Then, per production: the armorer's tablet shows a revolver clear,
// issues it and takes it back, with PINs, every 1–3 s; 20 crew phones read
// the day's board or raise a concern every 5–15 s; and a stop-work is
// called on the stunt every 30 s and lifted a few seconds later.
//
// The API needs a site administrator's API token, from the command line:
//
//	setsafe user create --email admin@example.com --name Admin --admin
//	setsafe token create --email admin@example.com --name load
//
// Run "setsafe-load -h" for the options, and see docs/load.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/setsafe/setsafe"
)

// config is one run of the load generator.
type config struct {
	servers      []string
	spread       bool
	token        string
	metricsToken string
	productions  int
	people       int
	phones       int
	duration     time.Duration
	seed         uint64
	tablet       pace
	phone        pace
	stopEvery    pace
	stopFor      pace
	concernShare float64
	statePath    string
	prefix       string
	workers      int
	timeout      time.Duration
	// db and key are the servers' database and key file, to say how to
	// run setsafe verify afterwards.
	db, key string
	json    bool
	// jsonFile, if set, receives the report as JSON besides the table.
	jsonFile string
	// prepareOnly sets the productions up and prepares their day, without
	// running the load.
	prepareOnly bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Getenv, os.Stderr)
	if err == flag.ErrHelp {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "setsafe-load:", err)
		os.Exit(2)
	}
	rep, err := run(ctx, cfg, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "setsafe-load:", err)
		os.Exit(1)
	}
	if cfg.json {
		os.Stdout.Write(rep.json())
	} else {
		rep.print(os.Stdout)
	}
	if cfg.jsonFile != "" {
		if err := os.WriteFile(cfg.jsonFile, rep.json(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "setsafe-load:", err)
			os.Exit(1)
		}
	}
	if !rep.OK {
		os.Exit(1)
	}
}

// reportsPerPhone is how many reports a phone sends, on average, within
// the window a person's reports are counted in.
func (c config) reportsPerPhone() float64 {
	mean := func(p pace) float64 { return (p.min + p.max).Seconds() / 2 }
	window := min(c.duration, setsafe.ReportWindow).Seconds()
	return window * (c.concernShare/mean(c.phone) + 1/(mean(c.stopEvery)*float64(c.phones)))
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{
		tablet:    pace{time.Second, 3 * time.Second},
		phone:     pace{5 * time.Second, 15 * time.Second},
		stopEvery: pace{30 * time.Second, 30 * time.Second},
		stopFor:   pace{2 * time.Second, 8 * time.Second},
	}
	fs := flag.NewFlagSet("setsafe-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	servers := fs.String("servers", "http://127.0.0.1:8080", "the servers' base URLs, comma-separated")
	route := fs.String("route", "production", "how requests go to servers: production (all of a production's to one server) or spread (each to any server)")
	fs.StringVar(&cfg.token, "token", getenv("SETSAFE_LOAD_TOKEN"), "a site administrator's API token (default $SETSAFE_LOAD_TOKEN)")
	fs.StringVar(&cfg.metricsToken, "metrics-token", getenv("SETSAFE_METRICS_TOKEN"), "the servers' metrics token, when the load generator runs on another machine")
	fs.IntVar(&cfg.productions, "productions", 1, "how many productions, 1 to 100")
	fs.IntVar(&cfg.people, "people", 300, "people in each production")
	fs.IntVar(&cfg.phones, "phones", 20, "crew phones in each production")
	fs.DurationVar(&cfg.duration, "duration", time.Minute, "how long the load runs")
	fs.Uint64Var(&cfg.seed, "seed", 1, "the seed of every device's random choices; the same seed repeats the same actions")
	fs.Var(&cfg.tablet, "tablet-every", "the wait between the armorer tablet's hand-offs (a range)")
	fs.Var(&cfg.phone, "phone-every", "the wait between a phone's calls (a range)")
	fs.Var(&cfg.stopEvery, "stop-every", "the time between stop-works in a production")
	fs.Var(&cfg.stopFor, "stop-for", "how long a stop-work stays in force before it is lifted")
	fs.Float64Var(&cfg.concernShare, "concerns", 0.1, "the share of a phone's calls that raise a concern rather than read Today")
	fs.StringVar(&cfg.statePath, "state", "", "the file that keeps the productions set up, for later runs (default: in the user's cache directory, one per site)")
	fs.StringVar(&cfg.prefix, "prefix", "load", "the start of the productions' IDs")
	fs.IntVar(&cfg.workers, "prepare-workers", 4, "productions set up at once")
	fs.DurationVar(&cfg.timeout, "timeout", time.Minute, "how long a request may take before it counts as an error")
	fs.StringVar(&cfg.db, "db", "", "the servers' database, to print the exact setsafe verify command")
	fs.StringVar(&cfg.key, "key", "", "the servers' signing key file, to print the exact setsafe verify command")
	fs.BoolVar(&cfg.json, "json", false, "print the report as JSON")
	fs.StringVar(&cfg.jsonFile, "json-file", "", "also write the report as JSON to this file")
	fs.BoolVar(&cfg.prepareOnly, "prepare-only", false, "set the productions up and prepare their day, and stop there")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range strings.Split(*servers, ",") {
		if s = strings.TrimRight(strings.TrimSpace(s), "/"); s != "" {
			cfg.servers = append(cfg.servers, s)
		}
	}
	switch {
	case len(cfg.servers) == 0:
		return cfg, fmt.Errorf("-servers: name at least one server")
	case *route != "production" && *route != "spread":
		return cfg, fmt.Errorf("-route: %q is neither production nor spread", *route)
	case cfg.token == "":
		return cfg, fmt.Errorf("-token: a site administrator's API token is needed (setsafe token create --email ADMIN --name load)")
	case cfg.productions < 1 || cfg.productions > 100:
		return cfg, fmt.Errorf("-productions: %d is not between 1 and 100", cfg.productions)
	case cfg.phones < 1:
		return cfg, fmt.Errorf("-phones: at least one phone is needed, to call the stop-works")
	case cfg.people < minPeople(cfg.phones):
		return cfg, fmt.Errorf("-people: %d phones need at least %d people", cfg.phones, minPeople(cfg.phones))
	case cfg.duration <= 0:
		return cfg, fmt.Errorf("-duration: must be positive")
	case cfg.concernShare < 0 || cfg.concernShare > 1:
		return cfg, fmt.Errorf("-concerns: %v is not between 0 and 1", cfg.concernShare)
	case cfg.workers < 1:
		return cfg, fmt.Errorf("-prepare-workers: must be at least 1")
	}
	if n := cfg.reportsPerPhone(); n > 0.75*setsafe.ReportsPerPerson {
		return cfg, fmt.Errorf("-duration: each phone would send about %.0f reports (concerns and stop-works) within %v, and a person may send %d; "+
			"the rest would be refused. Lower -concerns, raise -phone-every or -stop-every, or run for less time",
			n, min(cfg.duration, setsafe.ReportWindow), setsafe.ReportsPerPerson)
	}
	cfg.spread = *route == "spread"
	return cfg, nil
}
