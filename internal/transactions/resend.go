package transactions

import (
	"context"
	"net/mail"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// maxEmail is the longest email address accepted (RFC 5321's limit on a path), as on the portal.
const maxEmail = 254

// ReceiptPayer returns the card payment a receipt records, for staff about to email its receipt
// again: the address and language the payer gave. NotFound when p may not open the receipt, and
// Invalid when it records no card payment (an import's or a journal's receipt has no payer's email).
func (s *Service) ReceiptPayer(ctx context.Context, p ims.Principal, receipt string) (pp ims.PendingPayment, err error) {
	defer ims.Wrap(&err, "ReceiptPayer")
	if err := p.Require(ims.TransactionDetails); err != nil {
		return pp, err
	}
	pp, _, err = s.payment(ctx, p, receipt)
	return pp, err
}

func (s *Service) payment(ctx context.Context, p ims.Principal, receipt string) (ims.PendingPayment, sqldb.ReceiptHead, error) {
	h, err := s.visible(ctx, p, receipt)
	if err != nil {
		return ims.PendingPayment{}, h, err
	}
	pp, found, err := s.DB.PaymentOfPosting(ctx, h.Posting.ID)
	if err != nil {
		return pp, h, err
	}
	if !found {
		return pp, h, ims.Errorf(ims.Invalid, "Receipt %s records no card payment, so it has no receipt email to send", h.Posting.ReceiptNumber)
	}
	return pp, h, nil
}

// ResendReceipt emails a card payment's receipt again, through the outbox as the first one went,
// in the language the payer chose: to `to`, or when it is blank to the address the payer gave. It
// returns the address it goes to. key is the form's: the same key again sends nothing more. The
// sending is audited on the posting, so the receipt's trail says who sent it where.
func (s *Service) ResendReceipt(ctx context.Context, p ims.Principal, receipt, to, key string) (sentTo string, err error) {
	defer ims.Wrap(&err, "ResendReceipt")
	if err := p.Require(ims.TransactionDetails); err != nil {
		return "", err
	}
	if key = strings.TrimSpace(key); key == "" || len(key) > 100 {
		return "", ims.Errorf(ims.Invalid, "The form could not be read. Go back to the receipt and try again.")
	}
	pp, h, err := s.payment(ctx, p, receipt)
	if err != nil {
		return "", err
	}
	to = strings.TrimSpace(to)
	if to == "" {
		to = pp.Payer.Email
	}
	if to == "" {
		return "", ims.FieldError("email", "Enter the email address to send the receipt to: the payer gave none")
	}
	if a, err := mail.ParseAddress(to); err != nil || a.Address != to || len(to) > maxEmail {
		return "", ims.FieldError("email", "Enter an email address in the correct format, like name@example.com")
	}
	link := ""
	if s.ReceiptLink != nil {
		link = s.ReceiptLink(h.Posting.ReceiptNumber)
	}
	posting := h.Posting
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		queued, err := tx.ResendReceiptEmail(ctx, pp, posting, link, to, key)
		if err != nil || !queued {
			return err
		}
		return tx.Audit(ctx, p, "receipt.email", "posting", strconv.FormatInt(posting.ID, 10), nil,
			map[string]string{"to": to, "language": pp.Language, "payment": pp.ID})
	})
	return to, err
}
