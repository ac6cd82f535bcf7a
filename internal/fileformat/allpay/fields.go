package allpay

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/internal/quickvalue"
	"github.com/ims-council/ims/internal/fileformat/internal/textline"
	"github.com/ims-council/ims/money"
)

// Sniff reports whether the first bytes of a file look like an allpay file: its first non-blank line
// is a well-formed detail line or a Total Amount or Total Transactions trailer (a day with no payments).
func Sniff(head []byte) bool {
	lr := textline.NewReader(bytes.NewReader(head), maxLineBytes)
	for {
		b, err := lr.Next()
		if err != nil {
			return false
		}
		text := string(b)
		if strings.TrimSpace(text) == "" {
			continue
		}
		_, _, isTrailer := trailer(text)
		return isTrailer || wellFormedDetail(text)
	}
}

// looksLikeDetail reports whether a line has the length of a detail line, so that its fields are
// worth checking one by one. Spaces after column 43 are allowed.
func looksLikeDetail(text string) bool {
	return utf8.RuneCountInString(strings.TrimRight(text, " ")) == detailWidth
}

// wellFormedDetail is the stricter test used to recognise the format from its first line: the right
// length, a right-justified amount with a decimal point, a known channel and a dd/mm/yyyy date.
func wellFormedDetail(text string) bool {
	if !looksLikeDetail(text) {
		return false
	}
	cols := []rune(text)
	if _, err := parseAmount(string(cols[23:32])); err != nil {
		return false
	}
	if cols[32] > utf8.RuneSelf || !strings.ContainsRune(Channels, cols[32]) {
		return false
	}
	return cols[35] == '/' && cols[38] == '/'
}

// trailer splits a trailer line into its label (labelAmount or labelCount) and value.
func trailer(text string) (label, value string, ok bool) {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if i == len(text) || text[i] != 'T' && text[i] != 't' {
		return "", "", false // a detail line, nearly always
	}
	t := strings.TrimSpace(text)
	for _, label := range []string{labelAmount, labelCount} {
		if len(t) < len(label) || !strings.EqualFold(t[:len(label)], label) {
			continue
		}
		rest := t[len(label):]
		if rest != "" && !strings.ContainsAny(rest[:1], " \t:=") {
			continue // "Total Amounts", say: not a trailer
		}
		return label, strings.TrimLeft(rest, " \t:="), true
	}
	return "", "", false
}

// shapedLikeDetail is the test a first line of detail length must pass for the file to be taken
// as allpay at all, so that another format's line that happens to be 43 characters long is refused
// as not allpay rather than reported field by field: at least one of its amount, channel and date
// columns must hold what allpay puts there.
func shapedLikeDetail(text string) bool {
	cols := []rune(text)
	_, err := parseAmount(string(cols[23:32]))
	channel := cols[32] < utf8.RuneSelf && strings.ContainsRune(Channels, cols[32])
	return err == nil || channel || cols[35] == '/' && cols[38] == '/'
}

// parseAmount reads the right-justified amount field of a detail line into pence.
func parseAmount(field string) (int64, error) {
	v := strings.TrimLeft(field, " ")
	if minor, ok := quickvalue.Minor2(v); ok {
		return minor, nil // the usual "12.50", read without the checks below, which it passes
	}
	switch {
	case v == "":
		return 0, errors.New("the amount is blank")
	case strings.TrimRight(v, " ") != v:
		return 0, fmt.Errorf("the amount %q is not right-justified", field)
	case strings.Trim(v, "-0123456789.") != "" || strings.LastIndex(v, "-") > 0:
		return 0, fmt.Errorf("the amount %q is not a number of pounds such as 12.50", v)
	case !strings.Contains(v, "."):
		return 0, fmt.Errorf("the amount %q has no decimal point", v)
	}
	minor, err := money.ParseMinor(v, 2)
	if err != nil {
		return 0, fmt.Errorf("the amount %w", err)
	}
	return minor, nil
}

// date reads a detail line's dd/mm/yyyy date as midnight UTC, remembering the last, which most
// lines of a day's file share.
func (p *parser) date(s string) (time.Time, error) {
	if d, ok := p.dates.Date(s); ok {
		return d, nil
	}
	return parseDate(s)
}

// parseDate reads a dd/mm/yyyy date as midnight UTC, saying why it cannot when it cannot.
func parseDate(s string) (time.Time, error) {
	d, err := time.Parse("02/01/2006", s)
	if err == nil {
		return d, nil
	}
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		// time says why a well-formed date does not exist: "day out of range".
		return time.Time{}, fmt.Errorf("the date %q does not exist (%s)", s, strings.TrimPrefix(pe.Message, ": "))
	}
	return time.Time{}, fmt.Errorf("the date %q is not in the form dd/mm/yyyy", s)
}

// notAllpay is the error for a file that is not an allpay file at all, judged by its first line.
func notAllpay(line int, text string) ims.ParseErrors {
	return ims.ParseErrors{{Line: line, Message: "not an allpay file: expected 43-character detail lines " +
		"(site, reference, amount, channel, dd/mm/yyyy date) ending in a Total Amount trailer, found " + describe(text)}}
}

// describe names what a line holds, for an error message: its start, or "binary data".
func describe(text string) string {
	if strings.ContainsAny(text, "\x00\uFFFD") {
		return "binary data"
	}
	return quoteStart(text)
}

// quoteStart quotes the first 40 characters of a line.
func quoteStart(text string) string {
	r := []rune(text)
	if len(r) > 40 {
		return fmt.Sprintf("%q…", string(r[:40]))
	}
	return fmt.Sprintf("%q", text)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
