package demo

import (
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
)

// seedIncidents plays the incident register, written on the evening of
// the vehicle day (two days ago): the production office sets up its
// injury records; the key grip reports a near miss of four days ago (a
// light stand blown over beside Elena), which the safety coordinator
// investigates, with a corrective action due that day that nobody has
// done, so that it is overdue and climbs the ladder when the demo starts;
// and the medic records Jack's sprained wrist from the stunt day as a
// recordable case, his personal details sealed beside the ledger.
func seedIncidents(w *writer, clock *Clock, ids map[string]string, day func(ago, hour, minute int) time.Time) {
	on := func(actor string, c setsafe.Command) setsafe.Request {
		return setsafe.On(ProductionID, setsafe.PersonActor(ids[actor]), c)
	}
	priya, luis, diego, nora := "Priya Natarajan", "Luis Ortega", "Diego Ramirez", "Nora Blake"
	const moment = "2006-01-02T15:04"

	clock.set(day(2, 19, 0))
	w.do(on(priya, incident.SetEstablishment{Name: "Red Mesa production office", EIN: "85-4417120", CompanyName: "Dry Gulch Pictures LLC",
		Street: "1300 Cerrillos Road", City: "Santa Fe", State: "NM", ZIP: "87505", NAICS: "512110", Industry: "Motion picture and video production"}))
	// The figures of the year of the stunt day, whose case follows.
	w.do(on(luis, incident.SetEstablishmentYear{Year: day(3, 0, 0).Year(), AnnualAverageEmployees: 38, TotalHoursWorked: 41800, PeakEmployees: 64}))

	stand := setsafe.NewID()
	clock.set(day(2, 19, 10))
	w.do(on(diego, incident.OpenIncident{ID: stand, Details: incident.Details{Kind: incident.KindNearMiss, Severity: incident.SeverityNone,
		CouldHaveBeenFatal: true, OccurredAt: day(4, 16, 20).Format(moment), Where: "Saloon set, by the hitching rail",
		Description:     "A gust blew over a 4x4 light stand with a 2K on top; it fell where Elena had been standing a minute before.",
		ImmediateAction: "Stand and lamp taken down; the other stands on the set checked.",
		People:          []string{ids["Elena Vasquez"]}, Witnesses: []string{ids["Mia Chen"]}}}))
	clock.set(day(2, 19, 20))
	w.do(on(priya, incident.AssignInvestigator{ID: stand, Investigator: ids[priya]}))
	w.do(on(priya, incident.RecordFactor{ID: stand, FactorID: setsafe.NewID(), Category: incident.FactorEquipment,
		Description: "The stand had no sandbag on its legs",
		Whys:        []string{"The sandbags were on the other truck", "The grip truck was loaded in a hurry", "There is no checklist for loading the grip truck"}}))
	w.do(on(priya, incident.RecordFactor{ID: stand, FactorID: setsafe.NewID(), Category: incident.FactorEnvironment,
		Description: "Gusts over 30 mph in the afternoon, forecast that morning"}))
	w.do(on(priya, incident.PlanAction{ID: setsafe.NewID(), IncidentID: stand, What: "Sandbag every light stand, and check them at each move",
		Owner: ids[diego], Due: day(2, 0, 0).Format(time.DateOnly)}))

	sprain := setsafe.NewID()
	clock.set(day(2, 19, 40))
	w.do(on(nora, incident.OpenIncident{ID: sprain, Details: incident.Details{Kind: incident.KindInjury, Severity: incident.SeverityModerate,
		OccurredAt: day(3, 8, 16).Format(moment), Where: "Saloon set, air bag", Description: "Jack landed the balcony fall on the edge of the bag and jarred his right wrist.",
		ImmediateAction: "Ice and a splint by the medic; seen at Christus St. Vincent urgent care that afternoon.", People: []string{ids["Jack Brennan"]}}}))
	w.do(on(nora, incident.RecordCase{ID: setsafe.NewID(), IncidentID: sprain, CaseDetails: incident.CaseDetails{Employee: ids["Jack Brennan"],
		JobTitle: "Actor", Where: "Saloon set, Galisteo ranch", Injury: "Sprain", BodyPart: "right wrist", Object: "edge of the stunt air bag",
		Type: incident.TypeInjury, WorkRelated: true, NewCase: true, MedicalTreatment: true, DaysRestricted: 3, BeganWork: "06:30", EventTime: "08:16",
		Before: "Performing a rehearsed fall from the saloon balcony onto an air bag", WhatHappened: "He landed near the edge of the bag and his hand struck the frame",
		CompletedTitle: "Set medic"},
		Personal: incident.Personal{City: "Santa Fe", State: "NM", HireDate: day(7, 0, 0).Format(time.DateOnly), HealthCareProfessional: "Dr. A. Romero",
			FacilityName: "Christus St. Vincent Urgent Care", FacilityCity: "Santa Fe", FacilityState: "NM"}}))
}
