package pages

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/setsafe/setsafe/dashboard"
)

// svgShape is a rectangle or a text of a drawn chart, as parsed back.
type svgShape struct {
	Kind                     string
	X, Y, Width, Height      string
	Fill, Class, Text, Label string
}

// parseSVG parses a drawn chart as XML, failing the test if it is not
// well formed, and returns its root's role and label, its title, and its
// rectangles and texts in document order (those of its hatchings left
// out).
func parseSVG(t *testing.T, svg string) (role, label, title string, shapes []svgShape) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	inDefs, inTitle := false, false
	var text *svgShape
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("the chart is not well-formed SVG: %v\n%s", err, svg)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range e.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch e.Name.Local {
			case "svg":
				role, label = attr["role"], attr["aria-label"]
			case "defs":
				inDefs = true
			case "title":
				inTitle = true
			case "rect":
				if !inDefs {
					shapes = append(shapes, svgShape{Kind: "rect", X: attr["x"], Y: attr["y"], Width: attr["width"], Height: attr["height"], Fill: attr["fill"], Class: attr["class"]})
				}
			case "text":
				shapes = append(shapes, svgShape{Kind: "text", X: attr["x"], Y: attr["y"], Class: attr["class"]})
				text = &shapes[len(shapes)-1]
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "defs":
				inDefs = false
			case "title":
				inTitle = false
			case "text":
				text = nil
			}
		case xml.CharData:
			if inTitle {
				title += string(e)
			}
			if text != nil {
				text.Text += string(e)
			}
		}
	}
	return role, label, title, shapes
}

// only returns the shapes of a kind.
func only(shapes []svgShape, kind string) []svgShape {
	var out []svgShape
	for _, s := range shapes {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

func english(s string) string { return s }

// TestStackedChartGeometry checks the bars of known counts against the
// chart's geometry worked out by hand: the plot is 288 wide from x=28 and
// 150 high from y=8 (its base at y=158); with 3 days a day's slot is 96
// wide, its bar 76.8 after a gap of 9.6; the day with most (4) fills the
// height, 37.5 a concern.
func TestStackedChartGeometry(t *testing.T) {
	c := stackedChart{ID: "concerns", Title: "Concerns per day", Empty: "None", Series: concernSeries, Days: []stackedDay{
		{Day: "2026-12-01", Counts: []int{1, 0, 0}},
		{Day: "2026-12-02", Counts: []int{2, 2, 0}},
		{Day: "2026-12-03", Counts: []int{0, 1, 0}},
	}}
	role, label, title, shapes := parseSVG(t, string(c.svg(english)))
	if role != "img" || label != "Concerns per day" || title != "Concerns per day" {
		t.Errorf("role %q, label %q, title %q: want an image named by its title", role, label, title)
	}
	want := []svgShape{
		{Kind: "rect", X: "37.6", Y: "120.5", Width: "76.8", Height: "37.5", Fill: "url(#concerns-fill-critical)"},
		{Kind: "rect", X: "133.6", Y: "83", Width: "76.8", Height: "75", Fill: "url(#concerns-fill-critical)"},
		{Kind: "rect", X: "133.6", Y: "8", Width: "76.8", Height: "75", Fill: "url(#concerns-fill-high)"},
		{Kind: "rect", X: "229.6", Y: "120.5", Width: "76.8", Height: "37.5", Fill: "url(#concerns-fill-high)"},
	}
	rects := only(shapes, "rect")
	if len(rects) != len(want) {
		t.Fatalf("%d bars drawn, want %d (none for a count of 0): %+v", len(rects), len(want), rects)
	}
	for i := range want {
		if rects[i] != want[i] {
			t.Errorf("bar %d: %+v, want %+v", i, rects[i], want[i])
		}
	}
	var texts []string
	for _, s := range only(shapes, "text") {
		texts = append(texts, s.Text)
	}
	if got := strings.Join(texts, " "); got != "4 0 12-01 12-02 12-03" {
		t.Errorf("the chart's words: %q, want the scale (4, 0) and each day", got)
	}
	if c.Total() != 6 || c.Days[1].Total() != 4 {
		t.Errorf("totals: chart %d, day 2 %d; want 6 and 4", c.Total(), c.Days[1].Total())
	}
	if got := string(c.Swatch("high")); !strings.Contains(got, `fill="url(#concerns-fill-high)"`) || !strings.Contains(got, `aria-hidden="true"`) {
		t.Errorf("the legend's swatch of high: %s", got)
	}
}

// TestStackedChartDayLabels: at most 7 days are labelled under the bars,
// evenly: every day of a week, every 5th of 30, every 13th of 90.
func TestStackedChartDayLabels(t *testing.T) {
	for _, tt := range []struct{ days, labels int }{{1, 1}, {7, 7}, {8, 4}, {30, 6}, {90, 7}} {
		c := stackedChart{ID: "c", Series: concernSeries}
		for i := range tt.days {
			c.Days = append(c.Days, stackedDay{Day: fmt.Sprintf("2026-01-%02d", i%28+1), Counts: []int{1, 0, 0}})
		}
		_, _, _, shapes := parseSVG(t, string(c.svg(english)))
		if n := len(only(shapes, "text")) - 2; n != tt.labels { // less the scale's two
			t.Errorf("%d days: %d labelled, want %d", tt.days, n, tt.labels)
		}
		if n := len(only(shapes, "rect")); n != tt.days {
			t.Errorf("%d days: %d bars", tt.days, n)
		}
	}
}

// TestBarChartGeometry checks horizontal bars of known values: the longest
// is 276 wide (320 less 44 kept for its value), the others in proportion,
// a row every 34 with the bar 16 below the row's top.
func TestBarChartGeometry(t *testing.T) {
	c := barChart{ID: "kinds", Title: "Incidents by kind", Bars: []chartBar{
		{Label: "Near miss", Value: 4, Text: "4"},
		{Label: "Fire", Value: 2, Text: "2"},
		{Label: "Vehicle", Value: 1, Text: "1"},
		{Label: "Tiny", Value: 0.001, Text: "0"},
	}}
	svg := string(c.svg(english))
	if !strings.Contains(svg, `viewBox="0 0 320 140"`) {
		t.Errorf("the drawing is not 4 rows of 34 and 4 high: %s", svg)
	}
	_, _, _, shapes := parseSVG(t, svg)
	want := []struct{ y, width string }{{"16", "276"}, {"50", "138"}, {"84", "69"}, {"118", "1"}} // the tiny one still shows
	rects := only(shapes, "rect")
	if len(rects) != len(want) {
		t.Fatalf("%d bars, want %d", len(rects), len(want))
	}
	for i, w := range want {
		if rects[i].Y != w.y || rects[i].Width != w.width || rects[i].Height != "14" || rects[i].X != "0" || rects[i].Class != "chart-bar" {
			t.Errorf("bar %d: %+v, want y %s, width %s", i, rects[i], w.y, w.width)
		}
	}
	texts := only(shapes, "text")
	if texts[0].Text != "Near miss" || texts[1].Text != "4" || texts[1].X != "280" || texts[3].Text != "2" || texts[3].X != "142" {
		t.Errorf("labels and values: %+v", texts)
	}
}

// TestChartsEscapeText: words that look like markup are drawn as words,
// in the label, the title and the bars, and an ID is kept to safe
// characters.
func TestChartsEscapeText(t *testing.T) {
	evil := `<script>alert("x")</script> & "Co"`
	c := barChart{ID: `a"b<c`, Title: evil, Bars: []chartBar{{Label: evil, Value: 1, Text: "<b>1</b>", Series: `x"><script>`}}}
	svg := string(c.svg(english))
	for _, bad := range []string{"<script", "<b>", `"Co"`, `a"b`} {
		if strings.Contains(svg, bad) {
			t.Errorf("the chart has %q unescaped: %s", bad, svg)
		}
	}
	_, label, title, shapes := parseSVG(t, svg)
	if label != evil || title != evil {
		t.Errorf("label %q, title %q: want the words as written", label, title)
	}
	if texts := only(shapes, "text"); texts[0].Text != clip(evil, barLabelRunes) || texts[1].Text != "<b>1</b>" {
		t.Errorf("texts: %+v", texts)
	}
	s := stackedChart{ID: "s", Title: evil, Series: []chartSeries{{Key: "critical", Title: evil}}, Days: []stackedDay{{Day: `<i>`, Counts: []int{1}}}}
	if svg := string(s.svg(english)); strings.Contains(svg, "<script") || strings.Contains(svg, "<i>") {
		t.Errorf("the stacked chart has markup unescaped: %s", svg)
	}
}

// TestChartsEmpty: with nothing counted a chart says so in words, draws
// no bar and no scale, and never divides by zero.
func TestChartsEmpty(t *testing.T) {
	charts := map[string]svgChart{
		"no days":       stackedChart{ID: "a", Title: "T", Empty: "Nothing counted.", Series: concernSeries},
		"days of zeros": stackedChart{ID: "b", Title: "T", Empty: "Nothing counted.", Series: concernSeries, Days: []stackedDay{{Day: "2026-12-01", Counts: []int{0, 0, 0}}}},
		"no bars":       barChart{ID: "c", Title: "T", Empty: "Nothing counted."},
	}
	for name, c := range charts {
		svg := string(c.svg(english))
		_, _, _, shapes := parseSVG(t, svg)
		texts := only(shapes, "text")
		if len(only(shapes, "rect")) != 0 || len(texts) != 1 || texts[0].Text != "Nothing counted." || strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("%s: %s", name, svg)
		}
	}
}

// TestChartsSpeakThePagesLanguage: the title, the empty chart's words and
// the labels go through the page's catalogue; values and rule IDs stay.
func TestChartsSpeakThePagesLanguage(t *testing.T) {
	cats, err := loadCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	es := cats["es"].text
	c := chartsOf("", dashboard.Totals{Refusals: map[string]int{"FA-3": 2}, Acknowledged: map[string]int{"critical": 1}, AckMinutes: map[string]float64{"critical": 12.25}})
	refusals := string(c.Refusals.svg(es))
	if !strings.Contains(refusals, "Rechazos del control, por regla") || !strings.Contains(refusals, "FA-3 · Solo el armero entrega") {
		t.Errorf("the refusals in Spanish: %s", refusals)
	}
	if waits := string(c.Waits.svg(es)); !strings.Contains(waits, ">Crítica<") || !strings.Contains(waits, ">12.3<") {
		t.Errorf("the waits in Spanish: %s", waits)
	}
	if alerts := string(c.Alerts.svg(es)); !strings.Contains(alerts, "Ninguna alerta en estos días.") {
		t.Errorf("no alerts, in Spanish: %s", alerts)
	}
}

// TestChartsOfTotals: a span's counts become the dashboard's charts:
// concerns by day in the order of the severities, waits of the severities
// acknowledged only, the most frequent first, rules with their titles.
func TestChartsOfTotals(t *testing.T) {
	tot := dashboard.Totals{
		Days:         []dashboard.Day{{Day: "2026-12-01", Concerns: map[string]int{"normal": 2, "critical": 1}}, {Day: "2026-12-02", Concerns: map[string]int{}}},
		Acknowledged: map[string]int{"critical": 1, "normal": 2}, AckMinutes: map[string]float64{"critical": 10, "normal": 62.5},
		Incidents: map[string]int{"fire": 1, "near_miss": 3, "vehicle": 1},
		Refusals:  map[string]int{"FA-3": 2, "PR-1": 5, "XX-9": 1},
		Alerts:    map[string]int{"duty_gap": 1},
	}
	c := chartsOf("p-", tot)
	if c.Concerns.ID != "p-concerns" || len(c.Concerns.Days) != 2 || fmt.Sprint(c.Concerns.Days[0].Counts) != "[1 0 2]" || fmt.Sprint(c.Concerns.Days[1].Counts) != "[0 0 0]" {
		t.Errorf("concerns: %+v", c.Concerns)
	}
	if len(c.Waits.Bars) != 2 || c.Waits.Bars[0].Label != "Critical" || c.Waits.Bars[0].Text != "10" || c.Waits.Bars[1].Text != "62.5" || c.Waits.Bars[1].Extra != "2" {
		t.Errorf("waits: %+v", c.Waits.Bars)
	}
	var kinds []string
	for _, b := range c.Incidents.Bars {
		kinds = append(kinds, b.Label+"="+b.Text)
	}
	if got := strings.Join(kinds, ", "); got != "Near miss=3, Fire=1, Vehicle=1" {
		t.Errorf("incidents: %s, want the most first, then by kind", got)
	}
	r := c.Refusals.Bars
	if len(r) != 3 || r[0].Label != "PR-1" || r[0].Detail != "A safety meeting today, before the work, with the people involved." || r[1].Label != "FA-3" || r[2].Label != "XX-9" || r[2].Detail != "" {
		t.Errorf("refusals: %+v", r)
	}
	if a := c.Alerts.Bars; len(a) != 1 || a[0].Label != "Firearm out with no armorer on duty (FA-2)" {
		t.Errorf("alerts: %+v", a)
	}
}

// TestInlineBar: a table's bar is as long against the longest as its
// value against theirs, and absent for nothing.
func TestInlineBar(t *testing.T) {
	for _, tt := range []struct {
		value, longest int
		width          string
	}{{3, 4, "45"}, {4, 4, "60"}, {1, 1000, "1"}, {0, 4, ""}, {5, 0, ""}} {
		_, _, _, shapes := parseSVG(t, string(inlineBar(tt.value, tt.longest)))
		rects := only(shapes, "rect")
		switch {
		case tt.width == "" && len(rects) != 0:
			t.Errorf("inlineBar(%d, %d) draws %+v, want nothing", tt.value, tt.longest, rects)
		case tt.width != "" && (len(rects) != 1 || rects[0].Width != tt.width):
			t.Errorf("inlineBar(%d, %d) draws %+v, want a bar %s wide", tt.value, tt.longest, rects, tt.width)
		}
	}
}

// TestClip: a label longer than the room is cut with an ellipsis, by
// characters, not bytes.
func TestClip(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{{"Fire", 10, "Fire"}, {"abcdefghij", 10, "abcdefghij"}, {"abcdefghijk", 10, "abcdefghi…"}, {"ñññññññññññ", 5, "ññññ…"}, {"ab cd", 4, "ab…"}} {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// FuzzChartWords: whatever the words of a chart, it is well-formed SVG
// whose texts say them (a label cut short at most).
func FuzzChartWords(f *testing.F) {
	for _, seed := range []string{"Near miss", `<script>alert("x")</script>`, "&amp; ]]> <!--", "ñ · é", ""} {
		f.Add(seed, seed, 3.0)
	}
	f.Add("T", "L", math.NaN())
	f.Add("T", "L", math.Inf(1))
	f.Add("T", "L", -2.0)
	f.Fuzz(func(t *testing.T, title, label string, value float64) {
		if !utf8.ValidString(title) || !utf8.ValidString(label) || strings.ContainsFunc(title+label, func(r rune) bool { return r < 0x20 || r == 0xFFFE || r == 0xFFFF }) {
			t.Skip("not text a page shows")
		}
		for _, c := range []svgChart{
			barChart{ID: label, Title: title, Empty: label, Bars: []chartBar{{Label: label, Value: value, Text: label}}},
			stackedChart{ID: label, Title: title, Empty: label, Series: concernSeries, Days: []stackedDay{{Day: label, Counts: []int{1, int(value) & 0xff, 0}}}},
		} {
			svg := string(c.svg(english))
			_, name, _, shapes := parseSVG(t, svg)
			if name != title {
				t.Fatalf("the chart is named %q, want %q", name, title)
			}
			for _, r := range only(shapes, "rect") {
				for _, n := range []string{r.X, r.Y, r.Width, r.Height} {
					if f, err := strconv.ParseFloat(n, 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
						t.Fatalf("a bar at %+v: %s", r, svg)
					}
				}
			}
		}
	})
}
