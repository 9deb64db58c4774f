package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/setsafe/setsafe"
)

// How the connection to the mail server is secured.
const (
	// TLSStartTLS upgrades a plain connection with STARTTLS, and refuses
	// to send when the server does not offer it (port 587).
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the start (port 465).
	TLSImplicit = "tls"
	// TLSNone sends in the clear: only for a relay on the same machine or
	// network.
	TLSNone = "none"
)

// SMTP sends e-mails through a mail server.
type SMTP struct {
	Host string
	Port int
	// From is the sender's address, such as "setsafe <safety@example.com>".
	From string
	// Username and Password, if set, sign in with AUTH PLAIN.
	Username, Password string
	// TLS is TLSStartTLS (the default), TLSImplicit or TLSNone.
	TLS string
	// TLSConfig, if set, configures TLS (tests trust their own
	// certificate with it).
	TLSConfig *tls.Config
	// Timeout bounds one e-mail (30 s when zero).
	Timeout time.Duration
}

// Check reports a configuration that cannot work, saying how to fix it.
func (m *SMTP) Check() error {
	var problems []string
	if m.Host == "" {
		problems = append(problems, "--smtp-host: is required to send e-mail")
	}
	if m.Port < 1 || m.Port > 65535 {
		problems = append(problems, "--smtp-port: must be between 1 and 65535 (587 for STARTTLS, 465 for TLS)")
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		problems = append(problems, "--smtp-from: must be an e-mail address, such as \"setsafe <safety@example.com>\"")
	}
	switch m.TLS {
	case "", TLSStartTLS, TLSImplicit, TLSNone:
	default:
		problems = append(problems, "--smtp-tls: must be starttls, tls or none")
	}
	if (m.Username == "") != (m.Password == "") {
		problems = append(problems, "--smtp-user and --smtp-password: give both, or neither")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Send e-mails a notification to its recipient.
func (m *SMTP) Send(ctx context.Context, n setsafe.Notification) error {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return fmt.Errorf("--smtp-from %q is not an address: %w", m.From, err)
	}
	addr := net.JoinHostPort(m.Host, strconv.Itoa(m.Port))
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("reach the mail server: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	tc := m.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: m.Host}
	}
	var c *smtp.Client
	switch m.TLS {
	case TLSImplicit:
		c = smtp.NewClient(tls.Client(conn, tc))
	case TLSNone:
		c = smtp.NewClient(conn)
	default:
		if c, err = smtp.NewClientStartTLS(conn, tc); err != nil {
			conn.Close()
			return fmt.Errorf("start TLS with the mail server: %w", err)
		}
	}
	defer c.Close()
	if m.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", m.Username, m.Password)); err != nil {
			return fmt.Errorf("sign in to the mail server: %w", err)
		}
	}
	if err := c.SendMail(from.Address, []string{n.Recipient}, bytes.NewReader(Message(m.From, n))); err != nil {
		return fmt.Errorf("send e-mail: %w", err)
	}
	return c.Quit()
}

// Message returns the e-mail of a notification: plain text, with the
// notification's ID as its Message-ID.
func Message(from string, n setsafe.Notification) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from)
	header("To", n.Recipient)
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(n.Subject)))
	header("Date", n.At.Format(time.RFC1123Z))
	header("Message-ID", "<"+n.ID+"@setsafe>")
	header(HeaderNotification, n.ID)
	header(HeaderEvent, n.Event)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := n.Text + "\n\n--\nsetsafe, production " + n.Ledger + ". Notification " + n.ID + ".\n"
	qp.Write([]byte(crlf(text)))
	qp.Close()
	return b.Bytes()
}

// crlf ends every line of text, however it was ended, with CRLF.
func crlf(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r", "\n"), "\n", "\r\n")
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
