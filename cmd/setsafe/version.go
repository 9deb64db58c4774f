package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// buildVersion is set at build time with -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion = ""

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

func runVersion(ctx context.Context, a *app, args []string) error {
	f := a.flags("version", "version")
	if err := f.parse(args); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "setsafe %s\n", version())
	return nil
}
