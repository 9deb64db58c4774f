package dailyreport

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/pdf"
)

// Write writes the report as a PDF: its header and the ledger it was made
// from, then each part of the day, and a line for the producer's
// signature. A part with nothing to show says so.
func Write(w io.Writer, r *Report) error {
	if r == nil {
		return fmt.Errorf("daily report PDF: no report to write")
	}
	loc, err := time.LoadLocation(r.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	p := &page{sheet: newSheet(r.GeneratedAt, "Daily safety report: "+r.Production.Name+", "+r.Day, "Daily safety report - "+r.Production.Name+" - "+r.Day), r: r, loc: loc}
	p.header()
	p.meetings()
	p.setUps()
	p.custody()
	p.concerns()
	p.stopWorksAndAlerts()
	p.incidents()
	p.signature()
	return p.finish(w)
}

// page writes one report's parts onto a sheet.
type page struct {
	*sheet
	r   *Report
	loc *time.Location
}

// clock says when, on the set's clock: the time alone on the day
// reported, the day and time on another; "" for no time.
func (p *page) clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(p.loc)
	if t.Format(time.DateOnly) == p.r.Day {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// name is a person's name, or else what to say for nobody.
func name(w *Who, otherwise string) string {
	if w == nil || w.Name == "" {
		return otherwise
	}
	return w.Name
}

// names lists people's names, separated by commas.
func names(ws []Who) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Name
	}
	return strings.Join(out, ", ")
}

func (p *page) header() {
	r := p.r
	p.font(pdf.Bold, 16)
	p.Cell(left, p.y, width, 8, "Daily safety report", pdf.Left, pdf.NoFrame)
	p.y += 9
	day := r.Day
	if d, err := time.Parse(time.DateOnly, r.Day); err == nil {
		day = d.Format("Monday 2 January 2006")
	}
	p.field(0, "Production", r.Production.Name+" ("+r.Production.ID+")")
	if r.Production.Company != "" {
		p.field(0, "Company", r.Production.Company)
	}
	if r.Production.Location != "" {
		p.field(0, "Location", r.Production.Location)
	}
	p.field(0, "Day", day+", on the set's clock ("+r.TimeZone+")")
	p.field(0, "Generated", r.GeneratedAt.In(p.loc).Format("2006-01-02 15:04 MST"))
	src := r.Source
	made := fmt.Sprintf("ledger %s at size %d", r.Production.ID, src.LedgerSize)
	if !src.LastEntryAt.IsZero() {
		made += ", last entry " + src.LastEntryAt.In(p.loc).Format("2006-01-02 15:04")
	}
	if src.DayEntries > 0 {
		made += fmt.Sprintf("; the day's %d entries, %d to %d", src.DayEntries, src.FirstSeq, src.LastSeq)
	} else {
		made += "; no entries on the day"
	}
	p.field(0, "Made from", made)
	if cp := src.Checkpoint; cp != nil {
		text := fmt.Sprintf("size %d, root %s", cp.Size, cp.Root)
		if !cp.SignedAt.IsZero() {
			text += ", signed " + cp.SignedAt.In(p.loc).Format("2006-01-02 15:04")
		}
		p.field(0, "Checkpoint", text)
	}
	if src.VerifierKeyID != "" {
		p.field(0, "Verifier key", src.VerifierKeyID)
	}
}

func (p *page) meetings() {
	m := p.r.Meetings
	p.heading("Safety meetings (PR-1)")
	if len(m.Held) == 0 {
		p.none("No safety meeting was recorded on this day.")
	}
	for _, h := range m.Held {
		walk := "no walk-through"
		if h.WalkThrough {
			walk = "with a walk-through"
		}
		p.sub(fmt.Sprintf("%s, led by %s, %s", p.clock(h.HeldAt), h.LedBy.Name, walk))
		if len(h.Hazards) > 0 {
			p.field(4, "Hazards", strings.Join(h.Hazards, ", "))
		}
		p.field(4, "Topics covered", orNone(strings.Join(h.Topics, "; "), "no bulletin topic recorded"))
		if len(h.Notes) > 0 {
			p.field(4, "Also", strings.Join(h.Notes, "; "))
		}
		p.field(4, fmt.Sprintf("Attended (%d)", len(h.Attended)), orNone(names(h.Attended), "nobody confirmed attending"))
	}
	switch {
	case len(m.Required) == 0:
	case len(m.Absent) == 0:
		p.text(0, pdf.Regular, bodyPt, fmt.Sprintf("All %d people the rules wanted at a meeting attended one.", len(m.Required)))
	default:
		p.sub(fmt.Sprintf("Wanted at a meeting and absent: %d of %d", len(m.Absent), len(m.Required)))
		for _, a := range m.Absent {
			p.item(4, a.Name+" ("+a.Why+")")
		}
	}
}

func (p *page) setUps() {
	p.heading("Set-ups")
	if len(p.r.SetUps) == 0 {
		p.none("No set-up was planned for this day.")
	}
	for _, u := range p.r.SetUps {
		head := u.Name
		if u.Scene != "" && !strings.Contains(u.Name, u.Scene) {
			head = "Scene " + u.Scene + ": " + head
		}
		p.sub(head + " [" + u.ID + "]")
		hazards := orNone(strings.Join(u.Hazards, ", "), "none")
		if u.TowardPeople {
			hazards += "; toward people"
		}
		p.field(4, "Hazards", hazards)
		if u.Where != "" {
			p.field(4, "Where", u.Where)
		}
		state := spoken(u.State)
		if !u.StartedAt.IsZero() {
			state += ", started " + p.clock(u.StartedAt)
		}
		p.field(4, "Now", state)
		if v := u.Verdict; v != nil {
			if v.Go {
				p.field(4, "Starting it now", "GO")
			} else {
				p.field(4, "Starting it now", "NO-GO")
				for _, rule := range v.Rules {
					p.item(4+labelW, rule.ID+": "+rule.Message)
				}
			}
		}
		if len(u.Refusals) == 0 {
			p.field(4, "Refusals", "none")
		}
		for _, ref := range u.Refusals {
			p.refusal(4, ref)
		}
	}
	if len(p.r.OtherRefusals) > 0 {
		p.sub("Other refusals of the day")
		for _, ref := range p.r.OtherRefusals {
			p.refusal(4, ref)
		}
	}
}

// refusal writes a refusal: when, what was tried by whom, and every rule
// that refused it.
func (p *page) refusal(indent float64, r DayRefusal) {
	p.field(indent, "Refused "+p.clock(r.At), attempt(r)+", tried by "+name(r.TriedBy, "someone not named")+" (entry "+fmt.Sprint(r.Seq)+")")
	for _, rule := range r.Rules {
		p.item(indent+labelW, rule.ID+": "+rule.Message)
	}
}

// attempt says in words what a refused action tried to do.
func attempt(r DayRefusal) string {
	firearm, lot, to := "the "+r.Firearm, "lot "+r.Lot, r.Toward
	if r.Firearm == "" {
		firearm = "a firearm"
	}
	switch r.Action {
	case "handover":
		if to == "" {
			return "handing over " + firearm
		}
		return "handing " + firearm + " to " + to
	case "load":
		return "loading " + firearm + " from " + lot
	case "unsecure":
		return "taking " + firearm + " out of its store"
	case "start_setup":
		return "starting the set-up"
	case "assign_duty":
		return "naming " + to
	case "receive_firearm":
		return "receiving a firearm"
	case "receive_lot":
		return "receiving " + lot
	case "inspect":
		return "inspecting " + firearm
	case "return_to_service":
		return "putting " + firearm + " back in service"
	case "start_duty":
		return "coming on armorer duty"
	case "end_duty":
		if to != "" {
			return "handing armorer duty to " + to
		}
		return "leaving armorer duty"
	}
	what := spoken(r.Action)
	if r.Firearm != "" {
		what += " of " + firearm
	}
	return what
}

func (p *page) custody() {
	c := p.r.Custody
	p.heading("Custody of firearms and rounds")
	p.text(0, pdf.Regular, bodyPt, fmt.Sprintf("Issued: %d. Returned to an armorer: %d.", c.Issued, c.Returned))
	if len(c.Moves) > 0 {
		p.sub("Hand-offs and stores")
		for _, m := range c.Moves {
			text := p.clock(m.At) + " " + m.Kind + ": " + m.Firearm
			if m.From != nil {
				text += " from " + m.From.Name
			}
			if m.To != nil {
				text += " to " + m.To.Name
			}
			if m.Store != "" {
				text += " in " + m.Store
			}
			if m.SetUpID != "" {
				text += " for set-up " + m.SetUpID
			}
			p.item(4, text)
		}
	}
	p.sub("Rounds per lot")
	if len(c.Lots) == 0 {
		p.none("No rounds were loaded or unloaded.")
	}
	for _, l := range c.Lots {
		p.item(4, fmt.Sprintf("Lot %s (%s): %d loaded, %d fired, %d back in the box", l.Label, l.Kind, l.Loaded, l.Fired, l.BackInBox))
	}
	p.sub("End-of-day count (FA-12)")
	if len(c.Counts) == 0 {
		p.none("No end-of-day count was recorded.")
	}
	for _, n := range c.Counts {
		counted := make([]string, len(n.Lots))
		for i, l := range n.Lots {
			counted[i] = fmt.Sprintf("lot %s %d", l.Label, l.Counted)
		}
		p.field(4, "Counted "+p.clock(n.At), orNone(strings.Join(counted, "; "), "no lot"))
		if len(n.Discrepancies) == 0 {
			p.field(4, "Against the record", "everything matched")
		}
		for _, d := range n.Discrepancies {
			text := d.What
			if d.Resolved {
				text += " - resolved: " + d.Resolution
			} else {
				text += " - not resolved"
			}
			p.item(4+labelW, text)
		}
	}
	if len(c.OutAtEnd) > 0 {
		p.sub("Not secured at the end of the day")
		for _, o := range c.OutAtEnd {
			p.item(4, o.Firearm+", held by "+o.Holder.Name)
		}
	}
}

func (p *page) concerns() {
	c := p.r.Concerns
	p.heading("Concerns (WS-3)")
	if len(c.Raised)+len(c.Escalated)+len(c.Closed) == 0 {
		p.none("No concern was raised, escalated or closed on this day.")
		return
	}
	for _, x := range c.Raised {
		// Only a name given openly is shown (WS-5).
		by := "raised by " + name(x.Reporter, "someone not named")
		switch x.Mode {
		case setsafe.ReportAnonymous:
			by = "raised anonymously"
		case setsafe.ReportConfidential:
			by = "raised confidentially"
		}
		head := fmt.Sprintf("%s %s: %s, %s, now %s", p.clock(x.RaisedAt), strings.ToUpper(x.Severity), x.Category, by, x.State)
		p.item(0, head)
		text := x.Description
		if x.Where != "" {
			text += " (" + x.Where + ")"
		}
		p.text(8, pdf.Regular, bodyPt, text)
	}
	for _, x := range c.Escalated {
		p.item(0, fmt.Sprintf("%s climbed to the %s: %s %s concern %s, %s", p.clock(x.At), orNone(x.What, "next rung"), x.Severity, x.Category, x.ID, x.Why))
	}
	for _, x := range c.Closed {
		p.item(0, fmt.Sprintf("%s %s by %s: %s %s concern %s: %s", p.clock(x.At), x.What, name(x.By, "someone not named"), x.Severity, x.Category, x.ID, x.Why))
	}
}

func (p *page) stopWorksAndAlerts() {
	p.heading("Stop-works (WS-4) and alerts (FA-8)")
	if len(p.r.StopWorks)+len(p.r.Alerts) == 0 {
		p.none("No stop-work or alert on this day.")
		return
	}
	for _, w := range p.r.StopWorks {
		text := fmt.Sprintf("Stop-work of %s, called %s by %s: %s", w.What, p.clock(w.CalledAt), name(w.CalledBy, "someone not named"), w.Reason)
		switch {
		case !w.LiftedAt.IsZero():
			text += fmt.Sprintf(". Lifted %s by %s: %s", p.clock(w.LiftedAt), name(w.LiftedBy, "someone not named"), w.Resolution)
		case w.InForce:
			text += ". Still in force."
		}
		p.item(0, text)
	}
	for _, a := range p.r.Alerts {
		text := fmt.Sprintf("Alert %s, raised %s: %s", a.Rule, p.clock(a.RaisedAt), a.Message)
		for _, e := range a.Escalations {
			text += fmt.Sprintf(". Climbed to the %s at %s", e.Rung, p.clock(e.At))
		}
		if !a.AcknowledgedAt.IsZero() {
			text += fmt.Sprintf(". Acknowledged %s by %s: %s", p.clock(a.AcknowledgedAt), name(a.AcknowledgedBy, "someone not named"), a.Acknowledgment)
		}
		if !a.ResolvedAt.IsZero() {
			text += fmt.Sprintf(". Resolved %s: %s", p.clock(a.ResolvedAt), a.Resolution)
		} else {
			text += ". Now " + a.State + "."
		}
		p.item(0, text)
	}
}

func (p *page) incidents() {
	r := p.r
	p.heading("Discharges, live rounds and incidents (WS-1, AM-1)")
	for _, d := range r.Discharges {
		p.item(0, fmt.Sprintf("%s %s of the %s, reported by %s: %s", p.clock(d.OccurredAt), d.Kind, d.Firearm, name(d.ReportedBy, "someone not named"), d.Description))
	}
	for _, l := range r.LiveRounds {
		cleared := "not cleared"
		if l.Cleared {
			cleared = "cleared"
		}
		p.item(0, fmt.Sprintf("%s live round reported by %s, %s: %s", p.clock(l.OccurredAt), name(l.ReportedBy, "someone not named"), cleared, l.Description))
	}
	if len(r.Incidents) == 0 {
		p.none("No incident of the register happened on this day.")
	}
	for _, x := range r.Incidents {
		text := fmt.Sprintf("%s %s, severity %s", p.clock(x.OccurredAt), x.Kind, orNone(x.Severity, "not assessed"))
		if x.CouldHaveBeenFatal {
			text += ", COULD HAVE BEEN FATAL"
		}
		text += ", " + spoken(x.State) + " [" + x.ID + "]"
		if x.Description != "" {
			text += ": " + x.Description
		}
		if x.Where != "" {
			text += " (" + x.Where + ")"
		}
		p.item(0, text)
	}
	p.sub("Corrective actions overdue")
	if len(r.OverdueWork) == 0 {
		p.none("None.")
	}
	for _, a := range r.OverdueWork {
		text := fmt.Sprintf("%s, owned by %s, due %s, for incident %s", a.What, a.Owner.Name, a.Due, a.IncidentID)
		if a.Rung != "" {
			text += "; climbed to the " + a.Rung
		}
		p.item(4, text)
	}
}

func (p *page) signature() {
	p.y += 8
	p.room(24)
	p.text(0, pdf.Regular, bodyPt, "I have read this report of the day's safety record.")
	p.y += 10
	p.Gray(0)
	p.Line(left, p.y, left+90, p.y)
	p.Line(left+110, p.y, left+width, p.y)
	p.y += 1
	p.font(pdf.Regular, smallPt)
	p.Cell(left, p.y, 90, 4, "Producer's signature", pdf.Left, pdf.NoFrame)
	p.Cell(left+110, p.y, width-110, 4, "Name and date", pdf.Left, pdf.NoFrame)
	p.y += 5
}

// orNone is text, or otherwise when it is empty.
func orNone(text, otherwise string) string {
	if text == "" {
		return otherwise
	}
	return text
}
