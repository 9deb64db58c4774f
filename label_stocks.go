package setsafe

import (
	"slices"
	"strings"
)

// LabelStock is a stock of self-adhesive label sheets that setsafe prints
// firearm and ammunition labels on: an ID and the name people buy it by.
// The labels package knows each one's geometry.
type LabelStock struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DefaultLabelStock is the stock a production prints on until it chooses
// another: A4 sheets of 3 by 8 labels of 70 by 37 mm.
const DefaultLabelStock = "a4-3x8"

// LabelStocks are the stocks labels print on: the common US Letter and
// A4 sheets.
var LabelStocks = []LabelStock{
	{"a4-3x8", "A4, 24 labels of 70 × 37 mm (3 × 8)"},
	{"avery-l7160", "Avery L7160: A4, 21 labels of 63.5 × 38.1 mm (3 × 7)"},
	{"avery-l7163", "Avery L7163: A4, 14 labels of 99.1 × 38.1 mm (2 × 7)"},
	{"avery-5160", "Avery 5160: Letter, 30 labels of 2⅝ × 1 in (3 × 10)"},
	{"avery-5163", "Avery 5163: Letter, 10 labels of 4 × 2 in (2 × 5)"},
}

// LabelStockIDs are the IDs of the label stocks, comma-separated, for
// error messages.
func LabelStockIDs() string {
	ids := make([]string, len(LabelStocks))
	for i, s := range LabelStocks {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

// KnownLabelStock says whether id names a label stock.
func KnownLabelStock(id string) bool {
	return slices.ContainsFunc(LabelStocks, func(s LabelStock) bool { return s.ID == id })
}
