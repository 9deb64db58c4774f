package demo

import (
	"time"

	"github.com/setsafe/setsafe"
)

// seedConcerns plays this morning's concerns: one about the hours, answered
// by the unit production manager with a plan, and a confidential critical
// one about the camera car that nobody has acknowledged, so that it is
// overdue and climbing the ladder when the demo starts.
func seedConcerns(w *writer, clock *Clock, ids map[string]string, today func(minutes int) time.Time, reporterKey []byte) {
	on := func(actor string, c setsafe.Command) setsafe.Request {
		return setsafe.On(ProductionID, setsafe.PersonActor(ids[actor]), c)
	}
	diego, mia, luis := "Diego Ramirez", "Mia Chen", "Luis Ortega"

	hours := setsafe.NewID()
	clock.set(today(15))
	w.do(on(diego, setsafe.RaiseConcern{ID: hours, Category: setsafe.CategoryFatigue, Severity: setsafe.SeverityNormal, Mode: setsafe.ReportNamed,
		Location: "Base camp", Description: "Fourteen-hour days three days running, and the drive back to Santa Fe is at night on the dirt road."}))
	clock.set(today(20))
	tow := setsafe.NewID()
	w.do(on(mia, setsafe.RaiseConcern{ID: tow, Category: setsafe.CategoryVehicles, Severity: setsafe.SeverityCritical, Mode: setsafe.ReportConfidential,
		ReporterSeal: setsafe.ReporterSeal(reporterKey, ProductionID, tow, ids[mia]), Location: "Camera car", Description: "The camera car's tow rig has no safety chain, and the driver has not had the towing briefing."}))
	clock.set(today(25))
	w.do(on(luis, setsafe.MoveConcern{ID: hours, State: setsafe.ConcernAcknowledged}))
	w.do(on(luis, setsafe.AnswerConcern{ID: hours, Text: "Thank you. From Monday the turnaround is twelve hours, and the production books rooms in Santa Fe for the long days."}))
	w.do(on(luis, setsafe.MoveConcern{ID: hours, State: setsafe.ConcernActionPlanned, Why: "Twelve-hour turnaround from Monday; hotel rooms for the long days"}))
}
