package setsafe

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestProductionLabelStock: a production prints on the default stock until
// its producer chooses another of the known stocks; a change of its other
// details keeps the stock, and an entry from before stocks folds as it was.
func TestProductionLabelStock(t *testing.T) {
	w := newWorld(t)
	producer := PersonActor("dana")
	if got := w.prod.Production().Stock(); got != DefaultLabelStock {
		t.Fatalf("a new production prints on %q, want %q", got, DefaultLabelStock)
	}
	stock := func(s string) *string { return &s }
	tests := []struct {
		name    string
		actor   Actor
		c       UpdateProduction
		code    string
		entries int
		want    string
	}{
		{"an unknown stock", producer, UpdateProduction{LabelStock: stock("letter")}, EInvalid, 0, DefaultLabelStock},
		{"an empty stock", producer, UpdateProduction{LabelStock: stock("")}, EInvalid, 0, DefaultLabelStock},
		{"not the producer", PersonActor("jack"), UpdateProduction{LabelStock: stock("avery-5160")}, EForbidden, 0, DefaultLabelStock},
		{"the default again changes nothing", producer, UpdateProduction{LabelStock: stock(DefaultLabelStock)}, "", 0, DefaultLabelStock},
		{"a Letter stock", producer, UpdateProduction{LabelStock: stock(" avery-5160 ")}, "", 1, "avery-5160"},
		{"a change of name keeps the stock", producer, UpdateProduction{Name: stock("Red Mesa II")}, "", 1, "avery-5160"},
		{"an A4 stock", producer, UpdateProduction{LabelStock: stock("avery-l7163")}, "", 1, "avery-l7163"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := w.run("red-mesa", tt.actor, tt.c)
			if ErrorCode(err) != tt.code {
				t.Fatalf("want %q, got %v", tt.code, err)
			}
			if tt.code == EInvalid && !strings.Contains(err.Error(), LabelStockIDs()) {
				t.Errorf("the error %q does not name the stocks", err)
			}
			if len(evs) != tt.entries {
				t.Errorf("%d entries, want %d", len(evs), tt.entries)
			}
			if got := w.prod.Production().Stock(); got != tt.want {
				t.Errorf("prints on %q, want %q", got, tt.want)
			}
		})
	}

	// An entry written before productions had a stock has no label_stock:
	// it folds keeping the stock.
	var old ProductionUpdated
	if err := json.Unmarshal([]byte(`{"name":"Red Mesa","company":"","location":"","time_zone":"America/Denver"}`), &old); err != nil {
		t.Fatal(err)
	}
	e := Event{Ledger: "red-mesa", Seq: w.prod.Size + 1, Time: w.now, Actor: SystemActor("test"), Body: &old}
	if err := w.prod.Apply(e); err != nil {
		t.Fatal(err)
	}
	if p := w.prod.Production(); p.Name != "Red Mesa" || p.Stock() != "avery-l7163" {
		t.Errorf("after an old entry: %q on %q, want Red Mesa on avery-l7163", p.Name, p.Stock())
	}
}
