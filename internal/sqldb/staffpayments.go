package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// InsertStaffPayment records a staff payment taken in tx, with the form's idempotency key and its
// overridden stop messages. A second payment with the same user and key is a Conflict.
func (tx *Tx) InsertStaffPayment(ctx context.Context, r ims.StaffPaymentRecord, key string) error {
	c := r.Cheque
	_, err := tx.ExecContext(ctx, `INSERT INTO staff_payments (receipt_number, kind, payment_id, posting_id, taken_by,
		idempotency_key, cheque_number, drawer, sort_code, account_number, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, r.ReceiptNumber, r.Kind, nullString(r.PaymentID),
		sql.NullInt64{Int64: r.PostingID, Valid: r.PostingID != 0}, r.TakenBy, key, c.Number, c.Drawer, c.SortCode,
		c.AccountNumber, r.CreatedAt)
	if err != nil {
		return err
	}
	for _, o := range r.Overrides {
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_payment_overrides (receipt_number, line, fund, reference,
			stop_message, reason, overridden_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ReceiptNumber, o.Line, o.Fund,
			o.Reference, o.StopMessage, o.Reason, o.OverriddenBy); err != nil {
			return err
		}
	}
	return nil
}

// StaffPaymentByKey returns the staff payment a user took with a form's idempotency key, and false
// when there is none.
func (db *DB) StaffPaymentByKey(ctx context.Context, userID int64, key string) (ims.StaffPaymentRecord, bool, error) {
	return db.staffPayment(ctx, "taken_by = $1 AND idempotency_key = $2", userID, key)
}

// StaffPaymentByReceipt returns the staff payment with a receipt number, and false when the receipt
// is not a staff payment's.
func (db *DB) StaffPaymentByReceipt(ctx context.Context, receipt string) (ims.StaffPaymentRecord, bool, error) {
	return db.staffPayment(ctx, "receipt_number = $1", receipt)
}

// StaffPaymentByPayment returns the staff payment of a pending card payment, and false when the
// payment was not taken by staff on the back office's form.
func (db *DB) StaffPaymentByPayment(ctx context.Context, paymentID string) (ims.StaffPaymentRecord, bool, error) {
	return db.staffPayment(ctx, "payment_id = $1", paymentID)
}

func (db *DB) staffPayment(ctx context.Context, where string, args ...any) (r ims.StaffPaymentRecord, found bool, err error) {
	defer ims.Wrap(&err, "StaffPayment")
	var paymentID sql.NullString
	var postingID sql.NullInt64
	err = db.SQL.QueryRowContext(ctx, `SELECT receipt_number, kind, payment_id, posting_id, taken_by, cheque_number, drawer,
		sort_code, account_number, created_at FROM staff_payments WHERE `+where, args...).Scan(&r.ReceiptNumber, &r.Kind,
		&paymentID, &postingID, &r.TakenBy, &r.Cheque.Number, &r.Cheque.Drawer, &r.Cheque.SortCode, &r.Cheque.AccountNumber,
		&r.CreatedAt)
	if err == sql.ErrNoRows {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	r.PaymentID, r.PostingID, r.CreatedAt = paymentID.String, postingID.Int64, r.CreatedAt.UTC()
	rows, err := db.SQL.QueryContext(ctx, `SELECT line, fund, reference, stop_message, reason, overridden_by
		FROM staff_payment_overrides WHERE receipt_number = $1 ORDER BY line`, r.ReceiptNumber)
	if err != nil {
		return r, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var o ims.StopOverrideRecord
		if err := rows.Scan(&o.Line, &o.Fund, &o.Reference, &o.StopMessage, &o.Reason, &o.OverriddenBy); err != nil {
			return r, false, err
		}
		r.Overrides = append(r.Overrides, o)
	}
	return r, true, rows.Err()
}

// LastStaffPaymentOffice returns the office of the last cheque or post-room payment a user took, or
// "" when there is none.
func (db *DB) LastStaffPaymentOffice(ctx context.Context, userID int64) (string, error) {
	var office sql.NullString
	err := db.SQL.QueryRowContext(ctx, `SELECT p.office FROM staff_payments s JOIN postings p ON p.id = s.posting_id
		WHERE s.taken_by = $1 ORDER BY s.created_at DESC, s.posting_id DESC LIMIT 1`, userID).Scan(&office)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return office.String, err
}
