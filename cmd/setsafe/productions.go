package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
)

func runProduction(ctx context.Context, a *app, args []string) error {
	return subcommands(ctx, a, "production", args, map[string]func(context.Context, *app, []string) error{
		"create": productionCreate,
		"list":   productionList,
	}, `Actions:
  create  create a production with its own ledger
  list    list the productions
`)
}

func productionCreate(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var c setsafe.CreateProduction
	f := a.flags("production create", "production create --id ID --name NAME --time-zone ZONE [--company NAME] [--location PLACE]")
	d.register(f)
	f.StringVar(&c.ID, "id", "", "a short ID for URLs and the ledger, such as red-mesa (required)")
	f.StringVar(&c.Name, "name", "", "the production's title (required)")
	f.StringVar(&c.TimeZone, "time-zone", "", "the set's IANA time zone, such as America/Denver (required)")
	f.StringVar(&c.Company, "company", "", "the production company")
	f.StringVar(&c.Location, "location", "", "where it shoots")
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := d.openForWriting(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Append(ctx, setsafe.CreateProductionRequest(operator(), c)); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Created production %s (%s). Give it a producer with:\n  setsafe user grant --production %s --role producer --email ADDRESS\n", c.ID, c.Name, c.ID)
	return nil
}

func productionList(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	f := a.flags("production list", "production list")
	d.register(f)
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := d.open(ctx, openReadOnly, sqldb.Config{})
	if err != nil {
		return err
	}
	defer db.Close()
	prods, err := db.Productions(ctx, setsafe.Access{System: true})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLOCATION\tTIME ZONE")
	for _, p := range prods {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Location, p.TimeZone)
	}
	return tw.Flush()
}
