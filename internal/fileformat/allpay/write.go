package allpay

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims/money"
)

// WriteDetail writes one 43-character detail line, ending in CRLF, in the layout Parse reads. The
// site is at most 7 characters and the reference at most 16 (a reference starting "BERN" is read
// back without those four letters, as allpay intends); the amount must fit in 9 characters
// ("-99999.99" to "999999.99") and the channel must be one of Channels. It exists so that tests and
// benchmarks can generate files of any size in the real format.
func WriteDetail(w io.Writer, site, reference string, minor int64, channel byte, date time.Time) error {
	amount := money.FormatMinor(minor, 2)
	switch {
	case utf8.RuneCountInString(site) > 7 || strings.ContainsAny(site, "\r\n"):
		return fmt.Errorf("allpay: site %q is longer than 7 characters or holds a line break", site)
	case utf8.RuneCountInString(reference) > 16 || strings.ContainsAny(reference, "\r\n") || strings.HasPrefix(reference, " "):
		return fmt.Errorf("allpay: reference %q is longer than 16 characters, starts with a space or holds a line break", reference)
	case len(amount) > 9:
		return fmt.Errorf("allpay: amount %s does not fit in 9 characters", amount)
	case channel == 0 || !strings.ContainsRune(Channels, rune(channel)):
		return fmt.Errorf("allpay: channel %q is not one of %s", channel, Channels)
	}
	line := fmt.Sprintf("%-7s%-16s%9s%c%s\r\n", site, reference, amount, channel, date.Format("02/01/2006"))
	_, err := io.WriteString(w, line)
	return err
}

// WriteTrailer writes the blank line and the Total Amount and Total Transactions trailer lines that
// end an allpay file, each label followed by one space and its value.
func WriteTrailer(w io.Writer, totalMinor int64, count int) error {
	_, err := io.WriteString(w, "\r\nTotal Amount "+money.FormatMinor(totalMinor, 2)+
		"\r\nTotal Transactions "+strconv.Itoa(count)+"\r\n")
	return err
}
