package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// report is what one run measured.
type report struct {
	Productions int      `json:"productions"`
	People      int      `json:"people"`
	Phones      int      `json:"phones"`
	Servers     []string `json:"servers"`
	Route       string   `json:"route"`
	Seed        uint64   `json:"seed"`
	State       string   `json:"state_file"`
	// SetUp is how many productions were set up in this run (the others
	// were found in the state file), and SetUpSeconds how long it took.
	SetUp        int     `json:"set_up"`
	SetUpSeconds float64 `json:"set_up_seconds"`
	DaySeconds   float64 `json:"day_prepared_seconds"`
	// Seconds is the length of the measured window.
	Seconds float64 `json:"seconds"`
	// CPUs and the load averages describe the machine of the load
	// generator (the servers' too, when they share it).
	CPUs        int           `json:"cpus"`
	LoadBefore  []float64     `json:"load_average_before"`
	LoadAfter   []float64     `json:"load_average_after"`
	Calls       []CallStats   `json:"calls"`
	All         CallStats     `json:"all"`
	Writes      writes        `json:"writes"`
	ServerStats []ServerStats `json:"server_stats"`
	// Problems are failures outside the measured window.
	Problems []string `json:"problems,omitempty"`
	Verify   string   `json:"verify"`
	// OK is true when no call failed, no acknowledged write was lost and
	// every server is healthy.
	OK bool `json:"ok"`
}

type writes struct {
	Acknowledged int      `json:"acknowledged"`
	ReadBack     int      `json:"read_back"`
	Lost         []string `json:"lost"`
}

// ServerStats is what one server spent on the measured window, from its
// /metrics before and after.
type ServerStats struct {
	Server     string  `json:"server"`
	Calls      int64   `json:"calls"`
	CPUSeconds float64 `json:"cpu_seconds"`
	// CPUPerCall is milliseconds of the server's CPU per call it answered.
	CPUPerCall float64 `json:"cpu_ms_per_call"`
	RSSBefore  float64 `json:"rss_before_mb"`
	RSSAfter   float64 `json:"rss_after_mb"`
	RSSPeak    float64 `json:"rss_peak_mb"`
	Health     string  `json:"health"`
}

func serverStats(server string, before, after processSample, peak float64, calls int64) ServerStats {
	s := ServerStats{Server: server, Calls: calls, CPUSeconds: round(after.cpu-before.cpu, 2),
		RSSBefore: mb(before.rss), RSSAfter: mb(after.rss), RSSPeak: mb(max(peak, after.rss))}
	if calls > 0 {
		s.CPUPerCall = round((after.cpu-before.cpu)*1000/float64(calls), 3)
	}
	return s
}

func mb(b float64) float64 { return round(b/(1<<20), 1) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// json returns the report as indented JSON.
func (r *report) json() []byte {
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}

// print writes the report as plain tables.
func (r *report) print(w io.Writer) {
	route := "routed by production"
	if r.Route == "spread" {
		route = "requests spread over the servers"
	}
	if r.SetUp > 0 {
		fmt.Fprintf(w, "%d productions set up in %.0f s; ", r.SetUp, r.SetUpSeconds)
	}
	fmt.Fprintf(w, "the day prepared in %.1f s\n", r.DaySeconds)
	if r.Seconds == 0 {
		return
	}
	fmt.Fprintf(w, "%d productions of %d people with %d phones each, on %d %s (%s), %.1f s, seed %d\n",
		r.Productions, r.People, r.Phones, len(r.Servers), plural(len(r.Servers), "server", "servers"), route, r.Seconds, r.Seed)
	if len(r.LoadBefore) == 3 && len(r.LoadAfter) == 3 {
		fmt.Fprintf(w, "machine: %d CPUs, load average %.2f before, %.2f after\n", r.CPUs, r.LoadBefore[0], r.LoadAfter[0])
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "call\tcount\terrors\tper s\tp50 ms\tp90 ms\tp99 ms\tmax ms\t")
	for _, c := range append(r.Calls, r.All) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", c.Call, c.Count, c.Errors, c.PerSecond, c.P50, c.P90, c.P99, c.Max)
	}
	tw.Flush()
	for _, c := range r.Calls {
		for _, e := range c.Examples {
			fmt.Fprintf(w, "  %s failed: %s\n", c.Call, e)
		}
	}
	fmt.Fprintf(w, "\nwrites acknowledged %d, read back %d, lost %d\n", r.Writes.Acknowledged, r.Writes.ReadBack, len(r.Writes.Lost))
	for i, l := range r.Writes.Lost {
		if i == 10 {
			fmt.Fprintf(w, "  … and %d more\n", len(r.Writes.Lost)-i)
			break
		}
		fmt.Fprintf(w, "  lost: %s\n", l)
	}
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "server\tcalls\tCPU s\tCPU ms/call\tRSS before MB\tRSS after MB\tRSS peak MB\thealth\t")
	for _, s := range r.ServerStats {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.3f\t%.1f\t%.1f\t%.1f\t%s\t\n", s.Server, s.Calls, s.CPUSeconds, s.CPUPerCall, s.RSSBefore, s.RSSAfter, s.RSSPeak, s.Health)
	}
	tw.Flush()
	for _, p := range r.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	fmt.Fprintf(w, "\nCheck the ledgers: %s\n", r.Verify)
	if !r.OK {
		fmt.Fprintln(w, "NOT OK: "+strings.Join(r.failures(), "; "))
	}
}

// failures says why the run is not OK.
func (r *report) failures() []string {
	var out []string
	if r.All.Errors > 0 {
		out = append(out, fmt.Sprintf("%d calls failed", r.All.Errors))
	}
	if n := len(r.Writes.Lost); n > 0 {
		out = append(out, fmt.Sprintf("%d acknowledged writes lost", n))
	}
	if n := len(r.Problems); n > 0 {
		out = append(out, fmt.Sprintf("%d problems outside the measured window", n))
	}
	for _, s := range r.ServerStats {
		if s.Health != "ok" {
			out = append(out, s.Server+" is not healthy: "+s.Health)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
