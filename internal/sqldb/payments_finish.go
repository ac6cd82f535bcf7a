package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
	res, err := tx.ExecContext(ctx, `UPDATE pending_payments SET state = $1, failure_code = $2, failure_message = $3,
		card_brand = $4, card_first6 = $5, card_last4 = $6, fee = $7, updated_at = $8, finished_at = $8,
		unstarted_return_token = NULL, posting_id = $9 WHERE id = $10 AND state IN ('created', 'in_progress')`,
		f.o.State, f.o.Code, f.o.Message, f.o.CardBrand, f.o.CardFirst6, f.o.CardLast4, nullPence(f.o.Fee), f.at,
		sql.NullInt64{Int64: f.posting, Valid: f.posting != 0}, f.id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// finishesCTE is the data-modifying WITH query of the batch's write statement that writes its
// deferred outcomes, numbered on from the arguments already in args, to which it adds theirs. It
// returns a row for each payment it finished.
//
// Each payment is found by its id; its state is checked on the row found, inside COALESCE (a no-op:
// state is never null) so that the planner cannot use the check to choose pending_payments_unfinished.
// That partial index keeps an entry for every version of every payment that was unfinished until
// VACUUM clears them, two a payment, and a generic plan that joined through it read them all:
// 8,099 entries and 133 pages to finish three payments, 1.4 ms, against 0.2 ms by the primary key.
func finishesCTE(finishes []paymentFinish, args *[]any) string {
	n := len(finishes)
	id, state, code, message, brand, first6, last4 := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	fee, posting := make([]*int64, n), make([]*int64, n)
	at := make([]time.Time, n)
	for i, f := range finishes {
		id[i], state[i], code[i], message[i] = f.id, string(f.o.State), f.o.Code, f.o.Message
		brand[i], first6[i], last4[i], at[i] = f.o.CardBrand, f.o.CardFirst6, f.o.CardLast4, f.at
		if f.o.Fee != nil {
			fee[i] = new(int64(*f.o.Fee))
		}
		if f.posting != 0 {
			posting[i] = new(f.posting)
		}
	}
	first := len(*args) + 1
	*args = append(*args, id, state, code, message, brand, first6, last4, fee, at, posting)
	return fmt.Sprintf(`f AS (UPDATE pending_payments AS t SET state = v.state, failure_code = v.code,
		failure_message = v.message, card_brand = v.brand, card_first6 = v.first6, card_last4 = v.last4, fee = v.fee,
		updated_at = v.at, finished_at = v.at, unstarted_return_token = NULL, posting_id = v.posting
		FROM unnest($%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[], $%d::text[],
			$%d::bigint[], $%d::timestamptz[], $%d::bigint[])
			AS v(id, state, code, message, brand, first6, last4, fee, at, posting)
		WHERE t.id = v.id AND COALESCE(t.state IN ('created', 'in_progress'), FALSE) RETURNING 1)`,
		first, first+1, first+2, first+3, first+4, first+5, first+6, first+7, first+8, first+9)
}
