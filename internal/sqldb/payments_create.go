package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// CreatePendingPayment records a new pending payment, its lines (InsertPendingPayment) and the
// staged audit event of its creation (StageAudit) together: all or none. It does not wait for the
// chain heads (ADR 38). On PostgreSQL the three are one statement, which commits on its own: four
// round trips fewer than a transaction of three (BEGIN and COMMIT included), on the path of every
// card payment's creation. A second payment with the same Idempotency-Key is refused (Conflict).
func (db *DB) CreatePendingPayment(ctx context.Context, p ims.Principal, pp ims.PendingPayment, idempotencyKey, requestHash, token string) (err error) {
	defer ims.Wrap(&err, "CreatePendingPayment(%s)", pp.ID)
	ev, err := newAuditEvent(ctx, db.now(), p, "create", "pending_payment", pp.ID, nil, pp)
	if err != nil {
		return err
	}
	if db.Engine != Postgres {
		return db.InTxWithoutChains(ctx, func(tx *Tx) error {
			if err := tx.InsertPendingPayment(ctx, pp, idempotencyKey, requestHash, token); err != nil {
				return err
			}
			return tx.insertStaged(ctx, ev)
		})
	}
	n := len(pp.Lines)
	fund, reference, vatCode, narrative, amount := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]int64, n)
	for i, l := range pp.Lines {
		fund[i], reference[i], vatCode[i], narrative[i], amount[i] = l.Fund, l.Reference, l.VATCode, l.Narrative, int64(l.Amount)
	}
	args := append(pendingPaymentValues(pp, idempotencyKey, requestHash, token), fund, reference, amount, vatCode, narrative,
		ev.At, ev.Actor, ev.RequestID, ev.Action, ev.Entity, ev.EntityID, ev.Before, ev.After)
	_, err = db.SQL.ExecContext(ctx, `WITH p AS (`+insertPendingPaymentSQL+`),
		l AS (INSERT INTO pending_payment_lines (payment_id, line, fund, reference, amount, vat_code, narrative)
			SELECT $1, t.line, t.fund, t.reference, t.amount, t.vat_code, t.narrative
			FROM unnest($25::text[], $26::text[], $27::bigint[], $28::text[], $29::text[])
				WITH ORDINALITY AS t(fund, reference, amount, vat_code, narrative, line)),
		a AS (INSERT INTO audit_staged (at, actor, request_id, action, entity, entity_id, before, after)
			VALUES ($30, $31, $32, $33, $34, $35, $36, $37))
		SELECT 1`, args...)
	return db.classify(err)
}

// insertPendingPaymentSQL inserts a pending payment from pendingPaymentValues' 24 arguments.
const insertPendingPaymentSQL = `INSERT INTO pending_payments (id, provider_account, state, source, api_client_id,
		idempotency_key, request_hash, client_reference, return_url, return_token_hash, receipt_number, mop, office,
		language, email, payer_name, payer_address, payer_postcode, narrative, amount, next_url, failure_code,
		failure_message, card_brand, card_first6, card_last4, actor, created_at, updated_at, unstarted_return_token)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, '', '', '', '', '', '', $21, $22, $23, $24)`

func pendingPaymentValues(pp ims.PendingPayment, idempotencyKey, requestHash, token string) []any {
	return []any{pp.ID, pp.ProviderAccount, pp.State, pp.Source, sql.NullInt64{Int64: pp.APIClientID, Valid: pp.APIClientID != 0},
		nullString(idempotencyKey), requestHash, pp.ClientReference, pp.ReturnURL, tokenHash(token), pp.ReceiptNumber, pp.MOP,
		nullString(pp.Office), pp.Language, pp.Payer.Email, pp.Payer.Name, linesText(pp.Payer.Address), pp.Payer.Postcode,
		pp.Narrative, pp.Amount, pp.Actor, pp.CreatedAt, pp.UpdatedAt, token}
}
