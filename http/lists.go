package http

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/ledger"
)

// Lists that grow with use are answered a part at a time. A request asks
// for up to ?limit= items (1 to 1000, 100 when it says none, so that a
// short list is answered whole, as it always was) after the item ?cursor=
// points at; the answer's next_cursor points at its last item when more
// follow, and is left out after the last part. A cursor is opaque: a
// client sends back one it was given, to the list that gave it, and makes
// none. Storage makes the cursors of the lists it pages (see Records);
// this file makes those of the lists read from a production's state and
// its ledger.

// Part limits.
const (
	DefaultPartLimit = 100
	MaxPartLimit     = 1000
	// maxCursor bounds a cursor sent back; every cursor given is shorter.
	maxCursor = 1024
)

// ListPart is the part of a list a request asks for.
type ListPart struct {
	// Cursor is the next_cursor of the part before, or "" for the first.
	Cursor string
	Limit  int
}

// ListPartOf reads the part of a list a request asks for: ?cursor= and
// ?limit=.
func ListPartOf(r *http.Request) (ListPart, error) {
	limit, err := QueryInt(r, "limit", DefaultPartLimit, 1, MaxPartLimit)
	if err != nil {
		return ListPart{}, err
	}
	cursor := r.URL.Query().Get("cursor")
	if len(cursor) > maxCursor {
		return ListPart{}, badCursor()
	}
	return ListPart{Cursor: cursor, Limit: int(limit)}, nil
}

func badCursor() error {
	return &setsafe.Error{Code: setsafe.EInvalid, Message: "The cursor is not one this list gave; start again from the first part, without a cursor.",
		Fields: map[string]string{"cursor": "must be the next_cursor of an earlier answer of this list"}}
}

// listCursor makes a cursor of a list read here: the list's name and the
// words of its last item's order key.
func listCursor(list string, key ...string) string {
	b, _ := json.Marshal(append([]string{list}, key...))
	return base64.RawURLEncoding.EncodeToString(b)
}

// cursorKey reads the order key a cursor of a list holds, of n words.
func cursorKey(list, cursor string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	var words []string
	if err != nil || json.Unmarshal(b, &words) != nil || len(words) != n+1 || words[0] != list {
		return nil, badCursor()
	}
	return words[1:], nil
}

// ProductionViewsAfter returns a part of the productions the caller may
// see, with the caller's roles in each, and the cursor of the next part.
func (s *Server) ProductionViewsAfter(r *http.Request, part ListPart) ([]ProductionView, string, error) {
	site, err := s.Config.Records.Access(r.Context(), ActorFrom(r), setsafe.SiteLedger)
	if err != nil {
		return nil, "", err
	}
	prods, next, err := s.Config.Records.ProductionsAfter(r.Context(), site, part.Cursor, part.Limit)
	if err != nil {
		return nil, "", err
	}
	views, err := s.productionViews(r, prods)
	return views, next, err
}

// PeopleViewsAfter returns a part of the people of a production with
// their roles, as the access allows them to be seen, and the cursor of
// the next part.
func (s *Server) PeopleViewsAfter(r *http.Request, productionID string, a setsafe.Access, part ListPart) ([]PersonView, string, error) {
	people, next, err := s.Config.Records.PeopleAfter(r.Context(), productionID, part.Cursor, part.Limit)
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	grants, err := s.Config.Records.GrantsOf(r.Context(), productionID, ids)
	if err != nil {
		return nil, "", err
	}
	views := []PersonView{}
	for _, p := range people {
		views = append(views, personView(p, grants, a))
	}
	return views, next, nil
}

// InboxAfter returns a part of the notifications that the caller with
// access a reads in the production whose state is st, newest first, and
// the cursor of the next part.
func (s *Server) InboxAfter(r *http.Request, a setsafe.Access, st *setsafe.State, part ListPart) ([]setsafe.Notification, string, error) {
	if a.PersonID == "" {
		return nil, "", nil // someone not on the crew list has no inbox here
	}
	n, err := s.notifications()
	if err != nil {
		return nil, "", err
	}
	return n.InboxAfter(r.Context(), st.Ledger, s.inboxesOf(a, st), part.Cursor, part.Limit)
}

// ConcernsAfter returns a part of the concerns the caller may read,
// filtered by state and severity, most urgent first. The order of a walk
// through the parts is the order at its first part: its cursors carry the
// time the list was first ordered at, and each part's overdue flags and
// now are as at that time, so that a concern falling overdue meanwhile
// does not move from a part not yet read to one read already.
func (s *Server) ConcernsAfter(a setsafe.Access, st *setsafe.State, state, severity string, part ListPart) (ConcernList, error) {
	now := s.Config.Clock.Now()
	var after *concernPlace
	if part.Cursor != "" {
		key, err := cursorKey("concerns", part.Cursor, 5)
		if err != nil {
			return ConcernList{}, err
		}
		var n [4]int64
		for i := range n {
			if n[i], err = strconv.ParseInt(key[i], 10, 64); err != nil {
				return ConcernList{}, badCursor()
			}
		}
		now = time.UnixMicro(n[0]).UTC()
		after = &concernPlace{rank: int(n[1]), severity: int(n[2]), raised: time.Unix(0, n[3]).UTC(), id: key[4]}
	}
	list, err := s.visibleConcernsAt(a, st, state, severity, now)
	if err != nil {
		return ConcernList{}, err
	}
	start := 0
	if after != nil {
		start, _ = slices.BinarySearchFunc(list, *after, func(c ConcernView, p concernPlace) int {
			if d := placeOf(c).compare(p); d != 0 {
				return d
			}
			return -1 // the concern the cursor points at was read already
		})
	}
	end := min(start+part.Limit, len(list))
	out := ConcernList{Now: now, Concerns: list[start:end]}
	if end < len(list) {
		p := placeOf(list[end-1])
		out.NextCursor = listCursor("concerns", strconv.FormatInt(now.UnixMicro(), 10), strconv.Itoa(p.rank), strconv.Itoa(p.severity),
			strconv.FormatInt(p.raised.UnixNano(), 10), p.id)
	}
	return out, nil
}

// ConcerningAfter returns a part of the entries of a production's ledger
// about a firearm or a lot, newest first, and the cursor of the next
// part. It reads the ledger backwards from the cursor's entry until the
// part is full, a few entries first and twice as many each time after, up
// to a thousand: reading the newest part of a long history does not read
// the whole ledger.
func (s *Server) ConcerningAfter(r *http.Request, pid, id string, firearm bool, part ListPart) ([]ledger.Entry, string, error) {
	below, err := s.Config.Ledger.LedgerSize(r.Context(), pid)
	if err != nil {
		return nil, "", err
	}
	below++
	if part.Cursor != "" {
		key, err := cursorKey("history", part.Cursor, 1)
		if err != nil {
			return nil, "", err
		}
		if below, err = strconv.ParseInt(key[0], 10, 64); err != nil || below < 1 {
			return nil, "", badCursor()
		}
	}
	var out []ledger.Entry
	for chunk := int64(16); below > 1 && len(out) <= part.Limit; chunk = min(2*chunk, 1000) {
		from := max(below-chunk, 1)
		entries, err := s.Config.Ledger.Entries(r.Context(), pid, from-1, int(below-from))
		if err != nil {
			return nil, "", err
		}
		for _, e := range slices.Backward(entries) {
			firearms, lots := setsafe.ArmoryItems(e.Event.Body)
			if (firearm && slices.Contains(firearms, id)) || (!firearm && slices.Contains(lots, id)) {
				out = append(out, e)
			}
		}
		below = from
	}
	if len(out) == 0 && part.Cursor == "" {
		return nil, "", setsafe.Errorf(setsafe.ENotFound, "Nothing in this production's ledger concerns %q.", id)
	}
	if len(out) <= part.Limit {
		return out, "", nil
	}
	out = out[:part.Limit]
	return out, listCursor("history", strconv.FormatInt(out[part.Limit-1].Seq, 10)), nil
}
