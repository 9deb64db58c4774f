package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/labels"
)

// labelSheet answers a PDF sheet of labels with QR codes: for every
// firearm of the production, or every ammunition lot (?for=lots), on the
// stock of label sheets asked for (?stock=), else the production's.
func (s *handlers) labelSheet(w http.ResponseWriter, r *http.Request) error {
	pid, err := sshttp.ProductionID(r)
	if err != nil {
		return err
	}
	if _, err := s.Require(r, pid, setsafe.PermViewArmory); err != nil {
		return err
	}
	stock := r.URL.Query().Get("stock")
	if stock == "" {
		prod, err := s.Config.Records.Production(r.Context(), pid)
		if err != nil {
			return err
		}
		stock = prod.Stock()
	}
	if !setsafe.KnownLabelStock(stock) {
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "Unknown label stock: use one of " + setsafe.LabelStockIDs() + ".",
			Fields: map[string]string{"stock": "must be one of " + setsafe.LabelStockIDs()}}
	}
	site := strings.TrimSuffix(s.Config.PublicURL.String(), "/")
	page := site + "/productions/" + pid
	var ls []labels.Label
	var title string
	switch kind := r.URL.Query().Get("for"); kind {
	case "", "firearms":
		firearms, err := s.Config.Armory.Firearms(r.Context(), pid)
		if err != nil {
			return err
		}
		title = "Firearms of " + pid
		for _, f := range firearms {
			ls = append(ls, labels.Label{URL: page + "/firearms/" + f.ID, Title: f.Make + " " + f.Model, Serial: f.Serial,
				Lines: []string{strings.ReplaceAll(f.Kind, "_", " ") + " · " + f.Calibre, "Owner: " + f.Owner, "ID " + f.ID}})
		}
	case "lots":
		lots, err := s.Config.Armory.AmmoLots(r.Context(), pid)
		if err != nil {
			return err
		}
		title = "Ammunition lots of " + pid
		for _, l := range lots {
			kind := strings.ToUpper(l.Kind)
			if l.LoadStrength != "" {
				kind += " (" + l.LoadStrength + " load)"
			}
			ls = append(ls, labels.Label{URL: page + "/lots/" + l.ID, Title: "Lot " + l.Label,
				Lines: []string{kind + " · " + l.Calibre, "Headstamp " + l.Headstamp, fmt.Sprintf("%d rounds received", l.Received), "Source: " + l.Source}})
		}
	default:
		return &setsafe.Error{Code: setsafe.EInvalid, Message: "Unknown kind of label.", Fields: map[string]string{"for": "must be firearms or lots"}}
	}
	if len(ls) == 0 {
		return setsafe.Errorf(setsafe.ENotFound, "There is nothing to label yet.")
	}
	var buf bytes.Buffer
	if err := labels.Write(&buf, title, stock, ls); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", pid+"-labels.pdf"))
	w.Write(buf.Bytes())
	return nil
}

// labelStockIDs are the IDs of the stocks of label sheets.
func labelStockIDs() []string {
	ids := make([]string, len(setsafe.LabelStocks))
	for i, st := range setsafe.LabelStocks {
		ids[i] = st.ID
	}
	return ids
}
