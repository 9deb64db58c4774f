package main

import (
	"fmt"

	"github.com/setsafe/setsafe"
)

// part is what the load generator does with a person of the roster.
type part int

const (
	partNone      part = iota
	partProducer       // the administrator's own person
	partFirstAD        // witnesses show-clears and attends the meeting, with a PIN
	partArmorer        // the tablet: an account, a PIN and a permit
	partSafety         // lifts stop-works: an account; the compliance contact
	partPerformer      // takes the revolver: a PIN and a firearm training
	partPhone          // reads Today and raises concerns: an account
)

// castMember is one person of a production's crew and cast list.
type castMember struct {
	name, department, job string
	role                  setsafe.Role
	part                  part
}

// performers is how many cast members the revolver goes to in turn.
const performers = 4

// fixedRoster is the production office, the heads of department and the
// performers: everyone before the crew.
var fixedRoster = []castMember{
	{"", "Production", "Producer", setsafe.RoleProducer, partProducer},
	{"", "Production", "Unit production manager", setsafe.RoleUPM, partNone},
	{"", "Assistant directors", "1st assistant director", setsafe.RoleFirstAD, partFirstAD},
	{"", "Assistant directors", "2nd assistant director", setsafe.RoleCrew, partNone},
	{"", "Safety", "Safety coordinator", setsafe.RoleSafetyCoordinator, partSafety},
	{"", "Armory", "Armorer", setsafe.RoleArmorer, partArmorer},
	{"", "Armory", "Assistant armorer", setsafe.RoleAssistantArmorer, partNone},
	{"", "Props", "Property master", setsafe.RolePropertyMaster, partNone},
	{"", "Stunts", "Stunt coordinator", setsafe.RoleStuntCoordinator, partNone},
	{"", "Camera", "Director of photography", setsafe.RoleDepartmentHead, partNone},
	{"", "Grip", "Key grip", setsafe.RoleDepartmentHead, partNone},
	{"", "Electric", "Gaffer", setsafe.RoleDepartmentHead, partNone},
	{"", "Sound", "Production sound mixer", setsafe.RoleDepartmentHead, partNone},
	{"", "Art", "Production designer", setsafe.RoleDepartmentHead, partNone},
	{"", "Costume", "Costume designer", setsafe.RoleDepartmentHead, partNone},
	{"", "Makeup", "Makeup department head", setsafe.RoleDepartmentHead, partNone},
	{"", "Locations", "Location manager", setsafe.RoleDepartmentHead, partNone},
	{"", "Transport", "Transportation captain", setsafe.RoleDepartmentHead, partNone},
	{"", "Cast", "Sheriff", setsafe.RoleCast, partPerformer},
	{"", "Cast", "Outlaw", setsafe.RoleCast, partPerformer},
	{"", "Cast", "Deputy", setsafe.RoleCast, partPerformer},
	{"", "Cast", "Gunslinger", setsafe.RoleCast, partPerformer},
}

// crewJobs are the departments and jobs of the rest of the crew, in turn.
var crewJobs = [][2]string{
	{"Camera", "1st assistant camera"}, {"Grip", "Dolly grip"}, {"Electric", "Best boy electric"}, {"Sound", "Boom operator"},
	{"Art", "Set dresser"}, {"Costume", "Costumer"}, {"Makeup", "Makeup artist"}, {"Locations", "Location assistant"},
	{"Transport", "Driver"}, {"Props", "Props assistant"}, {"Stunts", "Stunt performer"}, {"Catering", "Cook"},
	{"Camera", "2nd assistant camera"}, {"Grip", "Grip"}, {"Electric", "Electrician"}, {"Cast", "Background actor"},
}

var firstNames = []string{"Ana", "Ben", "Carla", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonah", "Kaia", "Luis",
	"Mara", "Nils", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wes", "Xochitl", "Yuri", "Zoe"}

var lastNames = []string{"Alvarez", "Brennan", "Chen", "Delgado", "Eriksen", "Fofana", "Garcia", "Hale", "Ito", "Jensen",
	"Kowalski", "Lindqvist", "Mbeki", "Novak", "Okafor", "Petrov", "Quist", "Ramirez", "Singh", "Tanaka", "Ueda"}

// minPeople is the smallest crew a production can have with the given
// number of phones: the fixed roster and one person per phone.
func minPeople(phones int) int { return len(fixedRoster) + phones }

// roster returns a production's n people; the first phones of the crew
// after the fixed roster carry the phones. Names are made up and differ
// within a production.
func roster(n, phones int) []castMember {
	out := make([]castMember, 0, n)
	for i := range n {
		var m castMember
		if i < len(fixedRoster) {
			m = fixedRoster[i]
		} else {
			j := crewJobs[(i-len(fixedRoster))%len(crewJobs)]
			m = castMember{department: j[0], job: j[1], role: setsafe.RoleCrew}
			if j[0] == "Cast" {
				m.role = setsafe.RoleCast
			}
			if i-len(fixedRoster) < phones {
				m.part = partPhone
			}
		}
		m.name = fmt.Sprintf("%s %s", firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)])
		if i >= len(firstNames)*len(lastNames) {
			m.name += fmt.Sprintf(" %d", i/(len(firstNames)*len(lastNames))+1)
		}
		out = append(out, m)
	}
	return out
}
