package http

import "github.com/setsafe/setsafe"

// The commands a request asks for, built in one place for the API and the
// pages: the API decodes its JSON into these request types, a page its
// form (decodeForm), and both send the command built here. Who may send
// it, and whether it may be done, the command decides.

// Command is the training record the request asks for, for a person.
func (req TrainingRequest) Command(personID string) setsafe.RecordTraining {
	return setsafe.RecordTraining{ID: setsafe.NewID(), PersonID: personID, Course: req.Course, Provider: req.Provider, Firearms: req.Firearms,
		Hours: req.Hours, Completed: req.Completed, Expires: req.Expires}
}

// Command is the permit record the request asks for, for a person.
func (req PermitRequest) Command(personID string) setsafe.RecordPermit {
	return setsafe.RecordPermit{ID: setsafe.NewID(), PersonID: personID, Kind: req.Kind, Number: req.Number, Issuer: req.Issuer, Expires: req.Expires}
}

// Command is the role granted to a person.
func (req RoleRequest) Command(personID string) setsafe.GrantRole {
	return setsafe.GrantRole{PersonID: personID, Role: req.Role}
}

// Command is the ruling that a person's job title does not mean some
// duties.
func (req TitleDutiesRequest) Command(personID string) setsafe.SetAsideTitleDuties {
	return setsafe.SetAsideTitleDuties{PersonID: personID, JobTitle: req.JobTitle, Duties: req.Duties, Reason: req.Reason}
}

// Command is the inspection of a firearm.
func (req InspectRequest) Command(firearmID string) setsafe.InspectFirearm {
	return setsafe.InspectFirearm{FirearmID: firearmID, BoreClear: req.BoreClear, Functions: req.Functions, Condition: req.Condition, Note: req.Note}
}

// Command is the firearm locked in a store.
func (req StoreRequest) Command(firearmID string) setsafe.SecureFirearm {
	return setsafe.SecureFirearm{FirearmID: firearmID, Store: req.Store}
}

// Command is the firearm loaded from a lot.
func (req LoadRequest) Command(firearmID string) setsafe.LoadFirearm {
	return setsafe.LoadFirearm{FirearmID: firearmID, LotID: req.LotID, Rounds: req.Rounds, SetUpID: req.SetUpID}
}

// Command is the set-up's state called.
func (req SetUpStateRequest) Command(setUpID string) setsafe.CallSetUpState {
	return setsafe.CallSetUpState{SetUpID: setUpID, State: req.State}
}

// Command is the alert acknowledged.
func (req AcknowledgeAlertRequest) Command(alertID string) setsafe.AcknowledgeAlert {
	return setsafe.AcknowledgeAlert{ID: alertID, Reason: req.Reason}
}

// Command is the firearm unloaded, with the ID a discharge report takes
// if dummies were fired.
func (req UnloadRequest) Command(firearmID string) setsafe.UnloadFirearm {
	return setsafe.UnloadFirearm{FirearmID: firearmID, Fired: req.Fired, Report: setsafe.NewID()}
}

// Command is the discharge or malfunction reported, with its new ID.
func (req DischargeRequest) Command(firearmID string) setsafe.ReportDischarge {
	return setsafe.ReportDischarge{ID: setsafe.NewID(), FirearmID: firearmID, Kind: req.Kind, Description: req.Description, OccurredAt: req.OccurredAt}
}

// Command is the firearm put back in service.
func (req ServiceRequest) Command(firearmID string) setsafe.ReturnToService {
	return setsafe.ReturnToService{FirearmID: firearmID, BoreClear: req.BoreClear}
}

// Command is the live round reported, with its new ID.
func (req LiveRoundRequest) Command() setsafe.ReportLiveRound {
	return setsafe.ReportLiveRound{ID: setsafe.NewID(), Description: req.Description, OccurredAt: req.OccurredAt}
}

// Command is the set-up planned; an empty day is today on set.
func (req SetUpRequest) Command() setsafe.PlanSetUp {
	return setsafe.PlanSetUp{ID: setsafe.NewID(), Day: req.Day, Scene: req.Scene, Name: req.Name, Hazards: req.Hazards, TowardPeople: req.TowardPeople,
		LocationID: req.LocationID}
}

// Command is the stop-work lifted.
func (req LiftRequest) Command(stopWorkID string) setsafe.LiftStopWork {
	return setsafe.LiftStopWork{ID: stopWorkID, Resolution: req.Resolution}
}

// Command is the concern moved to another state.
func (req ConcernMoveRequest) Command(concernID string) setsafe.MoveConcern {
	return setsafe.MoveConcern{ID: concernID, State: req.State, Why: req.Why}
}

// Command is the triage of a concern.
func (req ConcernTriageRequest) Command(concernID string) setsafe.TriageConcern {
	return setsafe.TriageConcern{ID: concernID, Triage: req.Triage, Reason: req.Reason}
}

// Command is the decision on the work a critical concern stops.
func (req ConcernDecisionRequest) Command(concernID string) setsafe.DecideConcern {
	return setsafe.DecideConcern{ID: concernID, Decision: req.Decision, Reason: req.Reason}
}

// Answer is the production's answer to a concern's reporter.
func (req ConcernTextRequest) Answer(concernID string) setsafe.AnswerConcern {
	return setsafe.AnswerConcern{ID: concernID, Text: req.Text}
}

// Reply is the reporter's reply on their concern; seal stands for a
// confidential reporter (see Server.callerSeal).
func (req ConcernTextRequest) Reply(concernID, seal string) setsafe.ReplyToConcern {
	return setsafe.ReplyToConcern{ID: concernID, Text: req.Text, ReporterSeal: seal}
}

// Command is the person added to the crew or cast list, with their roles.
func (req PersonRequest) Command() setsafe.AddPerson {
	return setsafe.AddPerson{ID: setsafe.NewID(), AccountID: req.AccountID, Roles: req.Roles, ConfirmSameEmail: req.ConfirmSameEmail,
		PersonDetails: setsafe.PersonDetails{Name: req.Name, Department: req.Department, JobTitle: req.JobTitle, Email: req.Email, Phone: req.Phone}}
}

// Command is the firearm received into the armory.
func (req FirearmRequest) Command() setsafe.ReceiveFirearm {
	return setsafe.ReceiveFirearm{ID: setsafe.NewID(), Make: req.Make, Model: req.Model, Serial: req.Serial, Kind: req.Kind, Calibre: req.Calibre,
		Chambers: req.Chambers, Owner: req.Owner, OwnerLicence: req.OwnerLicence, Condition: req.Condition, Store: req.Store,
		ConfirmSameSerial: req.ConfirmSameSerial}
}

// Command is the lot of rounds received, with a new ID.
func (req AmmoLotRequest) Command() setsafe.ReceiveAmmoLot {
	o := req.Origin
	return setsafe.ReceiveAmmoLot{ID: setsafe.NewID(), Label: req.Label, Kind: req.Kind, LoadStrength: req.LoadStrength, Calibre: req.Calibre,
		Source: req.Source, Headstamp: req.Headstamp, Count: req.Count,
		Origin: setsafe.LotOrigin{Kind: o.Kind, Maker: o.Maker, Product: o.Product, House: o.House, HouseLot: o.HouseLot, MadeFrom: o.MadeFrom}}
}

// Command is the change of the escalation ladder the request asks for.
func (req LadderRequest) Command() setsafe.SetLadder {
	return setsafe.SetLadder{Rungs: req.Rungs, Clocks: req.Clocks}
}

// Command is the safety meeting the request records, with a new ID.
func (req MeetingRequest) Command() setsafe.HoldMeeting {
	return setsafe.HoldMeeting{ID: setsafe.NewID(), Topics: req.Topics, Hazards: req.Hazards, Covered: req.CoveredTopics, WalkThrough: req.WalkThrough}
}

// Command is the end-of-day count the request records.
func (req ReconcileRequest) Command() setsafe.ReconcileDay {
	return setsafe.ReconcileDay{Counts: req.Counts}
}
