package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

// preparer sets productions up through the API, as a production office
// would: the crew list, accounts for the devices, the safety paperwork and
// the armory.
type preparer struct {
	c   *client
	rec *recorder
	// admin is a site administrator's API token, and adminID its account.
	admin, adminID string
	// site is the server that takes the site's writes (accounts and
	// tokens), so that servers sharing a database do not take turns on the
	// site's ledger while productions are set up.
	site   string
	people int
	phones int
	logf   func(format string, args ...any)
}

// call sends one request of the set-up and keeps the entries its answer
// names, to read them back at the end.
func (p *preparer) call(ctx context.Context, server, token, method, path string, body any, want int, out any) error {
	a, err := p.c.call(ctx, server, token, method, path, body, want, out)
	if err == nil {
		p.rec.acknowledged(a.body)
	}
	return err
}

// setUp creates a production on server with its people, the devices'
// accounts and tokens, the safety paperwork, a revolver and a verified
// lot of dummies.
func (p *preparer) setUp(ctx context.Context, server, id string, number int) (*production, error) {
	prod := "/api/v1/productions/" + id
	pr := &production{ID: id, TimeZone: earlyMorningZone(time.Now()), People: p.people}
	if err := p.call(ctx, server, p.admin, "POST", "/api/v1/productions", sshttp.ProductionRequest{ID: id, Name: fmt.Sprintf("Load test set %d", number),
		Company: "setsafe load generator", Location: "Stage " + fmt.Sprint(number), TimeZone: pr.TimeZone}, http.StatusCreated, nil); err != nil {
		return nil, err
	}
	people := roster(p.people, p.phones)
	// The administrator is the production's producer, and so may do the
	// production office's part of what follows.
	var producer sshttp.PersonResult
	if err := p.call(ctx, server, p.admin, "POST", prod+"/people", sshttp.PersonRequest{Name: people[0].name, Department: people[0].department,
		JobTitle: people[0].job, AccountID: p.adminID, Roles: []setsafe.Role{setsafe.RoleProducer}}, http.StatusCreated, &producer); err != nil {
		return nil, err
	}
	pr.Producer = producer.Person.ID

	// The devices' accounts are made first, so that their people are
	// linked to them when they are added.
	ids := make([]string, len(people))
	accounts := make([]string, len(people))
	passwords := make([]string, len(people))
	err := each(len(people), 8, func(i int) error {
		m := people[i]
		if m.part != partArmorer && m.part != partSafety && m.part != partPhone {
			return nil
		}
		passwords[i] = rand.Text()
		var acc sshttp.AccountResult
		err := p.call(ctx, p.site, p.admin, "POST", "/api/v1/accounts", sshttp.AccountRequest{Email: accountEmail(id, i), Name: m.name, Password: passwords[i]},
			http.StatusCreated, &acc)
		accounts[i] = acc.Account.ID
		return err
	})
	if err != nil {
		return nil, err
	}
	ids[0] = pr.Producer
	err = each(len(people)-1, 8, func(j int) error {
		i, m := j+1, people[j+1]
		var res sshttp.PersonResult
		err := p.call(ctx, server, p.admin, "POST", prod+"/people", sshttp.PersonRequest{Name: m.name, Department: m.department, JobTitle: m.job,
			AccountID: accounts[i], Roles: []setsafe.Role{m.role}}, http.StatusCreated, &res)
		if err == nil {
			ids[i] = res.Person.ID
		}
		return err
	})
	if err != nil {
		return nil, err
	}

	// PINs, the compliance contact, trainings and the armorer's permit.
	for i, m := range people {
		who := member{ID: ids[i]}
		switch m.part {
		case partFirstAD, partArmorer, partPerformer:
			who.PIN = newPIN()
			if err := p.call(ctx, server, p.admin, "PUT", prod+"/people/"+who.ID+"/pin", sshttp.PINRequest{PIN: who.PIN}, http.StatusOK, nil); err != nil {
				return nil, err
			}
		}
		switch m.part {
		case partFirstAD:
			pr.FirstAD = who
		case partArmorer:
			pr.Armorer = who
		case partSafety:
			pr.Safety = who
		case partPerformer:
			pr.Performers = append(pr.Performers, who)
		case partPhone:
			pr.Phones = append(pr.Phones, who)
		}
	}
	if err := p.call(ctx, server, p.admin, "PUT", prod+"/safety/compliance-contact", sshttp.ContactRequest{PersonID: pr.Safety.ID}, http.StatusOK, nil); err != nil {
		return nil, err
	}
	now := time.Now()
	for _, who := range append([]member{pr.FirstAD}, pr.Performers...) {
		if err := p.call(ctx, server, p.admin, "POST", prod+"/people/"+who.ID+"/trainings", sshttp.TrainingRequest{Course: "Firearm safety on set",
			Provider: "Contract Services (CSATF)", Firearms: true, Hours: 4, Completed: now.AddDate(0, -1, 0).Format(time.DateOnly),
			Expires: now.AddDate(2, 0, 0).Format(time.DateOnly)}, http.StatusCreated, nil); err != nil {
			return nil, err
		}
	}
	if err := p.call(ctx, server, p.admin, "POST", prod+"/people/"+pr.Armorer.ID+"/permits", sshttp.PermitRequest{Kind: "armorer",
		Number: fmt.Sprintf("LD-ARM-%04d", number), Issuer: "State film office", Expires: now.AddDate(2, 0, 0).Format(time.DateOnly)}, http.StatusCreated, nil); err != nil {
		return nil, err
	}

	// Each device signs in once and keeps an API token.
	tokens := make([]string, len(people))
	err = each(len(people), 8, func(i int) error {
		if passwords[i] == "" {
			return nil
		}
		var err error
		tokens[i], err = p.token(ctx, accountEmail(id, i), passwords[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	phone := 0
	for i, m := range people {
		switch m.part {
		case partArmorer:
			pr.Armorer.Token = tokens[i]
		case partSafety:
			pr.Safety.Token = tokens[i]
		case partPhone:
			pr.Phones[phone].Token = tokens[i]
			phone++
		}
	}

	// The armory: a revolver into the truck's safe, a lot of dummies
	// received and checked inert.
	var fa sshttp.FirearmResult
	if err := p.call(ctx, server, pr.Armorer.Token, "POST", prod+"/firearms", sshttp.FirearmRequest{Make: "Colt", Model: "Single Action Army",
		Serial: fmt.Sprintf("SA%05d", number), Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop",
		OwnerLicence: "FFL 5-85-001-07-XX-12345", Condition: "Good", Store: "Armory truck safe"}, http.StatusCreated, &fa); err != nil {
		return nil, err
	}
	pr.Firearm = fa.Firearm.ID
	var lot sshttp.RecordedResult
	if err := p.call(ctx, server, pr.Armorer.Token, "POST", prod+"/ammo-lots", sshttp.AmmoLotRequest{Label: "D-45", Kind: "dummy", Calibre: ".45 Colt",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 DUMMY", Count: 48}, http.StatusCreated, &lot); err != nil {
		return nil, err
	}
	pr.Lot = lot.ID
	if err := p.call(ctx, server, pr.Armorer.Token, "POST", prod+"/ammo-lots/"+pr.Lot+"/verify-inert", sshttp.InertRequest{Method: "drilled_case", Checked: 48},
		http.StatusOK, nil); err != nil {
		return nil, err
	}
	return pr, nil
}

// token signs in as an account and creates an API token for it.
func (p *preparer) token(ctx context.Context, email, password string) (string, error) {
	hc, err := p.c.signIn(ctx, p.site, email, password)
	if err != nil {
		return "", err
	}
	var res sshttp.TokenResult
	a, err := p.c.callWith(ctx, hc, p.site, "", "POST", "/api/v1/tokens", sshttp.TokenRequest{Name: "setsafe-load device"}, http.StatusCreated, &res)
	if err != nil {
		return "", err
	}
	p.rec.acknowledged(a.body)
	return res.Token.Token, nil
}

func accountEmail(production string, i int) string {
	return fmt.Sprintf("%s-%03d@load.setsafe.example", production, i)
}

// newPIN returns a random PIN of six digits that setsafe accepts.
func newPIN() string {
	for {
		n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			panic(err)
		}
		pin := fmt.Sprintf("%06d", n)
		if setsafe.CheckPIN(pin) == nil {
			return pin
		}
	}
}

// earlyMorningZone returns a time zone in which it is between one and two
// in the morning at now, so that a production set up now has most of its
// first day ahead: people added on a production's first day are not
// newcomers, who would each have to attend the day's meeting.
func earlyMorningZone(now time.Time) string {
	off := 1 - now.UTC().Hour() // hours ahead of UTC
	for off < -12 {
		off += 24
	}
	for off > 14 {
		off -= 24
	}
	switch {
	case off == 0:
		return "Etc/GMT"
	case off > 0:
		return fmt.Sprintf("Etc/GMT-%d", off) // the POSIX sign is the other way
	default:
		return fmt.Sprintf("Etc/GMT+%d", -off)
	}
}

// each runs f for 0..n-1 on at most workers goroutines and returns the
// first error; after an error, the calls not yet started are skipped.
func each(n, workers int, f func(i int) error) error {
	var (
		mu    sync.Mutex
		first error
		next  int
		wg    sync.WaitGroup
	)
	for range min(workers, n) {
		wg.Go(func() {
			for {
				mu.Lock()
				if first != nil || next >= n {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}
