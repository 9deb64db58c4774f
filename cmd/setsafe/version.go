package main

import (
	"context"
	"fmt"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/buildinfo"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/metrics"
)

// version returns the version of this build (see package buildinfo).
func version() string { return buildinfo.Read().Version }

// newMetrics returns the server's measurements, labelled with the build
// and with the values each counter takes, timed by clock.
func newMetrics(clock setsafe.Clock) *metrics.Metrics {
	return metrics.New(metrics.Options{
		Clock:          clock,
		Build:          buildinfo.Read(),
		AlertKinds:     gate.AlertKinds,
		Rungs:          setsafe.Rungs,
		SignInFailures: sshttp.SignInFailures,
		Limiters:       sshttp.Limiters,
	})
}

func runVersion(ctx context.Context, a *app, args []string) error {
	f := a.flags("version", "version")
	if err := f.parse(args); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, buildinfo.Read().Line("setsafe"))
	return nil
}
