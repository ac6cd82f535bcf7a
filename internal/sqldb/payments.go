package sqldb

import (
	"context"
	"crypto/sha256"

	"github.com/ims-council/ims"
)

// PaymentByIdempotencyKey returns the payment an API client (or, with clientID 0, the portal)
// started with an Idempotency-Key, with the hash of the request that started it, and false when
// there is none.
func (db *DB) PaymentByIdempotencyKey(ctx context.Context, clientID int64, key string) (pp ims.PendingPayment, requestHash string, found bool, err error) {
	sp, found, err := db.paymentByIdempotencyKey(ctx, clientID, key)
	return sp.PendingPayment, sp.hash, found, err
}

// InsertPendingPayment records a new pending payment and its lines in tx, with the Idempotency-Key
// and request hash it was started with and the hash of its return link's token. The token itself is
// kept too, until the provider has the payment, so that a repeat of the request can start it.
func (tx *Tx) InsertPendingPayment(ctx context.Context, pp ims.PendingPayment, idempotencyKey, requestHash, token string) error {
	if _, err := tx.ExecContext(ctx, insertPendingPaymentSQL, pendingPaymentValues(pp, idempotencyKey, requestHash, token)...); err != nil {
		return err
	}
	for i, l := range pp.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO pending_payment_lines (payment_id, line, fund, reference, amount, vat_code, narrative)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, pp.ID, i+1, l.Fund, l.Reference, l.Amount, l.VATCode, l.Narrative); err != nil {
			return err
		}
	}
	return nil
}

// RoleMOP returns the one enabled MOP of a kind the system picks itself (the card MOP of a
// channel, the card fee MOP…), or Unavailable when there is none or more than one; `ims config
// check` reports that.
func (db *DB) RoleMOP(ctx context.Context, kind ims.MOPKind) (ims.MOP, error) {
	return db.roleMOP(ctx, kind)
}

// roleMOP is RoleMOP, for Tx.RoleMOP too: the MOPs are read outside the caller's transaction, as
// committed reference data, so the request path's cache serves them.
func (db *DB) roleMOP(ctx context.Context, kind ims.MOPKind) (ims.MOP, error) {
	ref, err := db.ReferenceView(ctx)
	if err != nil {
		return ims.MOP{}, err
	}
	return ref.RoleMOP(ctx, kind)
}

// BasketFacts runs the reference check of every line of a basket (ims.NormalisedLines) against
// the card MOP and reads each line's fund, through the view: what ims.CheckBasket decides the
// basket on.
func (v *ReferenceView) BasketFacts(ctx context.Context, p ims.Principal, req ims.PaymentRequest, mop ims.MOP) ([]ims.BasketLineFacts, error) {
	lines := ims.NormalisedLines(req.Lines)
	facts := make([]ims.BasketLineFacts, len(lines))
	for i, l := range lines {
		res, checked, err := v.checkReference(ctx, p, ims.ReferenceCheck{Fund: l.Fund, Reference: l.Reference, MOP: mop.Code,
			OverrideStop: l.OverrideStop, Lang: req.Language}) // a stop message's public text in the payer's language
		switch {
		case ims.ErrorCode(err) == ims.Invalid:
			facts[i].CheckErr = err
			continue
		case err != nil:
			return nil, err
		}
		// The check passed, so it found the fund, enabled: the one it was decided on.
		facts[i] = ims.BasketLineFacts{Check: res, Fund: *checked.Fund}
	}
	return facts, nil
}

func tokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
