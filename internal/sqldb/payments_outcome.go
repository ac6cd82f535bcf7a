package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

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

// ApplyOutcome applies a provider's final answer to a pending payment exactly once. The state moves
// by a conditional UPDATE in the same transaction as the posting, so whichever caller (browser
// return, webhook, sweep; on any instance) gets there first records the outcome, and every later
// caller finds the payment finished and changes nothing. It returns the payment as it now stands and
// whether this call applied the outcome. A succeeded payment is posted (one entry per basket line,
// plus a fee entry when the MOP incurs a fee and the provider reports one) and its receipt email is
// queued; a failed, cancelled or expired one is closed with the reason and nothing is posted.
func (db *DB) ApplyOutcome(ctx context.Context, id string, o ims.PaymentOutcome) (pp ims.PendingPayment, applied bool, err error) {
	defer ims.Wrap(&err, "ApplyOutcome(%q, %s)", id, o.State)
	// A read first: whoever comes second (the webhook after the browser, or the other way round)
	// finds the payment finished without queueing for a write transaction.
	if pp, err = db.PendingPayment(ctx, ims.System(), id); err != nil || !o.State.Finished() || pp.State.Finished() {
		return pp, false, err
	}
	err = db.inLedgerTx(ctx, func(tx *Tx) error {
		applied = false // this may be a second run of the transaction (see ledgerWriter)
		sp, found, err := db.onePayment(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "Payment %s does not exist", id)
		}
		pp = sp.PendingPayment
		if pp.State.Finished() {
			return nil // an earlier caller applied the outcome
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE pending_payments SET state = $1, failure_code = $2, failure_message = $3,
			card_brand = $4, card_first6 = $5, card_last4 = $6, fee = $7, updated_at = $8, finished_at = $8,
			unstarted_return_token = NULL WHERE id = $9 AND state IN ('created', 'in_progress')`,
			o.State, o.Code, o.Message, o.CardBrand, o.CardFirst6, o.CardLast4, nullPence(o.Fee), now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil // another transaction finished it between our read and our update
		}
		pp.State, pp.FailureCode, pp.FailureMessage = o.State, o.Code, o.Message
		pp.CardBrand, pp.CardFirst6, pp.CardLast4, pp.Fee, pp.UpdatedAt, pp.FinishedAt = o.CardBrand, o.CardFirst6, o.CardLast4, o.Fee, now, now
		applied = true
		if o.State != ims.PaymentSucceeded {
			return db.audit(ctx, tx, ims.System(), "payment_"+string(o.State), "pending_payment", id, nil,
				map[string]string{"code": o.Code, "message": o.Message})
		}
		np := db.paymentPosting(ctx, tx, pp, o)
		posting, err := db.post(ctx, tx, ims.System(), np)
		if ims.ErrorCode(err) == ims.Invalid {
			// The money has been taken, so it must be recorded: when the reference data changed
			// since the basket was checked (a fund disabled, say), the whole amount goes to
			// suspense with the reason, for a finance officer to allocate.
			if posting, err = db.post(ctx, tx, ims.System(), db.toSuspense(ctx, tx, np, err)); err != nil {
				return fmt.Errorf("posting succeeded payment %s to suspense: %w", id, err)
			}
		}
		if err != nil {
			return fmt.Errorf("posting succeeded payment %s: %w", id, err)
		}
		pp.PostingID = posting.ID
		if _, err := tx.ExecContext(ctx, `UPDATE pending_payments SET posting_id = $1 WHERE id = $2`, posting.ID, id); err != nil {
			return err
		}
		return db.queueReceiptEmail(ctx, tx, pp, posting)
	})
	return pp, applied, err
}

// paymentPosting reads the payment's card MOP and, when the provider charged a fee it incurs, the
// card fee MOP, and builds the posting of a succeeded payment with ims.PaymentPosting. A MOP that
// cannot be read leaves the fee out rather than the payment unrecorded.
func (db *DB) paymentPosting(ctx context.Context, tx *Tx, pp ims.PendingPayment, o ims.PaymentOutcome) ims.NewPosting {
	var cardMOP, feeMOP *ims.MOP
	if o.HasFee() {
		if mop, found, err := db.MOPs().get(ctx, tx, pp.MOP); err == nil && found {
			cardMOP = &mop
		}
	}
	if cardMOP != nil && cardMOP.IncursFee {
		if mop, err := db.roleMOP(ctx, ims.KindCardFee); err == nil {
			feeMOP = &mop
		}
	}
	return ims.PaymentPosting(pp, o, cardMOP, feeMOP)
}

// queueReceiptEmail puts the receipt email in the outbox when the payer gave an address: the facts
// of the receipt (ims.Receipt, in the payer's language, with the signed link to the receipt page),
// which package mail renders when it sends the email. The unique (purpose, reference) pair means a
// payment's receipt is queued once, however often this runs.
func (db *DB) queueReceiptEmail(ctx context.Context, tx *Tx, pp ims.PendingPayment, posting ims.Posting) error {
	if pp.Payer.Email == "" {
		return nil
	}
	org, err := db.Organisation(ctx)
	if err != nil {
		return err
	}
	r := ims.Receipt{Language: pp.Language, Organisation: org.Name, VATNumber: org.VATNumber, Number: posting.ReceiptNumber,
		Time: posting.CreatedAt.In(db.London), Lines: ims.PaidLines(posting, pp.Lines), Total: pp.Amount, CardBrand: pp.CardBrand,
		CardLast4: pp.CardLast4}
	for i, l := range r.Lines {
		if r.Lines[i].Name, err = db.payerFundName(ctx, tx, l.Fund); err != nil {
			return err
		}
		r.VAT += l.VAT
	}
	if db.ReceiptLink != nil {
		r.Link = db.ReceiptLink(posting.ReceiptNumber)
	}
	payload, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return db.queueEmail(ctx, tx, Email{To: pp.Payer.Email, Purpose: "receipt", Ref: pp.ID, Payload: string(payload)})
}

// payerFundName returns a fund's name as the payer knows it, or its code when the fund is gone.
func (db *DB) payerFundName(ctx context.Context, tx *Tx, code string) (string, error) {
	f, found, err := db.Funds().get(ctx, tx, code)
	if err != nil || !found {
		return code, err
	}
	return f.PayerLabel(), nil
}

// toSuspense reads the suspense fund and rewrites a posting whose lines cannot be recorded to it
// with ims.SuspensePosting. Without a suspense fund the posting is returned as it is: it fails
// again and the payment stays open for the sweep.
func (db *DB) toSuspense(ctx context.Context, tx *Tx, np ims.NewPosting, reason error) ims.NewPosting {
	funds, err := db.Funds().list(ctx, tx, "suspense AND NOT disabled")
	if err != nil || len(funds) == 0 {
		return np
	}
	return ims.SuspensePosting(np, funds[0].Code, reason)
}
