package http_test

import (
	"net/http"
	"testing"

	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"

	sshttp "github.com/setsafe/setsafe/http"
)

// TestReadiness checks that /readyz says whether the server can take work,
// and why not, while /healthz, which asks nothing of the database, says
// the process is up whatever the database does.
func TestReadiness(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			env := storagetest.NewEnv(t, b)
			check := func(t *testing.T, ts *testServer, wantReady int, wantReason string) {
				t.Helper()
				status, body := ts.call(t, "", "GET", "/readyz", "")
				v := decode[sshttp.HealthView](t, body)
				if status != wantReady || v.Reason != wantReason {
					t.Errorf("readyz: %d %s, want %d with reason %q", status, body, wantReady, wantReason)
				}
				if wantReady != http.StatusOK && (v.Status != "unavailable" || v.Message == "") {
					t.Errorf("readyz of a server not ready says neither that nor why: %s", body)
				}
				status, body = ts.call(t, "", "GET", "/healthz", "")
				if status != http.StatusOK || decode[sshttp.HealthView](t, body).Status != "ok" {
					t.Errorf("healthz: %d %s, want 200 ok", status, body)
				}
			}

			t.Run("ready", func(t *testing.T) {
				check(t, serveOn(t, env, env.DB, metrics.New(metrics.Options{}), ""), http.StatusOK, "")
			})
			t.Run("no signing key", func(t *testing.T) {
				cfg := env.Config()
				cfg.Signer = nil
				db := b.Open(t, env.Location, cfg)
				check(t, serveOn(t, env, db, nil, ""), http.StatusServiceUnavailable, sqldb.NotReadySigningKey)
			})
			t.Run("migrations missing", func(t *testing.T) {
				db := env.Reopen(t)
				ts := serveOn(t, env, db, nil, "")
				pool := db.WritePool()
				var latest int64
				if err := pool.QueryRow("SELECT MAX(version_id) FROM goose_db_version").Scan(&latest); err != nil {
					t.Fatal(err)
				}
				// The database as a build without the latest migration left it.
				if _, err := pool.Exec(db.Dialect().Rebind("UPDATE goose_db_version SET version_id = -version_id WHERE version_id = ?"), latest); err != nil {
					t.Fatal(err)
				}
				defer pool.Exec(db.Dialect().Rebind("UPDATE goose_db_version SET version_id = ? WHERE version_id = ?"), latest, -latest)
				check(t, ts, http.StatusServiceUnavailable, sqldb.NotReadyMigrations)
			})
			t.Run("database closed", func(t *testing.T) {
				db := env.Reopen(t)
				ts := serveOn(t, env, db, nil, "")
				check(t, ts, http.StatusOK, "")
				db.Close()
				check(t, ts, http.StatusServiceUnavailable, sqldb.NotReadyDatabase)
			})
		})
	}
}
