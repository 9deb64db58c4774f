package setsafe

import (
	"slices"
	"strings"
	"unicode"
)

// Duty is work a person does on set, as their job title on the crew list
// says it: the armorer's, props, the 1st AD's. Where a role of the same
// work exists the duty is spelled as the role ("armorer", "first_ad");
// the others are work no role stands for ("props", "stunts").
//
// Duties matter to FA-4: an armorer has no other duties from preparation
// until the firearms are locked away, and on the *Rust* set the armorer
// was also assistant props, which her title said and no role did.
type Duty string

// Duties a job title can say, besides those spelled as a role.
const (
	DutyArmorer          = Duty(RoleArmorer)
	DutyAssistantArmorer = Duty(RoleAssistantArmorer)
	DutyFirstAD          = Duty(RoleFirstAD)
	// DutyProps is work in the props department: the property master,
	// props assistants, set dressers of hand props.
	DutyProps = Duty("props")
	// DutyStunts is stunt work: coordinating, performing, rigging.
	DutyStunts = Duty("stunts")
	// DutySpecialEffects is special effects and pyrotechnics.
	DutySpecialEffects = Duty("special_effects")
	DutyProducer       = Duty(RoleProducer)
)

var dutyTitles = map[Duty]string{
	DutyProps:          "Props",
	DutyStunts:         "Stunt work",
	DutySpecialEffects: "Special effects",
}

// Title returns the duty as people on set say it.
func (d Duty) Title() string {
	if t, ok := dutyTitles[d]; ok {
		return t
	}
	return Role(d).Title()
}

// DutyTitles returns the words of every duty that is not spelled as a
// role, for those who translate them.
func DutyTitles() []string {
	out := make([]string, 0, len(dutyTitles))
	for _, t := range dutyTitles {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// armorerWork says whether the duty is the armorer's own work, which FA-4
// does not count as another duty.
func (d Duty) armorerWork() bool { return d == DutyArmorer || d == DutyAssistantArmorer }

// placement is what a job title says: the duty, and the role a crew list
// proposes for it (crew when the work has no role of its own, or when the
// role is only ever granted by hand, as a producer's is).
type placement struct {
	duty Duty
	role Role
}

// jobTitles maps job titles, as [plainTitle] writes them, to what they
// say. English and Spanish, as crews that work in both write them.
var jobTitles = map[string]placement{}

func init() {
	add := func(duty Duty, role Role, titles ...string) {
		for _, t := range titles {
			jobTitles[plainTitle(t)] = placement{duty, role}
		}
	}
	add(DutyArmorer, RoleArmorer, "armorer", "weapons master", "weapons specialist", "weapons handler",
		"firearms coordinator", "firearms supervisor", "firearms specialist", "firearms safety coordinator", "weapons coordinator",
		"weapons wrangler", "gun wrangler", "armero", "armera", "jefe de armería", "jefa de armería", "maestro armero", "maestra armera",
		"encargado de armas", "encargada de armas")
	add(DutyAssistantArmorer, RoleAssistantArmorer, "assistant armorer", "armorer assistant", "armorer's assistant",
		"2nd armorer", "second armorer", "armorer trainee", "assistant weapons master",
		"armero asistente", "armera asistente", "asistente de armero", "asistente de armera", "ayudante de armero", "ayudante de armera",
		"ayudante de armería", "asistente de armería", "segundo armero", "segunda armera", "assistant weapons handler",
		"weapons assistant", "armero ayudante", "armera ayudante")
	add(DutyFirstAD, RoleFirstAD, "1st ad", "1st a d", "1st assistant director", "1st asst director",
		"primer asistente de dirección", "primera asistente de dirección", "primer ayudante de dirección", "primera ayudante de dirección",
		"primer ad", "primera ad", "1er ad", "1er asistente de dirección", "1er ayudante de dirección", "1a ad", "1º ad", "1ª ad")
	add(DutyProps, RolePropertyMaster, "property master", "prop master", "props master", "jefe de utilería", "jefa de utilería",
		"jefe de atrezo", "jefa de atrezo")
	add(DutyProps, RoleCrew, "props", "assistant props", "props assistant", "assistant property master", "props buyer",
		"props person", "set props", "on set props", "standby props", "props maker", "props runner", "props coordinator",
		"utilería", "utilero", "utilera", "asistente de utilería", "ayudante de utilería", "utilero asistente", "utilera asistente",
		"atrezo", "atrecista", "atrezista", "ayudante de atrezo")
	add(DutyStunts, RoleStuntCoordinator, "stunt coordinator", "stunts coordinator", "action coordinator",
		"coordinador de especialistas", "coordinadora de especialistas", "coordinador de acción", "coordinadora de acción",
		"stunt supervisor", "fight coordinator", "coordinador de dobles", "coordinadora de dobles")
	add(DutyStunts, RoleCrew, "stunts", "stunt performer", "stuntman", "stuntwoman", "stunt double", "stunt rigger",
		"stunt player", "assistant stunt coordinator", "especialista", "doble de acción", "especialistas")
	add(DutySpecialEffects, RoleCrew, "special effects", "special effects coordinator", "special effects supervisor",
		"special effects technician", "special effects assistant", "sfx", "sfx coordinator", "sfx supervisor", "sfx technician",
		"pyro", "pyrotechnician", "pyrotechnics", "pyrotechnic operator", "licensed pyrotechnician", "powder man", "powderman",
		"efectos especiales", "técnico de efectos especiales", "técnica de efectos especiales", "jefe de efectos especiales",
		"pirotecnia", "pirotécnico", "pirotécnica")
	add(Duty(RoleSafetyCoordinator), RoleSafetyCoordinator, "safety coordinator", "set safety coordinator", "safety supervisor",
		"safety officer", "set safety", "set safety supervisor", "set safety officer",
		"coordinador de seguridad", "coordinadora de seguridad", "jefe de seguridad", "jefa de seguridad", "responsable de seguridad")
	add(Duty(RoleUPM), RoleUPM, "unit production manager", "upm", "jefe de producción", "jefa de producción")
	add(Duty(RoleDepartmentHead), RoleDepartmentHead, "department head", "head of department", "hod")
	add(Duty(RoleCast), RoleCast, "cast", "actor", "actress", "performer", "cast member", "principal cast",
		"reparto", "actriz", "intérprete")
	// A producer's role is only ever granted by hand; the title still says
	// the work.
	add(DutyProducer, RoleCrew, "producer", "line producer", "executive producer", "productor", "productora",
		"productor ejecutivo", "productora ejecutiva")
}

// TitleDuties is what a job title and department on the crew list say a
// person does.
type TitleDuties struct {
	// Duties are the duties the title says, each once, in the order it
	// says them; the department's when the title says none.
	Duties []Duty
	// Roles are the roles a crew list proposes for them: every role the
	// title places, or cast or crew.
	Roles []Role
	// Unplaced are the parts of the title that say no duty setsafe knows,
	// as written, for a person to decide.
	Unplaced []string
}

// Role returns the one role a crew list proposes: the first the title
// places that is not plain crew, else crew.
func (tp TitleDuties) Role() Role {
	for _, r := range tp.Roles {
		if r != RoleCrew {
			return r
		}
	}
	return RoleCrew
}

// ReadTitle reads a job title and department as a crew list gives them.
// A title of several parts ("Armorer / key assistant props", "Armero y
// utilero") says each part's duty. Case, accents, punctuation and the
// usual abbreviations ("Asst.", "Coord.", "1st") do not matter; "key",
// "head", "lead" and "chief" do not change the duty. The department counts
// only when the title says no duty: armorers are listed under Props on
// many crew lists, and that alone does not make them props.
func ReadTitle(jobTitle, department string) TitleDuties {
	var tp TitleDuties
	for _, part := range titleParts(jobTitle) {
		pl, ok := jobTitles[plainTitle(part)]
		if !ok {
			tp.Unplaced = append(tp.Unplaced, part)
			continue
		}
		if !slices.Contains(tp.Duties, pl.duty) {
			tp.Duties = append(tp.Duties, pl.duty)
		}
		if !slices.Contains(tp.Roles, pl.role) {
			tp.Roles = append(tp.Roles, pl.role)
		}
	}
	if len(tp.Duties) == 0 {
		for _, part := range titleParts(department) {
			if pl, ok := jobTitles[plainTitle(part)]; ok && !slices.Contains(tp.Duties, pl.duty) {
				tp.Duties = append(tp.Duties, pl.duty)
				if pl.duty == Duty(RoleCast) {
					tp.Roles = append(tp.Roles, RoleCast)
				}
			}
		}
		if len(tp.Duties) > 0 {
			tp.Unplaced = nil
		}
	}
	return tp
}

// OtherDuties returns the duties the title says besides the armorer's own
// work: those FA-4 forbids an armorer.
func (tp TitleDuties) OtherDuties() []Duty {
	var out []Duty
	for _, d := range tp.Duties {
		if !d.armorerWork() {
			out = append(out, d)
		}
	}
	return out
}

// titleParts splits a job title at the marks that join two jobs: "/",
// "&", "+", ",", ";", "|", a dash between spaces, "and", "y". A part that
// is only a Spanish ending ("Armero/a") belongs to the part before it.
// dashes and possessives are the replacers titles are read with, made
// once: a replacer costs more to build than to run.
var (
	dashes      = strings.NewReplacer(" - ", "/", " – ", "/", " — ", "/")
	possessives = strings.NewReplacer("'s ", " ", "’s ", " ")
)

func titleParts(title string) []string {
	title = dashes.Replace(title)
	var parts []string
	for _, p := range strings.FieldsFunc(title, func(r rune) bool { return strings.ContainsRune("/&+,;|", r) }) {
		parts = append(parts, splitWords(p)...)
	}
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch strings.ToLower(p) {
		case "":
			continue
		case "a", "o", "as", "os", "la", "el":
			if len(out) > 0 {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// splitWords splits a part at the words "and", "y" and "e".
func splitWords(s string) []string {
	words := strings.Fields(s)
	var out []string
	start := 0
	for i, w := range words {
		switch strings.ToLower(w) {
		case "and", "y", "e":
			if i > start {
				out = append(out, strings.Join(words[start:i], " "))
			}
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, strings.Join(words[start:], " "))
	}
	return out
}

// abbreviations are the short forms of words in job titles, and what they
// stand for.
var abbreviations = map[string]string{
	"asst": "assistant", "ast": "assistant", "assist": "assistant", "assistants": "assistant",
	"asist": "asistente", "asistenta": "asistente", "aux": "asistente", "auxiliar": "asistente", "ayte": "ayudante", "ayudanta": "ayudante",
	"first": "1st", "coord": "coordinator", "co": "", "ordinator": "coordinator", "supv": "supervisor", "sup": "supervisor",
	"armourer": "armorer", "armourers": "armorer", "armorers": "armorer", "armoury": "armory",
	"prop": "props", "fx": "effects", "efx": "effects", "spfx": "special effects",
	"stuntperson": "stunt performer", "mgr": "manager", "dir": "director", "dept": "department",
	"atrezzo": "atrezo", "atrezzista": "atrezista",
}

// modifiers are words of rank that do not change the duty.
var modifiers = map[string]bool{"key": true, "head": true, "lead": true, "chief": true, "senior": true, "sr": true}

// plainTitle writes a job title in one spelling: lower case, without
// accents or punctuation, abbreviations spelled out, words of rank left
// out, so that "Key Asst. Props" and "assistant props" are the same.
func plainTitle(s string) string {
	s = possessives.Replace(strings.ToLower(s) + " ")
	var words []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = withoutAccents(w)
		if full, ok := abbreviations[w]; ok {
			w = full
		}
		if w == "" || modifiers[w] {
			continue
		}
		words = append(words, w)
	}
	out := strings.Join(words, " ")
	// "co-ordinator" and "Co-ord." become two words; one is enough.
	out = strings.ReplaceAll(out, "coordinator coordinator", "coordinator")
	// "property master" and "props master" are the same job.
	out = strings.ReplaceAll(out, "property master", "props master")
	if rest, ok := strings.CutPrefix(out, "1st assistant director"); ok && rest == "" {
		out = "1st ad"
	}
	return out
}

var accents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n", "à", "a", "è", "e", "ò", "o", "ç", "c")

func withoutAccents(w string) string { return accents.Replace(w) }
