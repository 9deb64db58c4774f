package notify_test

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/notify"
)

// FuzzMessage checks that whatever a concern's words are, the e-mail keeps
// its headers: nobody can add a header or a recipient through a subject or
// a text, and both read back as written.
func FuzzMessage(f *testing.F) {
	f.Add("Concern raised: critical, firearms", "Rounds left on the props cart\n\nWhere: Church set.")
	f.Add("Bcc: everyone@example.com\r\nX: y", "\r\n.\r\nMAIL FROM:<x@y>")
	f.Add("Ünïcödé — stop-work", "=?utf-8?q?=41?=")
	f.Fuzz(func(t *testing.T, subject, text string) {
		if !utf8.ValidString(subject) || !utf8.ValidString(text) {
			t.Skip("texts are UTF-8: the domain checks them")
		}
		n := setsafe.Notification{ID: setsafe.NotificationID("red-mesa", 7, setsafe.ChannelEmail, "tomas@example.com"), Ledger: "red-mesa",
			Seq: 7, Event: "concern.raised", Channel: setsafe.ChannelEmail, Recipient: "tomas@example.com", Subject: subject, Text: text,
			At: time.Date(2021, 10, 21, 7, 0, 0, 0, time.UTC)}
		m, err := mail.ReadMessage(strings.NewReader(string(notify.Message("setsafe <safety@example.com>", n))))
		if err != nil {
			t.Fatalf("the e-mail does not parse: %v", err)
		}
		if len(m.Header) != 10 || len(m.Header["To"]) != 1 || m.Header.Get("To") != "tomas@example.com" || m.Header.Get("Bcc") != "" ||
			m.Header.Get("Message-Id") != "<"+n.ID+"@setsafe>" {
			t.Fatalf("the headers changed: %v", m.Header)
		}
		got, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		if want := strings.Join(strings.Fields(subject), " "); err != nil || got != want {
			t.Fatalf("subject %q reads back as %q (%v)", want, got, err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
		if err != nil || !strings.HasPrefix(string(body), crlf(text)) {
			t.Fatalf("the text does not read back: %q, %v", body, err)
		}
	})
}

func crlf(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r", "\n"), "\n", "\r\n")
}
