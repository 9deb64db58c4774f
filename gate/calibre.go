package gate

import (
	"slices"
	"strings"
)

// A firearm is loaded only with rounds it is chambered for (AM-4): each
// lot records its calibre, and the gate compares it with the firearm's.
// People write one calibre many ways (".45 Colt", "45 LC", ".45 Long
// Colt"), so both are first put in one spelling; some calibres also take
// another's rounds (a .357 Magnum revolver fires .38 Special), which the
// table of compatible calibres lists, and a profile may add to.

// calibreNames maps the spellings of each calibre, as normalised, to the
// calibre's own name.
var calibreNames = map[string]string{}

// calibres are the calibres the gate knows, each with its other spellings.
var calibres = map[string][]string{
	".45 Colt":        {"45 colt", "45 lc", "45 long colt"},
	".44-40":          {"44-40", "44-40 wcf", "44 wcf", "44 winchester", "44-40 winchester"},
	".44 Special":     {"44 special", "44 spl", "44 s&w special"},
	".44 Magnum":      {"44 magnum", "44 mag", "44 rem mag", "44 remington magnum"},
	".38 Special":     {"38 special", "38 spl", "38 s&w special"},
	".357 Magnum":     {"357 magnum", "357 mag", "357"},
	".45 ACP":         {"45 acp", "45 auto", "11.43x23", "11.43x23mm"},
	"9mm Luger":       {"9mm", "9 mm", "9x19", "9x19mm", "9mm luger", "9mm parabellum", "9mm para"},
	"9mm PAK":         {"9mm pak", "9 mm pak", "9mm pa", "9mm r.k.", "9mm rk"},
	".380 ACP":        {"380 acp", "380 auto", "9mm short", "9x17", "9mm kurz"},
	"5.56x45mm NATO":  {"5.56", "5.56x45", "5.56x45mm", "5.56 nato", "5.56x45mm nato"},
	".223 Remington":  {"223", "223 rem", "223 remington"},
	"7.62x39mm":       {"7.62x39", "7.62x39mm"},
	"7.62x51mm NATO":  {"7.62x51", "7.62x51mm", "7.62 nato", "7.62x51mm nato"},
	".308 Winchester": {"308", "308 win", "308 winchester"},
	"12 gauge":        {"12 gauge", "12 ga", "12ga", "12g", "12 bore"},
	".22 LR":          {"22 lr", "22 long rifle", "22lr"},
	"8mm blank":       {"8mm blank", "8 mm blank"},
}

// compatibleCalibres are pairs of a firearm's calibre and another calibre
// whose rounds it takes.
var compatibleCalibres = [][2]string{
	{".357 Magnum", ".38 Special"},
	{".44 Magnum", ".44 Special"},
	{"5.56x45mm NATO", ".223 Remington"},
	{".308 Winchester", "7.62x51mm NATO"},
	{"7.62x51mm NATO", ".308 Winchester"},
}

func init() {
	for name, others := range calibres {
		calibreNames[normalCalibre(name)] = name
		for _, o := range others {
			calibreNames[normalCalibre(o)] = name
		}
	}
}

// normalCalibre puts a calibre in one spelling: lower case, without a
// leading dot, "calibre" or "cal.", and with single spaces.
func normalCalibre(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, w := range []string{"calibre", "caliber", "cal."} {
		s = strings.ReplaceAll(s, w, " ")
	}
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimPrefix(s, ".")
	s = strings.ReplaceAll(s, " x ", "x")
	return s
}

// Calibre returns a calibre's own name, such as ".45 Colt" for "45 LC",
// or the calibre as written, trimmed, when the gate does not know it.
func Calibre(s string) string {
	if name, ok := calibreNames[normalCalibre(s)]; ok {
		return name
	}
	return strings.TrimSpace(s)
}

// SameCalibre says whether two spellings name one calibre.
func SameCalibre(a, b string) bool {
	na, nb := normalCalibre(a), normalCalibre(b)
	if na == nb {
		return true
	}
	ca, okA := calibreNames[na]
	cb, okB := calibreNames[nb]
	return okA && okB && ca == cb
}

// Takes says whether a firearm of one calibre may be loaded with rounds of
// another: the same calibre, or a pair of the table or of extra, the
// profile's pairs (firearm's calibre first).
func Takes(firearm, rounds string, extra [][2]string) bool {
	if SameCalibre(firearm, rounds) {
		return true
	}
	return slices.ContainsFunc(slices.Concat(compatibleCalibres, extra), func(p [2]string) bool {
		return SameCalibre(p[0], firearm) && SameCalibre(p[1], rounds)
	})
}

func checkCalibre(c *decision) {
	if c.a.Kind != Load {
		return
	}
	f, l := c.firearm(), c.s.Lots[c.a.Lot]
	if f == nil || l == nil || strings.TrimSpace(f.Calibre) == "" {
		return
	}
	if !Takes(f.Calibre, l.Calibre, c.s.Rules.Params.CalibrePairs) {
		c.fail("Lot %s holds %s rounds and %s is chambered for %s; they are not compatible, so its rounds cannot be loaded", l.Label, Calibre(l.Calibre), c.firearmName(), Calibre(f.Calibre))
	}
}
