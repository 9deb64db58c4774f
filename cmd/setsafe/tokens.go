package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/sqldb"
)

func runToken(ctx context.Context, a *app, args []string) error {
	return subcommands(ctx, a, "token", args, map[string]func(context.Context, *app, []string) error{
		"create": tokenCreate,
		"list":   tokenList,
		"revoke": tokenRevoke,
	}, `Actions:
  create  create an API token for an account and print it once
  list    list an account's tokens
  revoke  revoke a token
`)
}

func tokenCreate(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email, name string
	var expires time.Duration
	f := a.flags("token create", "token create --email ADDRESS --name NAME [--expires 720h]")
	d.register(f)
	f.StringVar(&email, "email", "", "the account the token acts as (required)")
	f.StringVar(&name, "name", "", "what the token is for, such as \"call-sheet import\" (required)")
	f.DurationVar(&expires, "expires", 0, "how long the token works (default: until revoked)")
	if err := f.parse(args); err != nil {
		return err
	}
	if expires < 0 {
		return usagef("--expires must be positive")
	}
	db, err := d.openForWriting(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	acc, err := accountByEmail(ctx, db, email)
	if err != nil {
		return err
	}
	var until time.Time
	if expires > 0 {
		until = time.Now().Add(expires)
	}
	id, token, hash := setsafe.NewAPITokenSecret()
	if _, err := db.Append(ctx, setsafe.On(setsafe.SiteLedger, operator(), setsafe.CreateAPIToken{ID: id, AccountID: acc.ID, Name: name, ExpiresAt: until, SecretHash: hash})); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Created API token %s for %s. It is shown once; keep it secret:\n%s\n", id, acc.Email, token)
	return nil
}

func tokenList(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email string
	f := a.flags("token list", "token list --email ADDRESS")
	d.register(f)
	f.StringVar(&email, "email", "", "the account whose tokens to list (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := d.open(ctx, openReadOnly, sqldb.Config{})
	if err != nil {
		return err
	}
	defer db.Close()
	acc, err := accountByEmail(ctx, db, email)
	if err != nil {
		return err
	}
	toks, err := db.APITokens(ctx, acc.ID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tSTATUS")
	for _, t := range toks {
		status := "active"
		switch {
		case t.Revoked:
			status = "revoked"
		case !t.ExpiresAt.IsZero():
			status = "expires " + t.ExpiresAt.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.RFC3339), status)
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var id string
	f := a.flags("token revoke", "token revoke --id TOKEN-ID")
	d.register(f)
	f.StringVar(&id, "id", "", "the token's ID, as token list shows it (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	if id == "" {
		return usagef("--id is required")
	}
	db, err := d.openForWriting(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Append(ctx, setsafe.On(setsafe.SiteLedger, operator(), setsafe.RevokeAPIToken{ID: id})); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Revoked API token %s.\n", id)
	return nil
}
