package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/setsafe/setsafe"
)

// Headers of a webhook request.
const (
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of the body
	// under the rung's or production's secret.
	HeaderSignature = "X-Setsafe-Signature"
	// HeaderNotification carries the notification's stable ID.
	HeaderNotification = "X-Setsafe-Notification"
	// HeaderEvent carries the type of the entry that caused it.
	HeaderEvent = "X-Setsafe-Event"
)

// Webhooks sends notifications to webhooks as signed JSON.
type Webhooks struct {
	// Client sends the requests (one with a 10 s timeout that follows no
	// redirects when nil).
	Client *http.Client
}

// Sign returns the value of [HeaderSignature] for a body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify says whether signature is a body's signature under secret; a
// receiver checks every request with it.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

var defaultClient = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Send posts a notification's payload to its webhook, signed with secret.
// Any answer but 2xx is a failure.
func (w *Webhooks) Send(ctx context.Context, n setsafe.Notification, secret string) error {
	body := n.Payload()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.Recipient, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook address: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "setsafe")
	req.Header.Set(HeaderSignature, Sign(secret, body))
	req.Header.Set(HeaderNotification, n.ID)
	req.Header.Set(HeaderEvent, n.Event)
	c := w.Client
	if c == nil {
		c = defaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}
