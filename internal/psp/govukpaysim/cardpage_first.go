package govukpaysim

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/ims-council/ims/money"
)

// The card page as a payer first sees it (no problems shown, nothing typed but the email the
// service passed) differs from payment to payment only in the description, the amount, the card
// page token in the form's addresses and the email. It is rendered through html/template once for
// each language, service name and kind of payment, with stand-ins for those four, and then written
// for each payment with its own values in the stand-ins' places, escaped as html/template escapes
// them. Rendering the whole GOV.UK page for every payment cost about a quarter of a millisecond of
// CPU, most of the simulator's share of a card payment in the `payment_complete` benchmark; the
// simulator stands in for GOV.UK Pay, whose work is not IMS's to pay for. TestFirstShowingIsTheRenderedPage
// holds the two ways to the same bytes.
const (
	standInDescription = "zqzdescriptionzqz"
	standInToken       = "zqztokenzqz"
	standInEmail       = "zqzemailzqz@example.invalid"
)

// standInAmount is an amount no basket shows elsewhere on the page; its display is the stand-in.
const standInAmount money.Pence = 98_765_432_10

// A slot is a place in a first showing where a payment's own value goes.
type slot int

const (
	slotDescription slot = iota
	slotAmount
	slotToken
	slotEmailValue // the email input's ` value="…"`, left out when the payment has no email
)

// A firstShowing is the card page's text cut at the stand-ins: parts[i] is followed by slots[i].
type firstShowing struct {
	parts []string
	slots []slot
}

// firstShowingKey is what, besides the four values, decides a first showing's text.
type firstShowingKey struct {
	language, serviceName string
	moto                  bool
}

// firstShowings keeps each first showing made, apart from Simulator.mu so that none is rendered
// while the payments are locked.
type firstShowings struct {
	mu    sync.Mutex
	pages map[firstShowingKey]*firstShowing
}

// firstShowingOf returns the first showing of p's card page, rendering it the first time. The
// caller holds s.mu; p is a copy the caller may read after unlocking.
func (s *Simulator) firstShowingOf(p payment) (*firstShowing, error) {
	key := firstShowingKey{p.language, s.accounts[p.account].ServiceName, p.moto}
	s.first.mu.Lock()
	defer s.first.mu.Unlock()
	if f := s.first.pages[key]; f != nil {
		return f, nil
	}
	stand := p
	stand.description, stand.amount, stand.token, stand.email = standInDescription, standInAmount, standInToken, standInEmail
	page := s.cardPageFor(&stand, cardForm{email: stand.email}, nil)
	var buf bytes.Buffer
	if err := s.pages.Render(&buf, pageCard, s.layoutFor(&stand, page.Heading, false), page); err != nil {
		return nil, err
	}
	f, err := cutAtStandIns(buf.String(), !p.moto)
	if err != nil {
		return nil, err
	}
	if s.first.pages == nil {
		s.first.pages = make(map[firstShowingKey]*firstShowing)
	}
	s.first.pages[key] = f
	return f, nil
}

// cutAtStandIns cuts a page rendered with the stand-ins into a first showing, and fails when a
// stand-in is not where the card page puts it: a changed template must not show another payment's
// values or lose one.
func cutAtStandIns(page string, withEmail bool) (*firstShowing, error) {
	markers := []struct {
		text string
		slot slot
	}{
		{standInDescription, slotDescription},
		{standInAmount.Display(), slotAmount},
		{standInToken, slotToken},
		{` value="` + standInEmail + `"`, slotEmailValue},
	}
	f := &firstShowing{}
	counts := make(map[slot]int)
	for {
		at, which := -1, 0
		for i, m := range markers {
			if j := strings.Index(page, m.text); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if at < 0 {
			break
		}
		f.parts = append(f.parts, page[:at])
		f.slots = append(f.slots, markers[which].slot)
		counts[markers[which].slot]++
		page = page[at+len(markers[which].text):]
	}
	f.parts = append(f.parts, page)
	emails := 0
	if withEmail {
		emails = 1
	}
	if counts[slotDescription] != 1 || counts[slotAmount] != 2 || counts[slotToken] != 2 || counts[slotEmailValue] != emails ||
		strings.Contains(strings.Join(f.parts, ""), "zqz") {
		return nil, fmt.Errorf("govukpaysim: the card page's stand-ins are not where expected: %v", counts)
	}
	return f, nil
}

// write writes the first showing of a payment's card page.
func (f *firstShowing) write(w io.Writer, description, amount, token, email string) error {
	var b strings.Builder
	for i, part := range f.parts {
		b.WriteString(part)
		if i == len(f.slots) {
			break
		}
		switch f.slots[i] {
		case slotDescription:
			htmlText.WriteString(&b, description)
		case slotAmount:
			htmlText.WriteString(&b, amount)
		case slotToken:
			b.WriteString(token) // idAlphabet only: the same in a URL and in HTML
		case slotEmailValue:
			if email != "" {
				b.WriteString(` value="`)
				htmlText.WriteString(&b, email)
				b.WriteString(`"`)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// htmlText escapes text and quoted attribute values as html/template does.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// showFirst writes a payment's card page as first shown, with the headers render sets.
func (s *Simulator) showFirst(w http.ResponseWriter, f *firstShowing, p payment) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = f.write(w, p.description, p.amount.Display(), p.token, p.email)
}
