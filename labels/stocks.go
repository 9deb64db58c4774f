package labels

import (
	"fmt"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/pdf"
)

// Stock is the geometry of a sheet of labels, in millimetres, as its
// maker publishes it: the first label's top left corner is Left, Top
// from the sheet's; the next label across starts Across further right,
// the next down Down further down.
type Stock struct {
	ID            string
	Paper         pdf.Paper
	Columns, Rows int
	Width, Height float64 // of one label
	Left, Top     float64 // page margins to the first label
	Across, Down  float64 // pitch: from one label's corner to the next's
}

// inch is an inch in millimetres.
const inch = 25.4

// stocks are the geometries of setsafe.LabelStocks.
var stocks = []Stock{
	{ID: "a4-3x8", Paper: pdf.A4, Columns: 3, Rows: 8, Width: 70, Height: 37, Left: 0, Top: 0.5, Across: 70, Down: 37},
	{ID: "avery-l7160", Paper: pdf.A4, Columns: 3, Rows: 7, Width: 63.5, Height: 38.1, Left: 7.25, Top: 15.15, Across: 66, Down: 38.1},
	{ID: "avery-l7163", Paper: pdf.A4, Columns: 2, Rows: 7, Width: 99.1, Height: 38.1, Left: 4.65, Top: 15.15, Across: 101.6, Down: 38.1},
	{ID: "avery-5160", Paper: pdf.Letter, Columns: 3, Rows: 10, Width: 2.625 * inch, Height: 1 * inch,
		Left: 0.1875 * inch, Top: 0.5 * inch, Across: 2.75 * inch, Down: 1 * inch},
	{ID: "avery-5163", Paper: pdf.Letter, Columns: 2, Rows: 5, Width: 4 * inch, Height: 2 * inch,
		Left: 0.15625 * inch, Top: 0.5 * inch, Across: 4.1875 * inch, Down: 2 * inch},
}

// StockByID is the stock with an ID, or an error naming the known ones.
func StockByID(id string) (Stock, error) {
	for _, s := range stocks {
		if s.ID == id {
			return s, nil
		}
	}
	return Stock{}, fmt.Errorf("labels: unknown label stock %q: use one of %s", id, setsafe.LabelStockIDs())
}

// PerSheet is how many labels a sheet holds.
func (s Stock) PerSheet() int { return s.Columns * s.Rows }

// Cell is the top left corner of the label in place n (from 0, across
// then down) of a sheet.
func (s Stock) Cell(n int) (x, y float64) {
	n %= s.PerSheet()
	return s.Left + float64(n%s.Columns)*s.Across, s.Top + float64(n/s.Columns)*s.Down
}

// Stocks are the geometries of every stock, in the order of
// setsafe.LabelStocks.
func Stocks() []Stock { return append([]Stock(nil), stocks...) }
