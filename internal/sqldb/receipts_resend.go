package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/ims-council/ims"
)

// PaymentOfPosting returns the card payment a posting records, and false when it records none.
func (db *DB) PaymentOfPosting(ctx context.Context, postingID int64) (ims.PendingPayment, bool, error) {
	sp, found, err := db.onePayment(ctx, db.SQL, `posting_id = $1`, postingID)
	return sp.PendingPayment, found, err
}

// ResendReceiptEmail puts a payment's receipt email in the outbox again in tx, to the address staff
// chose, in the payer's language, with link to the receipt's page. key (the form's) names this
// sending: the same key again queues nothing and reports false, so a form sent twice sends one email.
func (tx *Tx) ResendReceiptEmail(ctx context.Context, pp ims.PendingPayment, posting ims.Posting, link, to, key string) (queued bool, err error) {
	ref := pp.ID + "/again/" + key
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM email_outbox WHERE purpose = 'receipt' AND purpose_ref = $1`, ref).Scan(&one)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	payload, err := tx.owner.receiptPayload(ctx, tx, pp, posting, link)
	if err != nil {
		return false, err
	}
	return true, tx.owner.queueEmail(ctx, tx, Email{To: to, Purpose: "receipt", Ref: ref, Payload: payload})
}

// receiptPayload is what a receipt email is rendered from (ims.Receipt as JSON): the facts of the
// receipt in the payer's language, naming each fund as the payer knows it.
func (db *DB) receiptPayload(ctx context.Context, tx *Tx, pp ims.PendingPayment, posting ims.Posting, link string) (string, error) {
	org, err := db.organisationIn(ctx, tx)
	if err != nil {
		return "", err
	}
	r := ims.Receipt{Link: link, Language: pp.Language, Organisation: org.Name, VATNumber: org.VATNumber, Number: posting.ReceiptNumber,
		Time: posting.CreatedAt.In(db.London), Lines: ims.PaidLines(posting, pp.Lines), Total: pp.Amount, CardBrand: pp.CardBrand,
		CardLast4: pp.CardLast4}
	for i, l := range r.Lines {
		if r.Lines[i].Name, err = db.payerFundName(ctx, tx, l.Fund, pp.Language); err != nil {
			return "", err
		}
		r.VAT += l.VAT
	}
	payload, err := json.Marshal(r)
	return string(payload), err
}
