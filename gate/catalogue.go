package gate

import (
	"slices"
)

// RuleID is a rule's stable identifier in the safety rule catalogue, such
// as "FA-6".
type RuleID string

// The rules the gate checks.
const (
	AM1  RuleID = "AM-1"  // no live ammunition on a set
	AM3  RuleID = "AM-3"  // dummy rounds provably inert
	AM4  RuleID = "AM-4"  // ammunition from recorded lots only
	FA2  RuleID = "FA-2"  // always secured or in a named person's custody
	FA3  RuleID = "FA-3"  // only the armorer hands firearms out and takes them back, both confirming by PIN
	FA4  RuleID = "FA-4"  // the armorer has no other duties
	FA5  RuleID = "FA-5"  // enough armorers for the firearms out
	FA6  RuleID = "FA-6"  // shown clear to the performer and the 1st AD
	FA7  RuleID = "FA-7"  // out of service after a misfire or malfunction
	FA8  RuleID = "FA-8"  // back to the armorer between takes (an alert)
	FA9  RuleID = "FA-9"  // a plan for any shot toward a person
	FA11 RuleID = "FA-11" // no personal firearms
	FA12 RuleID = "FA-12" // everything accounted for at wrap
	PR1  RuleID = "PR-1"  // a safety meeting today
	PR2  RuleID = "PR-2"  // handlers trained
	PR3  RuleID = "PR-3"  // armorers licensed
	PR5  RuleID = "PR-5"  // a named safety compliance contact
	WS1  RuleID = "WS-1"  // every discharge investigated
	WS2  RuleID = "WS-2"  // repeated warning signs stop the work
	WS3  RuleID = "WS-3"  // an open critical concern stops the work it names
	WS4  RuleID = "WS-4"  // a stop-work stops the work
	WS6  RuleID = "WS-6"  // repeated incidents stop the work they concern
	HZ1  RuleID = "HZ-1"  // each hazard of a set-up briefed at today's meeting
	MD1  RuleID = "MD-1"  // a medic on site for the hazards that need one
)

// Source is a rulebook a rule comes from.
type Source string

// Rulebooks, as abbreviated in the catalogue.
const (
	SourceSB1 Source = "SB1" // US Industry-Wide Labor-Management Safety Committee, Safety Bulletin #1
	// SourceBulletins are the committee's other safety bulletins, each
	// hazard's cited by its number.
	SourceBulletins Source = "SB"
	SourceCA        Source = "CA"   // California Labor Code §§9150–9161
	SourceMB22      Source = "MB22" // Manitoba film industry Guideline 22
	SourceON39      Source = "ON39" // Ontario film and television Guideline 39
	SourceAU        Source = "AU"   // Australian National Guidelines for Screen Safety
	SourceUK        Source = "UK"   // UK armourers' standard and HSE guidance
)

// Rule is one entry of the catalogue.
type Rule struct {
	ID RuleID
	// Title says what the rule asks, in a line.
	Title string
	// Sources are the rulebooks that demand it. A profile whose rulebooks
	// include one of them makes the rule mandatory.
	Sources []Source
	// Alert is true for a rule the gate watches rather than enforces: it
	// is reported, but does not make an action NO-GO.
	Alert bool
}

// Catalogue lists the rules the gate knows, in catalogue order.
var Catalogue = []Rule{
	{ID: AM1, Title: "No live ammunition on a set, stage or lot.", Sources: []Source{SourceSB1, SourceCA, SourceAU, SourceON39, SourceMB22}},
	{ID: AM3, Title: "Every dummy round is provably inert before it is loaded.", Sources: []Source{SourceAU}},
	{ID: AM4, Title: "Ammunition comes only from recorded lots, with source, headstamp, type and count.", Sources: nil},
	{ID: FA2, Title: "A firearm is always secured or in a named person's custody.", Sources: []Source{SourceCA, SourceMB22}},
	{ID: FA3, Title: "Only the armorer hands a firearm to a performer and takes it back; the giver and the receiver each confirm with their own PIN.", Sources: []Source{SourceCA}},
	{ID: FA4, Title: "The armorer has no other duties while firearms are out.", Sources: []Source{SourceCA, SourceMB22, SourceAU}},
	{ID: FA5, Title: "Enough qualified armorers for the firearms in use.", Sources: []Source{SourceCA}},
	{ID: FA6, Title: "Shown clear, every chamber, to the performer and the 1st AD just before issue.", Sources: []Source{SourceMB22, SourceON39}},
	{ID: FA7, Title: "A firearm that misfired or malfunctioned is out of service until a qualified armorer inspects it, sees its bore clear and puts it back.", Sources: []Source{SourceUK}},
	{ID: FA8, Title: "A firearm goes back to the armorer between takes.", Sources: []Source{SourceSB1}, Alert: true},
	{ID: FA9, Title: "A shot toward a person has a recorded plan: shields, distance, remote camera, people cleared.", Sources: []Source{SourceSB1, SourceAU, SourceON39}},
	{ID: FA11, Title: "Firearms enter only through the armorer's receiving record.", Sources: []Source{SourceMB22}},
	{ID: FA12, Title: "Everything is accounted for at wrap; a discrepancy stops the next issues.", Sources: []Source{SourceMB22}},
	{ID: PR1, Title: "A safety meeting today, before the work, with the people involved.", Sources: []Source{SourceSB1, SourceCA}},
	{ID: PR2, Title: "Everyone who handles a firearm is trained.", Sources: []Source{SourceCA}},
	{ID: PR3, Title: "Armorers hold a current permit or licence.", Sources: []Source{SourceCA, SourceAU, SourceUK}},
	{ID: PR5, Title: "The production has named a safety compliance contact.", Sources: []Source{SourceCA}},
	{ID: WS1, Title: "Every misfire or discharge is investigated before the firearm is used again.", Sources: []Source{SourceUK}},
	{ID: WS2, Title: "Repeated misfires or discharges stop firearm work until a review is signed off.", Sources: nil},
	{ID: WS6, Title: "Repeated incidents of one kind, hazard, department, firearm or person raise a warning up the ladder; those of a firearm, a hazard or a person stop that work until a review is signed off.", Sources: nil},
	{ID: WS3, Title: "An open critical concern stops the set-ups, hazard or location it names until the safety coordinator decides on it; where the production says so, any critical concern stops all work.", Sources: nil},
	{ID: WS4, Title: "A stop-work in force stops the work in its scope.", Sources: []Source{SourceCA}},
	{ID: HZ1, Title: "Each hazard of a set-up was briefed at today's safety meeting, every topic of its bulletin, with the people it needs on site attending.", Sources: []Source{SourceSB1, SourceBulletins}},
	{ID: MD1, Title: "A medic is on site for every set-up with a hazard the profile names (stunts, pyrotechnics, vehicles, water, railroads and aircraft by default).", Sources: []Source{SourceBulletins}},
}

// Baseline lists the rules no production can switch off, whatever its
// profile: each breaks a link of the chain that killed Halyna Hutchins on
// the Rust set in 2021.
var Baseline = []RuleID{AM1, AM3, AM4, FA2, FA3, FA6, FA7, WS1, WS2, WS3, WS4, WS6}

// Lookup returns the catalogue entry of a rule.
func Lookup(id RuleID) (Rule, bool) {
	i := slices.IndexFunc(Catalogue, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	return Catalogue[i], true
}
