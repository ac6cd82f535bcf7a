package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// RecordProviderPayment notes that the provider accepted a created payment, with its id and the card
// page the payer is sent to, and reports whether it did. It does nothing to a payment already past
// "created": another request started it first, or it was closed meanwhile.
func (db *DB) RecordProviderPayment(ctx context.Context, id, providerPaymentID, nextURL string) (recorded bool, err error) {
	defer ims.Wrap(&err, "RecordProviderPayment(%q)", id)
	res, err := db.exec(ctx, `UPDATE pending_payments SET provider_payment_id = $1, next_url = $2, state = 'in_progress',
		unstarted_return_token = NULL, updated_at = $3 WHERE id = $4 AND state = 'created'`, providerPaymentID, nextURL, db.now(), id)
	if err != nil {
		return false, db.classify(err)
	}
	n, err := res.RowsAffected()
	return n == 1, db.classify(err)
}

// PendingPayment returns the pending payment id as tx sees it, and false when there is none.
func (tx *Tx) PendingPayment(ctx context.Context, id string) (ims.PendingPayment, bool, error) {
	sp, found, err := tx.owner.onePayment(ctx, tx, `id = $1`, id)
	return sp.PendingPayment, found, err
}

// QueueReceiptEmail puts a succeeded payment's receipt email, with link to the receipt's page ("":
// none), in the outbox in tx; see queueReceiptEmail.
func (tx *Tx) QueueReceiptEmail(ctx context.Context, pp ims.PendingPayment, posting ims.Posting, link string) error {
	return tx.owner.queueReceiptEmail(ctx, tx, pp, posting, link)
}

// MOP returns the method of payment with a code as tx sees it, and false when there is none.
func (tx *Tx) MOP(ctx context.Context, code string) (ims.MOP, bool, error) {
	return tx.owner.MOPs().get(ctx, tx, code)
}

// RoleMOP returns the one enabled method of payment of a kind the system picks itself (the card
// fee MOP…), or Unavailable when there is none or more than one.
func (tx *Tx) RoleMOP(ctx context.Context, kind ims.MOPKind) (ims.MOP, error) {
	return tx.owner.roleMOP(ctx, kind)
}

// SuspenseFund returns the enabled suspense fund, and false when there is none.
func (tx *Tx) SuspenseFund(ctx context.Context) (ims.Fund, bool, error) {
	funds, err := tx.owner.Funds().list(ctx, tx, "suspense AND NOT disabled")
	if err != nil || len(funds) == 0 {
		return ims.Fund{}, false, err
	}
	return funds[0], true, nil
}

// queueReceiptEmail puts the receipt email in the outbox when the payer gave an address: the facts
// of the receipt (ims.Receipt, in the payer's language, with the signed link to the receipt page),
// which package mail renders when it sends the email. The unique (purpose, reference) pair means a
// payment's receipt is queued once, however often this runs.
func (db *DB) queueReceiptEmail(ctx context.Context, tx *Tx, pp ims.PendingPayment, posting ims.Posting, link string) error {
	if pp.Payer.Email == "" {
		return nil
	}
	payload, err := db.receiptPayload(ctx, tx, pp, posting, link)
	if err != nil {
		return err
	}
	return db.queueEmail(ctx, tx, Email{To: pp.Payer.Email, Purpose: "receipt", Ref: pp.ID, Payload: payload})
}

// payerFundName returns a fund's name as the payer knows it in lang (the Welsh when the fund has
// it), or its code when the fund is gone. It reads the fund through tx's reference data, which in a
// ledger batch the writer keeps across batches (ADR 37): a receipt is composed while the batch
// holds the chain heads, and its lines' funds are the posting's, read already.
func (db *DB) payerFundName(ctx context.Context, tx *Tx, code, lang string) (string, error) {
	f, err := cached(ctx, tx, tx.funds, code, db.Funds())
	if err != nil || f == nil {
		return code, err
	}
	return f.PayerLabelIn(lang), nil
}
