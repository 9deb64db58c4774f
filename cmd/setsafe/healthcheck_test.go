package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestHealthcheck asks a running server, and what is not one, whether it
// is healthy.
func TestHealthcheck(t *testing.T) {
	c := newCLI(t)
	server := start(t, nil, "serve", "--db", c.db, "--addr", "127.0.0.1:0", "--log-level", "warn", "--verify-every", "0").URL
	su, _ := url.Parse(server)
	_, port, _ := net.SplitHostPort(su.Host)

	unavailable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"status":"unavailable","message":"The database does not answer."}`))
	}))
	defer unavailable.Close()
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer stuck.Close()
	redirect := httptest.NewServer(http.RedirectHandler(server+"/healthz", http.StatusFound))
	defer redirect.Close()
	// A port nothing listens on: one just closed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		status int
		says   string
	}{
		{"the server's URL", []string{"--url", server + "/healthz"}, nil, exitOK, server + "/healthz: ok (setsafe " + version() + ")"},
		{"its address", []string{"--addr", su.Host}, nil, exitOK, ": ok"},
		{"every address means this machine", []string{"--addr", "0.0.0.0:" + port}, nil, exitOK, "http://127.0.0.1:" + port + "/healthz: ok"},
		{"the address from the environment", nil, map[string]string{"SETSAFE_ADDR": ":" + port}, exitOK, "http://127.0.0.1:" + port + "/healthz: ok"},
		{"not found", []string{"--url", server + "/no-such-page"}, nil, exitFailure, "answered 404"},
		{"unavailable", []string{"--url", unavailable.URL + "/healthz"}, nil, exitFailure, "answered 503 Service Unavailable: The database does not answer."},
		{"a redirect is not health", []string{"--url", redirect.URL}, nil, exitFailure, "answered 302"},
		{"no answer in time", []string{"--url", stuck.URL + "/healthz", "--timeout", "200ms"}, nil, exitFailure, "did not answer within 200ms"},
		{"nothing listens", []string{"--addr", closed}, nil, exitFailure, "nothing answers at http://" + closed + "/healthz"},
		{"not http", []string{"--url", "ftp://127.0.0.1/healthz"}, nil, exitUsage, "give an http or https URL"},
		{"no host", []string{"--url", "http:///healthz"}, nil, exitUsage, "has no host"},
		{"not a URL", []string{"--url", "http://[::1"}, nil, exitUsage, "is not a URL"},
		{"a password", []string{"--url", "http://admin:secret@127.0.0.1/healthz"}, nil, exitUsage, "holds a user name or password"},
		{"an address without a port", []string{"--addr", "127.0.0.1"}, nil, exitUsage, "give HOST:PORT"},
		{"a port out of range", []string{"--addr", "127.0.0.1:70000"}, nil, exitUsage, "give HOST:PORT"},
		{"a timeout too short", []string{"--timeout", "0s"}, nil, exitUsage, "give from 100ms to 5m"},
		{"an argument", []string{"now"}, nil, exitUsage, "unexpected argument"},
		{"help", []string{"--help"}, nil, exitOK, "Usage: setsafe healthcheck"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut syncBuffer
			a := &app{stdout: &out, stderr: &errOut, getenv: func(k string) string { return tt.env[k] }}
			status := a.main(context.Background(), append([]string{"healthcheck"}, tt.args...))
			if status != tt.status || !strings.Contains(out.String()+errOut.String(), tt.says) {
				t.Errorf("setsafe healthcheck %s: exit %d, want %d saying %q:\n%s%s", strings.Join(tt.args, " "), status, tt.status, tt.says, out.String(), errOut.String())
			}
			if strings.Contains(out.String()+errOut.String(), "secret") {
				t.Errorf("the password was printed:\n%s%s", out.String(), errOut.String())
			}
		})
	}
}
