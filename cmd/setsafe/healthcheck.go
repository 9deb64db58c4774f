package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// runHealthcheck asks a running server whether it is alive, for a
// container's HEALTHCHECK or a monitor on a machine without curl: exit 0
// when /healthz answers 200, 1 otherwise.
func runHealthcheck(ctx context.Context, a *app, args []string) error {
	f := a.flags("healthcheck", "healthcheck [--url URL] [--addr HOST:PORT] [--timeout DURATION]")
	var target, addr string
	var timeout time.Duration
	f.StringVar(&target, "url", "", "the health URL to ask (default: http://ADDR/healthz)")
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "the address the server listens on, as given to serve; 0.0.0.0 and :: are asked on this machine")
	f.DurationVar(&timeout, "timeout", 5*time.Second, "how long to wait for the answer, from 100ms to 5m")
	if err := f.parse(args); err != nil {
		return err
	}
	if timeout < 100*time.Millisecond || timeout > 5*time.Minute {
		return usagef("--timeout %v: give from 100ms to 5m, such as --timeout 5s", timeout)
	}
	if target == "" {
		u, err := healthURL(addr)
		if err != nil {
			return err
		}
		target = u
	}
	u, err := url.Parse(target)
	switch {
	case err != nil:
		return usagef("--url %q is not a URL: give one such as http://127.0.0.1:8080/healthz", target)
	case u.Scheme != "http" && u.Scheme != "https":
		return usagef("--url %q: give an http or https URL, such as http://127.0.0.1:8080/healthz", target)
	case u.Host == "":
		return usagef("--url %q has no host: give one such as http://127.0.0.1:8080/healthz", target)
	case u.User != nil:
		return usagef("--url %q holds a user name or password; /healthz needs neither", u.Redacted())
	}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return usagef("--url %q: %v", target, err)
	}
	req.Header.Set("Accept", "application/json")
	// The server's own health is asked directly, never through a proxy,
	// and a redirect is an answer, not a health.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	client := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s did not answer within %v: the server is stuck or overloaded", u, timeout)
		}
		return fmt.Errorf("nothing answers at %s (%v): is setsafe serve running and listening there?", u, err)
	}
	defer resp.Body.Close()
	var health struct {
		Status  string `json:"status"`
		Version string `json:"version"`
		Message string `json:"message"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	json.Unmarshal(body, &health)
	if resp.StatusCode != http.StatusOK {
		msg := fmt.Sprintf("%s answered %s", u, resp.Status)
		if health.Message != "" {
			msg += ": " + health.Message
		}
		return errors.New(msg)
	}
	status := health.Status
	if status == "" {
		status = "ok"
	}
	line := fmt.Sprintf("%s: %s", u, status)
	if health.Version != "" {
		line += " (setsafe " + health.Version + ")"
	}
	fmt.Fprintln(a.stdout, line)
	return nil
}

// healthURL returns the /healthz URL of a server listening on addr; one
// listening on every address (0.0.0.0, ::, or no host) is asked on this
// machine.
func healthURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 1 || n > 65535 {
		return "", usagef("--addr %q: give HOST:PORT, such as 127.0.0.1:8080", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	if strings.ContainsAny(host, "/?#@ ") {
		return "", usagef("--addr %q: give HOST:PORT, such as 127.0.0.1:8080", addr)
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
