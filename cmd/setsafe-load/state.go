package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// stateVersion changes when the state file's shape does; a file of another
// version is started afresh.
const stateVersion = 1

// state is what the load generator keeps between runs, so that a site's
// productions are set up once: their people, the API tokens of the
// devices, the firearm and lot, and the day prepared last. It holds API
// tokens of the site under load; the file is readable by its owner only.
type state struct {
	Version int `json:"version"`
	// Site is the servers' verifier key: a state file is for one site.
	Site string `json:"site"`
	// Admin is the administrator's account, whose person produces every
	// production.
	Admin       string                 `json:"admin"`
	Productions map[string]*production `json:"productions"`

	path string
	mu   sync.Mutex
}

// production is one production set up for load.
type production struct {
	ID       string `json:"id"`
	TimeZone string `json:"time_zone"`
	People   int    `json:"people"`
	// Producer is the administrator's person.
	Producer   string   `json:"producer"`
	FirstAD    member   `json:"first_ad"`
	Armorer    member   `json:"armorer"`
	Safety     member   `json:"safety_coordinator"`
	Performers []member `json:"performers"`
	Phones     []member `json:"phones"`
	Firearm    string   `json:"firearm"`
	Lot        string   `json:"lot"`
	// Day is the set's day last prepared, with its set-ups.
	Day    string    `json:"day,omitempty"`
	SetUps daySetUps `json:"setups"`
}

// member is a person of a production the load generator acts as or with.
type member struct {
	ID    string `json:"id"`
	PIN   string `json:"pin,omitempty"`
	Token string `json:"token,omitempty"`
}

// daySetUps are the day's set-ups: two with firearms, the revolver issued
// for either, and a stunt that stop-works are called on.
type daySetUps struct {
	Church string `json:"church"`
	Saloon string `json:"saloon"`
	Fall   string `json:"fall"`
}

// defaultStatePath is where the state of a site is kept unless -state says.
func defaultStatePath(site, prefix string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	sum := sha256.Sum256([]byte(site))
	return filepath.Join(dir, "setsafe-load", hex.EncodeToString(sum[:6])+"-"+prefix+".json")
}

// loadState reads the state file, or starts a new state when there is none
// or it is for another site or administrator.
func loadState(path, site, admin string) (*state, error) {
	fresh := &state{Version: stateVersion, Site: site, Admin: admin, Productions: map[string]*production{}, path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fresh, nil
	}
	if err != nil {
		return nil, err
	}
	var s state
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("the state file %s is damaged (%v); remove it to set the productions up again", path, err)
	}
	if s.Version != stateVersion || s.Site != site || s.Admin != admin || s.Productions == nil {
		return fresh, nil
	}
	s.path = path
	return &s, nil
}

// get returns the production kept under a key, if any.
func (s *state) get(key string) *production {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Productions[key]
}

// put keeps a production (or forgets it, when nil) and writes the file.
func (s *state) put(key string, p *production) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p == nil {
		delete(s.Productions, key)
	} else {
		s.Productions[key] = p
	}
	return s.save()
}

// save writes the state to a temporary file and renames it into place, so
// that an interrupted run leaves the previous state whole.
func (s *state) save() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".setsafe-load-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}
