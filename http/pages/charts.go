package pages

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Charts drawn on the server as inline SVG, so that a dashboard needs no
// script and weighs little: a stacked bar chart of counts by day (concerns
// per day, stacked by severity) and a horizontal bar chart of counts by
// category (incidents by kind, refusals by rule). Each is an image with
// its title as its accessible name; the page puts beside it a table of
// the same numbers (parts/charts.html), and its series are told apart by
// hatching and by their names in the legend as well as by colour.
//
// A chart keeps its words in English; the page's catalogue translates them
// as the chart is drawn (the template function "chart").

// The geometry of the charts, in the SVG's own units: the drawing scales
// to the width of the screen.
const (
	chartWidth = 320
	// Stacked bars: room on the left for the scale, below for the days.
	stackLeft, stackRight, stackTop, stackBottom = 28, 4, 8, 22
	stackHeight                                  = 180
	stackPlotWidth                               = chartWidth - stackLeft - stackRight
	stackPlotHeight                              = stackHeight - stackTop - stackBottom
	// stackGap is the share of a day's slot left between two bars.
	stackGap = 0.2
	// stackDayLabels is the most day labels under the bars.
	stackDayLabels = 7
	// Horizontal bars: a row is a label, then its bar with its value.
	barRow       = 34
	barThickness = 14
	// barValueRoom is kept on the right for the value after the longest bar.
	barValueRoom = 44
	barPlotWidth = chartWidth - barValueRoom
	// barLabelRunes is the most characters of a label drawn; the table
	// beside the chart says it whole.
	barLabelRunes = 50
	emptyHeight   = 40
)

// svgChart is a chart the template function "chart" draws, its words put
// into the page's language by tr.
type svgChart interface {
	svg(tr func(string) string) template.HTML
}

// chartSeries is one part of a stacked bar or one kind of bar: a
// severity, with its title in English.
type chartSeries struct {
	Key, Title string
}

// stackedChart counts something by day, each day's bar stacked by series.
type stackedChart struct {
	// ID is unique on the page: the chart's hatchings are named after it.
	ID    string
	Title string
	// Empty says, in English, that nothing was counted.
	Empty  string
	Series []chartSeries
	Days   []stackedDay
}

// stackedDay is one day of a stacked chart: its counts in the order of
// the chart's series.
type stackedDay struct {
	Day    string
	Counts []int
}

// Total adds up a day's counts.
func (d stackedDay) Total() int {
	n := 0
	for _, c := range d.Counts {
		n += c
	}
	return n
}

// Total adds up every count of the chart.
func (c stackedChart) Total() int {
	n := 0
	for _, d := range c.Days {
		n += d.Total()
	}
	return n
}

// Swatch is the small square of a series' fill, for the legend.
func (c stackedChart) Swatch(key string) template.HTML { return swatch(c.ID, key) }

// barChart is a horizontal bar per category.
type barChart struct {
	ID, Title string
	// Empty says, in English, that nothing was counted.
	Empty string
	// ValueTitle heads the table's column of values ("How many");
	// ExtraTitle, when not "", a column of the bars' Extra.
	ValueTitle, ExtraTitle string
	Bars                   []chartBar
}

// chartBar is one bar: its label, drawn above it and said in the table,
// with Detail after it (a rule's title), cut short in the drawing and
// whole in the table; its value, and the value as the page says it.
type chartBar struct {
	Label, Detail string
	Value         float64
	Text          string
	// Series, when not "", fills the bar with that series' hatching.
	Series string
	// Extra is the bar's cell in the table's column ExtraTitle.
	Extra string
}

// svg draws the stacked bars: a bar per day, its series from the bottom
// up in the order of the chart's series, scaled so that the day with the
// most fills the height; the scale's top and zero on the left, and some
// of the days (MM-DD) below.
func (c stackedChart) svg(tr func(string) string) template.HTML {
	var b strings.Builder
	title := tr(c.Title)
	if len(c.Days) == 0 || c.Total() == 0 {
		openSVG(&b, emptyHeight, title)
		b.WriteString(`<text x="0" y="24" class="chart-text">` + esc(tr(c.Empty)) + `</text></svg>`)
		return template.HTML(b.String())
	}
	openSVG(&b, stackHeight, title)
	writeHatchings(&b, c.ID, c.Series)
	top := 0
	for _, d := range c.Days {
		top = max(top, d.Total())
	}
	base := float64(stackTop + stackPlotHeight)
	unit := float64(stackPlotHeight) / float64(top)
	slot := float64(stackPlotWidth) / float64(len(c.Days))
	width := slot * (1 - stackGap)
	// The scale: a line at the top count and at zero, with their numbers.
	b.WriteString(`<g class="chart-scale">`)
	b.WriteString(`<line x1="` + num(stackLeft) + `" x2="` + num(chartWidth-stackRight) + `" y1="` + num(stackTop) + `" y2="` + num(stackTop) + `"/>`)
	b.WriteString(`<line x1="` + num(stackLeft) + `" x2="` + num(chartWidth-stackRight) + `" y1="` + num(base) + `" y2="` + num(base) + `"/>`)
	b.WriteString(`</g>`)
	b.WriteString(`<text x="` + num(stackLeft-4) + `" y="` + num(stackTop+4) + `" class="chart-text chart-end">` + strconv.Itoa(top) + `</text>`)
	b.WriteString(`<text x="` + num(stackLeft-4) + `" y="` + num(base+4) + `" class="chart-text chart-end">0</text>`)
	for i, d := range c.Days {
		x := float64(stackLeft) + slot*float64(i) + slot*stackGap/2
		y := base
		for j, n := range d.Counts {
			if n == 0 || j >= len(c.Series) {
				continue
			}
			h := unit * float64(n)
			y -= h
			b.WriteString(`<rect x="` + num(x) + `" y="` + num(y) + `" width="` + num(width) + `" height="` + num(h) + `" fill="url(#` + hatchID(c.ID, c.Series[j].Key) + `)"/>`)
		}
	}
	step := (len(c.Days) + stackDayLabels - 1) / stackDayLabels
	for i := 0; i < len(c.Days); i += step {
		day := c.Days[i].Day
		if _, err := time.Parse(time.DateOnly, day); err == nil {
			day = day[len("2006-"):] // the month and day are enough under a chart
		}
		x := float64(stackLeft) + slot*(float64(i)+0.5)
		b.WriteString(`<text x="` + num(x) + `" y="` + num(stackHeight-6) + `" class="chart-text chart-middle">` + esc(day) + `</text>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// svg draws the horizontal bars: a row per bar, its label above it and
// its value after it, the longest bar the width of the drawing less room
// for its value.
func (c barChart) svg(tr func(string) string) template.HTML {
	var b strings.Builder
	title := tr(c.Title)
	top := 0.0
	for _, bar := range c.Bars {
		top = math.Max(top, length(bar.Value))
	}
	if len(c.Bars) == 0 {
		openSVG(&b, emptyHeight, title)
		b.WriteString(`<text x="0" y="24" class="chart-text">` + esc(tr(c.Empty)) + `</text></svg>`)
		return template.HTML(b.String())
	}
	openSVG(&b, barRow*len(c.Bars)+4, title)
	var series []chartSeries
	for _, bar := range c.Bars {
		if bar.Series != "" {
			series = append(series, chartSeries{Key: bar.Series})
		}
	}
	writeHatchings(&b, c.ID, series)
	for i, bar := range c.Bars {
		row := float64(barRow * i)
		label := tr(bar.Label)
		if bar.Detail != "" {
			label += " · " + tr(bar.Detail)
		}
		b.WriteString(`<text x="0" y="` + num(row+12) + `" class="chart-text">` + esc(clip(label, barLabelRunes)) + `</text>`)
		w, v := 0.0, length(bar.Value)
		if top > 0 {
			w = v / top * barPlotWidth
		}
		if v > 0 {
			w = math.Max(w, 1) // a bar of its own, however small
			fill := `class="chart-bar"`
			if bar.Series != "" {
				fill = `fill="url(#` + hatchID(c.ID, bar.Series) + `)"`
			}
			b.WriteString(`<rect x="0" y="` + num(row+16) + `" width="` + num(w) + `" height="` + num(barThickness) + `" ` + fill + `/>`)
		}
		b.WriteString(`<text x="` + num(w+4) + `" y="` + num(row+27) + `" class="chart-text">` + esc(bar.Text) + `</text>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// length is how long a value's bar is drawn: none for a value that is
// not a number, infinite or below zero, which a count or a mean never is.
func length(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// openSVG begins a chart's drawing: an image named by its title.
func openSVG(b *strings.Builder, height int, title string) {
	t := esc(title)
	b.WriteString(`<svg class="chart-svg" viewBox="0 0 ` + strconv.Itoa(chartWidth) + ` ` + strconv.Itoa(height) + `" role="img" aria-label="` + t + `"><title>` + t + `</title>`)
}

// hatchings fill each severity so that it is told apart without its
// colour: critical with dense diagonal stripes, high with dots, normal
// plain; any other series plain.
var hatchings = map[string]string{
	"critical": `<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" class="hatch-line"/>`,
	"high":     `<circle cx="3" cy="3" r="1.3" class="hatch-dot"/>`,
}

// writeHatchings defines the fills of the series, named after the chart.
func writeHatchings(b *strings.Builder, id string, series []chartSeries) {
	if len(series) == 0 {
		return
	}
	b.WriteString(`<defs>`)
	seen := map[string]bool{}
	for _, s := range series {
		if seen[s.Key] {
			continue
		}
		seen[s.Key] = true
		b.WriteString(`<pattern id="` + hatchID(id, s.Key) + `" width="6" height="6" patternUnits="userSpaceOnUse">`)
		b.WriteString(`<rect width="6" height="6" class="fill-` + safeID(s.Key) + `"/>` + hatchings[s.Key] + `</pattern>`)
	}
	b.WriteString(`</defs>`)
}

// swatch is a small square filled as a series of a chart is, for its
// legend; the series' name beside it says what it is.
func swatch(id, key string) template.HTML {
	return template.HTML(`<svg class="swatch" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill="url(#` +
		hatchID(id, key) + `)"/></svg>`)
}

// hatchID names a series' fill in a chart.
func hatchID(chart, key string) string { return safeID(chart) + "-fill-" + safeID(key) }

// inlineBar is a small bar for a table's cell, as long against the
// longest of its column as its value against theirs; the number beside it
// says the value, so the bar is hidden from screen readers.
func inlineBar(value, longest int) template.HTML {
	const w, h = 60, 8
	var b strings.Builder
	b.WriteString(`<svg class="spark" viewBox="0 0 ` + strconv.Itoa(w) + ` ` + strconv.Itoa(h) + `" aria-hidden="true" focusable="false">`)
	if value > 0 && longest > 0 {
		b.WriteString(`<rect width="` + num(math.Max(float64(min(value, longest))/float64(longest)*w, 1)) + `" height="` + strconv.Itoa(h) + `" class="chart-bar"/>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// num writes a coordinate to two decimal places, without trailing zeros.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// esc escapes text for an SVG element or attribute.
func esc(s string) string { return template.HTMLEscapeString(s) }

// safeID keeps letters, digits and dashes of a name, for an element's ID.
func safeID(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '-'
	}, s)
}

// clip shortens text to n characters, ending with an ellipsis when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
