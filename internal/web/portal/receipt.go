package portal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// ReceiptSignature returns the signature of a receipt link: the hex HMAC-SHA256 of the receipt
// number under key. Without the key nobody can make a link to someone else's receipt, however
// they guess receipt numbers.
func ReceiptSignature(key []byte, receipt string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(receipt))
	return hex.EncodeToString(mac.Sum(nil))
}

// ReceiptPath returns the path of a receipt's signed link, "/receipts/{receipt}?sig=…", for the
// outcome page and the receipt email.
func ReceiptPath(key []byte, receipt string) string {
	return "/receipts/" + url.PathEscape(receipt) + "?sig=" + ReceiptSignature(key, receipt)
}

// validSignature reports, in constant time, whether sig signs receipt.
func validSignature(key []byte, receipt, sig string) bool {
	got, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(receipt))
	return hmac.Equal(got, mac.Sum(nil))
}

// receiptPageContent is the content of the VAT receipt page.
type receiptPageContent struct {
	base
	Print        bool
	PrintHref    string
	ReceiptHref  string
	Organisation ims.Organisation
	Details      govukfrontend.SummaryList
	Paid         paidLines
}

// receipt shows the VAT receipt of a card payment (SPEC §5.6) to whoever holds its signed link. A
// link whose signature is wrong or missing gets 404, exactly as a receipt that does not exist, so
// the page tells a guesser nothing. ?print=1 gives the same receipt without the site's navigation.
func (p *Portal) receipt(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	ctx := r.Context()
	number, sig := r.PathValue("receipt"), r.URL.Query().Get("sig")
	if !validSignature(p.receiptKey, number, sig) {
		v.notFound()
		return
	}
	posting, err := p.db.PostingByReceipt(ctx, number)
	if ims.ErrorCode(err) == ims.NotFound {
		v.notFound()
		return
	}
	if err != nil {
		v.serverError(err)
		return
	}
	if posting.Kind != ims.PostingPayment {
		v.notFound() // journals and imports have receipt numbers too, but no receipt for a payer
		return
	}
	pp, err := p.db.PendingPayment(ctx, ims.System(), posting.SourceRef)
	if ims.ErrorCode(err) == ims.NotFound {
		v.notFound() // a payment posted without a card payment (a cheque): not this page's
		return
	}
	if err != nil {
		v.serverError(err)
		return
	}
	org, err := p.db.Organisation(ctx)
	if err != nil {
		v.serverError(err)
		return
	}
	paid, err := v.paidLinesOf(ctx, posting, pp)
	if err != nil {
		v.serverError(err)
		return
	}
	method, err := v.paymentMethod(pp)
	if err != nil {
		v.serverError(err)
		return
	}
	link := ReceiptPath(p.receiptKey, posting.ReceiptNumber)
	c := receiptPageContent{base: v.base(), Print: r.URL.Query().Get("print") == "1", PrintHref: link + "&print=1",
		ReceiptHref: link, Organisation: org, Paid: paid}
	c.Details.Rows = []govukfrontend.SummaryRow{
		{Key: v.t("Receipt number"), Value: posting.ReceiptNumber},
		{Key: v.t("Date"), Value: v.dateTime(posting.CreatedAt)},
		{Key: v.t("Payment method"), Value: method},
	}
	if pp.Payer.Name != "" {
		c.Details.Rows = append(c.Details.Rows, govukfrontend.SummaryRow{Key: v.t("Paid by"), Value: pp.Payer.Name})
	}
	l := v.layout(v.t("Receipt"), false)
	if c.Print {
		l.ServiceName, l.ServiceURL = "", ""
	}
	v.render(http.StatusOK, "portal-receipt", l, c)
}

// paymentMethod describes how the payment was made: the method's name and the card used.
func (v *view) paymentMethod(pp ims.PendingPayment) (string, error) {
	mop, err := v.p.db.MOP(v.r.Context(), pp.MOP)
	if err != nil {
		return "", err
	}
	method := v.t(mop.Name)
	if pp.CardLast4 != "" {
		brand := pp.CardBrand
		if brand == "" {
			brand = v.t("Card")
		}
		method += " – " + fmt.Sprintf(v.t("%s card ending in %s"), brand, pp.CardLast4)
	}
	return method, nil
}

// dateTime formats a time as people in the UK read it, in Europe/London: "10 March 2026 at 09:30".
func (v *view) dateTime(t time.Time) string {
	t = t.In(v.p.london)
	return fmt.Sprintf("%d %s %d %s %s", t.Day(), v.t(t.Month().String()), t.Year(), v.t("at"), t.Format("15:04"))
}
