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
	n := &newSet{pr: &production{ID: id, TimeZone: earlyMorningZone(time.Now()), People: p.people}, server: server,
		prod: "/api/v1/productions/" + id, number: number, people: roster(p.people, p.phones)}
	if err := p.call(ctx, server, p.admin, "POST", "/api/v1/productions", sshttp.ProductionRequest{ID: id, Name: fmt.Sprintf("Load test set %d", number),
		Company: "setsafe load generator", Location: "Stage " + fmt.Sprint(number), TimeZone: n.pr.TimeZone}, http.StatusCreated, nil); err != nil {
		return nil, err
	}
	for _, step := range []func(context.Context, *newSet) error{p.crew, p.paperwork, p.deviceTokens, p.armory} {
		if err := step(ctx, n); err != nil {
			return nil, err
		}
	}
	return n.pr, nil
}

// newSet is a production being set up: its crew list and, by place in the
// list, each person's ID and the password of each device's account.
type newSet struct {
	pr           *production
	server, prod string
	number       int
	people       []castMember
	ids          []string
	passwords    []string
}

// crew adds the production's people: first the administrator as its
// producer (who may then do the production office's part of the rest),
// then the devices' accounts, then everyone else, linked to their
// accounts.
func (p *preparer) crew(ctx context.Context, n *newSet) error {
	first := n.people[0]
	var producer sshttp.PersonResult
	if err := p.call(ctx, n.server, p.admin, "POST", n.prod+"/people", sshttp.PersonRequest{Name: first.name, Department: first.department,
		JobTitle: first.job, AccountID: p.adminID, Roles: []setsafe.Role{setsafe.RoleProducer}}, http.StatusCreated, &producer); err != nil {
		return err
	}
	n.pr.Producer = producer.Person.ID
	n.ids = make([]string, len(n.people))
	n.ids[0] = n.pr.Producer
	n.passwords = make([]string, len(n.people))
	accounts := make([]string, len(n.people))
	err := each(len(n.people), 8, func(i int) error {
		m := n.people[i]
		if m.part != partArmorer && m.part != partSafety && m.part != partPhone {
			return nil
		}
		n.passwords[i] = rand.Text()
		var acc sshttp.AccountResult
		err := p.call(ctx, p.site, p.admin, "POST", "/api/v1/accounts", sshttp.AccountRequest{Email: accountEmail(n.pr.ID, i), Name: m.name,
			Password: n.passwords[i]}, http.StatusCreated, &acc)
		accounts[i] = acc.Account.ID
		return err
	})
	if err != nil {
		return err
	}
	return each(len(n.people)-1, 8, func(j int) error {
		i, m := j+1, n.people[j+1]
		var res sshttp.PersonResult
		err := p.call(ctx, n.server, p.admin, "POST", n.prod+"/people", sshttp.PersonRequest{Name: m.name, Department: m.department, JobTitle: m.job,
			AccountID: accounts[i], Roles: []setsafe.Role{m.role}}, http.StatusCreated, &res)
		if err == nil {
			n.ids[i] = res.Person.ID
		}
		return err
	})
}

// paperwork sets the PINs of the 1st AD, the armorer and the performers,
// names the safety coordinator the compliance contact, and records the
// firearm trainings and the armorer's permit.
func (p *preparer) paperwork(ctx context.Context, n *newSet) error {
	pr := n.pr
	for i, m := range n.people {
		who := member{ID: n.ids[i]}
		switch m.part {
		case partFirstAD, partArmorer, partPerformer:
			who.PIN = newPIN()
			if err := p.call(ctx, n.server, p.admin, "PUT", n.prod+"/people/"+who.ID+"/pin", sshttp.PINRequest{PIN: who.PIN}, http.StatusOK, nil); err != nil {
				return err
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
	if err := p.call(ctx, n.server, p.admin, "PUT", n.prod+"/safety/compliance-contact", sshttp.ContactRequest{PersonID: pr.Safety.ID}, http.StatusOK, nil); err != nil {
		return err
	}
	now := time.Now()
	for _, who := range append([]member{pr.FirstAD}, pr.Performers...) {
		if err := p.call(ctx, n.server, p.admin, "POST", n.prod+"/people/"+who.ID+"/trainings", sshttp.TrainingRequest{Course: "Firearm safety on set",
			Provider: "Contract Services (CSATF)", Firearms: true, Hours: 4, Completed: now.AddDate(0, -1, 0).Format(time.DateOnly),
			Expires: now.AddDate(2, 0, 0).Format(time.DateOnly)}, http.StatusCreated, nil); err != nil {
			return err
		}
	}
	return p.call(ctx, n.server, p.admin, "POST", n.prod+"/people/"+pr.Armorer.ID+"/permits", sshttp.PermitRequest{Kind: "armorer",
		Number: fmt.Sprintf("LD-ARM-%04d", n.number), Issuer: "State film office", Expires: now.AddDate(2, 0, 0).Format(time.DateOnly)}, http.StatusCreated, nil)
}

// deviceTokens signs each device's account in once and keeps an API token
// for it.
func (p *preparer) deviceTokens(ctx context.Context, n *newSet) error {
	tokens := make([]string, len(n.people))
	err := each(len(n.people), 8, func(i int) error {
		if n.passwords[i] == "" {
			return nil
		}
		var err error
		tokens[i], err = p.token(ctx, accountEmail(n.pr.ID, i), n.passwords[i])
		return err
	})
	if err != nil {
		return err
	}
	phone := 0
	for i, m := range n.people {
		switch m.part {
		case partArmorer:
			n.pr.Armorer.Token = tokens[i]
		case partSafety:
			n.pr.Safety.Token = tokens[i]
		case partPhone:
			n.pr.Phones[phone].Token = tokens[i]
			phone++
		}
	}
	return nil
}

// armory has the armorer receive a revolver into the truck's safe and a lot
// of dummies, which she checks inert.
func (p *preparer) armory(ctx context.Context, n *newSet) error {
	pr := n.pr
	var fa sshttp.FirearmResult
	if err := p.call(ctx, n.server, pr.Armorer.Token, "POST", n.prod+"/firearms", sshttp.FirearmRequest{Make: "Colt", Model: "Single Action Army",
		Serial: fmt.Sprintf("SA%05d", n.number), Kind: "blank_firing", Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop",
		OwnerLicence: "FFL 5-85-001-07-XX-12345", Condition: "Good", Store: "Armory truck safe"}, http.StatusCreated, &fa); err != nil {
		return err
	}
	pr.Firearm = fa.Firearm.ID
	var lot sshttp.RecordedResult
	if err := p.call(ctx, n.server, pr.Armorer.Token, "POST", n.prod+"/ammo-lots", sshttp.AmmoLotRequest{Label: "D-45", Kind: "dummy", Calibre: ".45 Colt",
		Source: "PDQ Arm & Prop", Headstamp: "PDQ 45 DUMMY", Count: 48,
		Origin: sshttp.LotOrigin{Kind: "rental_house", House: "PDQ Arm & Prop", HouseLot: "PDQ-D45"}}, http.StatusCreated, &lot); err != nil {
		return err
	}
	pr.Lot = lot.ID
	return p.call(ctx, n.server, pr.Armorer.Token, "POST", n.prod+"/ammo-lots/"+pr.Lot+"/verify-inert", sshttp.InertRequest{Checked: 48,
		Methods: []string{"drilled_case", "rattle"}, Witness: sshttp.Witness{PersonID: pr.FirstAD.ID, PIN: pr.FirstAD.PIN}},
		http.StatusOK, nil)
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
