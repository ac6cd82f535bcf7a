package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// errFinishedElsewhere fails a ledger batch in which a payment finished by one of its pieces turns
// out, when the batch is written, to have been finished by another transaction: the batch is rolled
// back and its pieces run alone, each finding out at once (ledger_writer.go).
var errFinishedElsewhere = errors.New("a payment of the batch was finished by another transaction")

// paymentFinish is a card payment's outcome, and the posting it was posted as (0: none), to be
// written on its row.
type paymentFinish struct {
	id      string
	o       ims.PaymentOutcome
	at      time.Time
	posting int64
}

// FinishPayment records a provider's final answer on a payment still created or in progress, by a
// conditional UPDATE, so that of all the callers that bring an outcome (browser return, webhook,
// sweep; on any instance) only the first changes it. finished reports whether this call did, at
// the time it returns.
//
// In a ledger batch the UPDATE is made by the batch's one write statement, just before the commit
// (deferred.go), and finished is true unless a piece of the same batch finished the payment first:
// every statement a piece sends is a round trip that every other piece waits for, while the chain
// heads are held. A payment finished meanwhile by another transaction (on another instance, say)
// then fails the batch, and its pieces run again alone, without deferring: the one whose payment
// was finished elsewhere finds it so, and the others commit as before.
func (tx *Tx) FinishPayment(ctx context.Context, id string, o ims.PaymentOutcome) (finished bool, at time.Time, err error) {
	f := paymentFinish{id: id, o: o, at: tx.Now()}
	if d := tx.deferred; d != nil {
		if slices.ContainsFunc(d.finishes, func(g paymentFinish) bool { return g.id == id }) {
			return false, f.at, nil
		}
		d.finishes = append(d.finishes, f)
		return true, f.at, nil
	}
	finished, err = tx.updateFinish(ctx, f)
	return finished, f.at, err
}

// SetPaymentPosting records the posting a succeeded payment was posted as: with its outcome, when
// the same batch finished it.
func (tx *Tx) SetPaymentPosting(ctx context.Context, id string, postingID int64) error {
	if d := tx.deferred; d != nil {
		if i := slices.IndexFunc(d.finishes, func(f paymentFinish) bool { return f.id == id }); i >= 0 {
			d.finishes[i].posting = postingID
			return nil
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE pending_payments SET posting_id = $1 WHERE id = $2`, postingID, id)
	return err
}

// writeFinish writes a deferred outcome on its own (SQLite, or a batch too large for one statement).
func (tx *Tx) writeFinish(ctx context.Context, f paymentFinish) error {
	finished, err := tx.updateFinish(ctx, f)
	if err == nil && !finished {
		return errFinishedElsewhere
	}
	return err
}

// updateFinish writes an outcome on a payment still created or in progress, and reports whether
// there was one.
func (tx *Tx) updateFinish(ctx context.Context, f paymentFinish) (bool, error) {
	res, err := tx.ExecContext(ctx, finishUpdate(1), finishArgs(f)...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// finishUpdate is the UPDATE that writes an outcome (finishArgs, numbered from first) on a payment
// still created or in progress.
//
// The payment is found by its id alone; its state is checked on the row found, inside COALESCE (a
// no-op: state is never null) so that the planner cannot use the check to choose
// pending_payments_unfinished. That partial index keeps an entry for every version of every payment
// that was unfinished until VACUUM clears them, two a payment, and a plan that went through it read
// them all: 8,099 entries and 133 pages to finish three payments, 1.4 ms, against 0.2 ms by the
// primary key.
func finishUpdate(first int) string {
	n := func(i int) string { return fmt.Sprintf("$%d", first+i) }
	return `UPDATE pending_payments SET state = ` + n(0) + `, failure_code = ` + n(1) + `, failure_message = ` + n(2) +
		`, card_brand = ` + n(3) + `, card_first6 = ` + n(4) + `, card_last4 = ` + n(5) + `, fee = ` + n(6) +
		`, updated_at = ` + n(7) + `, finished_at = ` + n(7) + `, unstarted_return_token = NULL, posting_id = ` + n(8) +
		` WHERE id = ` + n(9) + ` AND COALESCE(state IN ('created', 'in_progress'), FALSE)`
}

// finishParams is how many arguments an outcome's UPDATE takes.
var finishParams = len(finishArgs(paymentFinish{}))

// finishArgs are finishUpdate's arguments for f.
func finishArgs(f paymentFinish) []any {
	return []any{string(f.o.State), f.o.Code, f.o.Message, f.o.CardBrand, f.o.CardFirst6, f.o.CardLast4, nullPence(f.o.Fee),
		f.at, sql.NullInt64{Int64: f.posting, Valid: f.posting != 0}, f.id}
}

// finishesCTE is the data-modifying WITH queries of the batch's write statement that write its
// deferred outcomes, numbered on from the arguments already in args, to which it adds theirs; f
// has a row for each payment they finished. Each outcome is an UPDATE of its own by the payment's
// id: one UPDATE joining the outcomes to the payments was planned, while the table's statistics
// were those of an empty table (a new database, until autovacuum analyses it), as a scan of every
// payment.
func finishesCTE(finishes []paymentFinish, args *[]any) string {
	var ctes, rows []string
	for i, f := range finishes {
		ctes = append(ctes, fmt.Sprintf("f%d AS (%s RETURNING 1)", i, finishUpdate(len(*args)+1)))
		rows = append(rows, fmt.Sprintf("SELECT 1 FROM f%d", i))
		*args = append(*args, finishArgs(f)...)
	}
	return strings.Join(ctes, ", ") + ", f AS (" + strings.Join(rows, " UNION ALL ") + ")"
}
