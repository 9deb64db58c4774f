package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/postgres"
	"github.com/setsafe/setsafe/sqldb"
)

func runMigrate(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	f := a.flags("migrate", "migrate [--db URL]")
	d.register(f)
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := d.open(ctx, openReadWrite, sqldb.Config{})
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(a.stdout, "The schema of %s is up to date.\n", postgres.Redact(d.location()))
	return nil
}

func runRebuild(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var production string
	f := a.flags("rebuild", "rebuild [--db URL] [--production ID]")
	d.register(f)
	f.StringVar(&production, "production", "", "rebuild only this production (or site); default: every ledger")
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := d.openForWriting(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, err := db.LedgerIDs(ctx)
	if err != nil {
		return err
	}
	if production != "" {
		if !slices.Contains(ids, production) {
			return setsafe.Errorf(setsafe.ENotFound, "There is no ledger %q in this database; 'setsafe production list' shows the productions.", production)
		}
		ids = []string{production}
	}
	for _, id := range ids {
		if err := db.Rebuild(ctx, id); err != nil {
			return fmt.Errorf("rebuild %s: %w", id, err)
		}
		fmt.Fprintf(a.stdout, "Rebuilt the tables of %s from its ledger.\n", id)
	}
	return nil
}

// subcommands dispatches "setsafe GROUP ACTION [options]".
func subcommands(ctx context.Context, a *app, group string, args []string, actions map[string]func(context.Context, *app, []string) error, help string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(a.stdout, "Usage: setsafe %s ACTION [options]\n\n%s\nRun 'setsafe %s ACTION --help' for an action's options.\n", group, help, group)
		if len(args) == 0 {
			return usagef("say what to do")
		}
		return nil
	}
	run, ok := actions[args[0]]
	if !ok {
		return usagef("unknown action %q", args[0])
	}
	return run(ctx, a, args[1:])
}

func runUser(ctx context.Context, a *app, args []string) error {
	return subcommands(ctx, a, "user", args, map[string]func(context.Context, *app, []string) error{
		"create":         userCreate,
		"reset-password": userResetPassword,
		"grant":          userGrant,
		"revoke":         userRevoke,
		"disable":        userDisable,
		"enable":         userEnable,
		"list":           userList,
	}, `Actions:
  create          create an account (--admin for a site administrator)
  reset-password  set a new password
  grant           give an account's person a role in a production
  revoke          take a role away
  disable         stop an account signing in
  enable          let a disabled account sign in again
  list            list the accounts
`)
}

// newPassword returns the password from --password-file, or a new random
// one to print.
func newPassword(file, email string) (pw string, generated bool, err error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", false, usagef("--password-file: %v", err)
		}
		pw = strings.TrimRight(string(b), "\r\n")
		return pw, false, setsafe.CheckPassword(pw, email)
	}
	return strings.ToLower(rand.Text()[:20]), true, nil
}

func userCreate(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email, name, pwFile string
	var admin bool
	f := a.flags("user create", "user create --email ADDRESS --name NAME [--admin] [--password-file FILE]")
	d.register(f)
	f.StringVar(&email, "email", "", "the e-mail address the account signs in with (required)")
	f.StringVar(&name, "name", "", "the person's name (required)")
	f.BoolVar(&admin, "admin", false, "make the account a site administrator")
	f.StringVar(&pwFile, "password-file", "", "read the password from this file (default: generate one and print it)")
	if err := f.parse(args); err != nil {
		return err
	}
	pw, generated, err := newPassword(pwFile, email)
	if err != nil {
		return err
	}
	hash, err := argon2id.Hash(pw, argon2id.Default)
	if err != nil {
		return err
	}
	db, err := d.openForWriting(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	id := setsafe.NewID()
	if _, err := db.Append(ctx, setsafe.On(setsafe.SiteLedger, operator(), setsafe.CreateAccount{ID: id, Email: email, Name: name, PasswordHash: hash, SiteAdmin: admin})); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Created account %s for %s <%s>", id, strings.TrimSpace(name), strings.ToLower(strings.TrimSpace(email)))
	if admin {
		fmt.Fprint(a.stdout, ", a site administrator")
	}
	fmt.Fprintln(a.stdout, ".")
	if generated {
		fmt.Fprintf(a.stdout, "Password (shown once): %s\n", pw)
	}
	return nil
}

// accountByEmail returns the account an --email option names.
func accountByEmail(ctx context.Context, db *sqldb.DB, email string) (*setsafe.Account, error) {
	if email == "" {
		return nil, usagef("--email is required")
	}
	return db.AccountByEmail(ctx, email)
}

func userResetPassword(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email, pwFile string
	f := a.flags("user reset-password", "user reset-password --email ADDRESS [--password-file FILE]")
	d.register(f)
	f.StringVar(&email, "email", "", "the account's e-mail address (required)")
	f.StringVar(&pwFile, "password-file", "", "read the new password from this file (default: generate one and print it)")
	if err := f.parse(args); err != nil {
		return err
	}
	pw, generated, err := newPassword(pwFile, email)
	if err != nil {
		return err
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
	hash, err := argon2id.Hash(pw, argon2id.Default)
	if err != nil {
		return err
	}
	if _, err := db.Append(ctx, setsafe.On(setsafe.SiteLedger, operator(), setsafe.SetPassword{AccountID: acc.ID, Hash: hash})); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Set a new password for %s.\n", acc.Email)
	if generated {
		fmt.Fprintf(a.stdout, "Password (shown once): %s\n", pw)
	}
	return nil
}

func roleFlags(f *flags) (production, role *string) {
	production, role = new(string), new(string)
	f.StringVar(production, "production", "", "the production's ID (required)")
	f.StringVar(role, "role", "", "the role: "+strings.Join(setsafe.RoleNames(), ", ")+" (required)")
	return
}

func userGrant(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email string
	f := a.flags("user grant", "user grant --email ADDRESS --production ID --role ROLE")
	d.register(f)
	f.StringVar(&email, "email", "", "the account's e-mail address (required)")
	production, role := roleFlags(f)
	if err := f.parse(args); err != nil {
		return err
	}
	if *production == "" || *role == "" {
		return usagef("--production and --role are required")
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
	if _, err := db.Production(ctx, *production); err != nil {
		return err
	}
	access, err := db.Access(ctx, setsafe.AccountActor(acc.ID), *production)
	if err != nil {
		return err
	}
	r := setsafe.Role(*role)
	var cmd setsafe.Command = setsafe.GrantRole{PersonID: access.PersonID, Role: r}
	if access.PersonID == "" {
		// The account has no person on this production yet: add one.
		cmd = setsafe.AddPerson{ID: setsafe.NewID(), AccountID: acc.ID, Roles: []setsafe.Role{r},
			PersonDetails: setsafe.PersonDetails{Name: acc.Name, Email: acc.Email}}
	}
	evs, err := db.Append(ctx, setsafe.On(*production, operator(), cmd))
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		fmt.Fprintf(a.stdout, "%s already holds the role %s on %s.\n", acc.Name, r.Title(), *production)
		return nil
	}
	fmt.Fprintf(a.stdout, "%s is now %s on %s (ledger entry %d).\n", acc.Name, r.Title(), *production, evs[len(evs)-1].Seq)
	return nil
}

func userRevoke(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email, reason string
	f := a.flags("user revoke", "user revoke --email ADDRESS --production ID --role ROLE --reason TEXT")
	d.register(f)
	f.StringVar(&email, "email", "", "the account's e-mail address (required)")
	production, role := roleFlags(f)
	f.StringVar(&reason, "reason", "", "why, for the record (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	if *production == "" || *role == "" {
		return usagef("--production and --role are required")
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
	access, err := db.Access(ctx, setsafe.AccountActor(acc.ID), *production)
	if err != nil {
		return err
	}
	if access.PersonID == "" {
		return setsafe.Errorf(setsafe.ENotFound, "%s has no role on %s.", acc.Name, *production)
	}
	evs, err := db.Append(ctx, setsafe.On(*production, operator(), setsafe.RevokeRole{PersonID: access.PersonID, Role: setsafe.Role(*role), Reason: reason}))
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s is no longer %s on %s (ledger entry %d).\n", acc.Name, setsafe.Role(*role).Title(), *production, evs[0].Seq)
	return nil
}

func userDisable(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email, reason string
	f := a.flags("user disable", "user disable --email ADDRESS --reason TEXT")
	d.register(f)
	f.StringVar(&email, "email", "", "the account's e-mail address (required)")
	f.StringVar(&reason, "reason", "", "why, for the record (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	return onAccount(ctx, a, d, email, func(acc *setsafe.Account) (setsafe.Command, string) {
		return setsafe.DisableAccount{ID: acc.ID, Reason: reason}, "%s can no longer sign in.\n"
	})
}

func userEnable(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	var email string
	f := a.flags("user enable", "user enable --email ADDRESS")
	d.register(f)
	f.StringVar(&email, "email", "", "the account's e-mail address (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	return onAccount(ctx, a, d, email, func(acc *setsafe.Account) (setsafe.Command, string) {
		return setsafe.EnableAccount{ID: acc.ID}, "%s can sign in again.\n"
	})
}

func onAccount(ctx context.Context, a *app, d dbFlags, email string, cmd func(*setsafe.Account) (setsafe.Command, string)) error {
	db, err := d.openForWriting(ctx, a)
	if err != nil {
		return err
	}
	defer db.Close()
	acc, err := accountByEmail(ctx, db, email)
	if err != nil {
		return err
	}
	c, msg := cmd(acc)
	if _, err := db.Append(ctx, setsafe.On(setsafe.SiteLedger, operator(), c)); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, msg, acc.Email)
	return nil
}

func userList(ctx context.Context, a *app, args []string) error {
	var d dbFlags
	f := a.flags("user list", "user list")
	d.register(f)
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := d.open(ctx, openReadOnly, sqldb.Config{})
	if err != nil {
		return err
	}
	defer db.Close()
	accs, err := db.Accounts(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tSTATUS")
	for _, acc := range accs {
		status := []string{}
		if acc.SiteAdmin {
			status = append(status, "site administrator")
		}
		if acc.Disabled {
			status = append(status, "disabled")
		}
		if !acc.HasPassword() {
			status = append(status, "no password")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", acc.ID, acc.Email, acc.Name, strings.Join(status, ", "))
	}
	return tw.Flush()
}
