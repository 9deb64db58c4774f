package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
)

// client speaks setsafe's JSON API to the servers under load.
type client struct {
	http *http.Client
}

func newClient(timeout time.Duration) *client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 2048, 2048
	return &client{http: &http.Client{Transport: t, Timeout: timeout}}
}

// answer is what one call got back.
type answer struct {
	status int
	body   []byte
	took   time.Duration
}

// apiError is a call that did not get the answer it wanted: a status, or no
// answer at all.
type apiError struct {
	method, url string
	status      int
	message     string
}

func (e *apiError) Error() string {
	if e.status == 0 {
		return fmt.Sprintf("%s %s: %s", e.method, e.url, e.message)
	}
	return fmt.Sprintf("%s %s: %d %s", e.method, e.url, e.status, e.message)
}

// do sends one request, with the token if there is one, and reads the whole
// answer. body is encoded as JSON unless it is nil.
func (c *client) do(ctx context.Context, hc *http.Client, server, token, method, path string, body any) (answer, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, server+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if hc == nil {
		hc = c.http
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return answer{took: time.Since(start)}, &apiError{method: method, url: server + path, message: err.Error()}
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	a := answer{status: resp.StatusCode, body: data, took: time.Since(start)}
	if err != nil {
		return a, &apiError{method: method, url: server + path, status: resp.StatusCode, message: "answer cut short: " + err.Error()}
	}
	return a, nil
}

// call sends a request and decodes the answer into out (if not nil) when
// the status is the one wanted; any other status is an apiError carrying
// the server's message.
func (c *client) call(ctx context.Context, server, token, method, path string, body any, want int, out any) (answer, error) {
	return c.callWith(ctx, nil, server, token, method, path, body, want, out)
}

func (c *client) callWith(ctx context.Context, hc *http.Client, server, token, method, path string, body any, want int, out any) (answer, error) {
	a, err := c.do(ctx, hc, server, token, method, path, body)
	if err != nil {
		return a, err
	}
	if a.status != want {
		return a, &apiError{method: method, url: server + path, status: a.status, message: errorMessage(a.body)}
	}
	if out != nil {
		if err := json.Unmarshal(a.body, out); err != nil {
			return a, &apiError{method: method, url: server + path, status: a.status, message: "undecodable answer: " + err.Error()}
		}
	}
	return a, nil
}

// errorMessage returns the message of an API error (a problem), with the
// rules of a refusal, or the start of the body when it is not one.
func errorMessage(body []byte) string {
	var e sshttp.Problem
	if json.Unmarshal(body, &e) != nil || e.Message == "" {
		s := strings.TrimSpace(string(body))
		if len(s) > 200 {
			s = s[:200] + "…"
		}
		return s
	}
	msg := e.Message
	for _, r := range e.Rules {
		msg += " [" + r.ID + "]"
	}
	for k, v := range e.Fields {
		msg += " (" + k + ": " + v + ")"
	}
	return msg
}

// signIn signs in with a password and returns a client holding the
// session cookie.
func (c *client) signIn(ctx context.Context, server, email, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: c.http.Transport, Timeout: c.http.Timeout, Jar: jar}
	_, err := c.callWith(ctx, hc, server, "", "POST", "/api/v1/session", sshttp.SignInRequest{Email: email, Password: password}, http.StatusOK, nil)
	return hc, err
}
