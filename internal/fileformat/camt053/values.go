package camt053

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims/internal/fileformat/internal/currency"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
	"github.com/ims-council/ims/money"
)

// amount reads an ISO 20022 amount element, "1234.56" with its currency in the Ccy attribute, into
// minor units. ISO amounts are never negative; the credit/debit indicator beside them gives the
// direction. More decimals than the currency has is an error, never rounded.
func amount(n *node) (minor int64, ccy string, err error) {
	if n == nil {
		return 0, "", fmt.Errorf("the amount is missing")
	}
	ccy = n.attrs["Ccy"]
	if ccy == "" {
		return 0, "", fmt.Errorf("the amount %q has no currency (Ccy attribute)", n.text)
	}
	minor, err = decimal(n.text, ccy)
	return minor, ccy, err
}

// decimal reads a non-negative decimal number in minor units of ccy.
func decimal(s, ccy string) (int64, error) {
	exp, ok := currency.Exponent(ccy)
	if !ok {
		return 0, fmt.Errorf("unknown currency code %q", ccy)
	}
	whole, frac, _ := strings.Cut(s, ".")
	if s == "" || !digits(whole) || !digits(frac) || whole == "" && frac == "" || strings.HasSuffix(s, ".") {
		return 0, fmt.Errorf("amount %q is not a decimal number such as 1234.56", s)
	}
	if len(frac) > exp {
		return 0, fmt.Errorf("amount %q has %d decimal places but %s has %d", s, len(frac), ccy, exp)
	}
	if whole == "" {
		whole = "0"
	}
	if frac == "" {
		return money.ParseMinor(whole, exp)
	}
	return money.ParseMinor(whole+"."+frac, exp)
}

// sign reads a credit/debit indicator: CRDT is +1, DBIT is -1.
func sign(n *node) (int64, error) {
	switch t := n.textAt("CdtDbtInd"); t {
	case "CRDT":
		return 1, nil
	case "DBIT":
		return -1, nil
	case "":
		return 0, fmt.Errorf("the credit/debit indicator (CdtDbtInd) is missing")
	default:
		return 0, fmt.Errorf("the credit/debit indicator %q is not CRDT or DBIT", t)
	}
}

// dateChoice reads a DateAndDateTimeChoice (BookgDt, ValDt, Bal/Dt): a calendar date Dt, or a
// date-time DtTm whose date is taken as the file writes it, in its own time zone. ok is false when
// the element is absent.
func dateChoice(n *node) (d time.Time, ok bool, err error) {
	if n == nil {
		return time.Time{}, false, nil
	}
	if dt := n.child("Dt"); dt != nil {
		d, err := isoDate(dt.text)
		return d, true, err
	}
	if dt := n.child("DtTm"); dt != nil {
		t, err := isoDateTime(dt.text)
		if err != nil {
			return time.Time{}, true, err
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true, nil
	}
	return time.Time{}, true, fmt.Errorf("the date has neither Dt nor DtTm")
}

// isoDate reads YYYY-MM-DD, refusing dates that do not exist.
func isoDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		if len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]+s[5:7]+s[8:]) {
			return time.Time{}, fmt.Errorf("date %q does not exist", s)
		}
		return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}

// isoDateTime reads an ISO 8601 date-time, with or without fractional seconds and a time zone. A
// time without a zone is taken as UTC.
func isoDateTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if len(s) >= 10 {
		if _, err := isoDate(s[:10]); err != nil {
			return time.Time{}, err
		}
	}
	return time.Time{}, fmt.Errorf("date and time %q is not YYYY-MM-DDThh:mm:ss", s)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// charsetReader lets the XML decoder read files that declare a single-byte Western encoding, which
// some banks' systems still write; other encodings are refused by the decoder with their name.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "us-ascii", "ascii":
		return r, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		// Windows-1252 is a superset of ISO 8859-1's printable characters, and files labelled
		// ISO-8859-1 that hold bytes 0x80–0x9F are Windows-1252 in practice (the euro sign).
		return &win1252Reader{r: bufio.NewReader(r)}, nil
	}
	return nil, fmt.Errorf("the file's declared encoding %q is not supported (use UTF-8)", label)
}

// win1252Reader transcodes Windows-1252 to UTF-8.
type win1252Reader struct {
	r       *bufio.Reader
	pending []byte
}

func (w *win1252Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(w.pending) > 0 {
			c := copy(p[n:], w.pending)
			w.pending = w.pending[c:]
			n += c
			continue
		}
		b, err := w.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		w.pending = utf8.AppendRune(w.pending[:0], textline.Windows1252Rune(b))
	}
	return n, nil
}
