package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

const pendingColumns = `id, provider_account, COALESCE(provider_payment_id, ''), state, source, COALESCE(api_client_id, 0),
	request_hash, client_reference, return_url, receipt_number, mop, COALESCE(office, ''), language, email, payer_name,
	payer_address, payer_postcode, narrative, amount, next_url, failure_code, failure_message, card_brand, card_first6,
	card_last4, fee, COALESCE(posting_id, 0), actor, created_at, updated_at, finished_at`

// storedPayment is a pending payment with the hash of the request that created it.
type storedPayment struct {
	ims.PendingPayment
	hash string
}

func (db *DB) queryPayments(ctx context.Context, q querier, where string, args ...any) ([]storedPayment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+pendingColumns+` FROM pending_payments WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []storedPayment
	for rows.Next() {
		sp, err := scanPayment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, sp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = db.paymentLines(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanPayment scans pendingColumns, then any columns given in more.
func scanPayment(rows *sql.Rows, more ...any) (storedPayment, error) {
	var sp storedPayment
	pp := &sp.PendingPayment
	var address string
	var fee sql.NullInt64
	var finished sql.NullTime
	err := rows.Scan(append([]any{&pp.ID, &pp.ProviderAccount, &pp.ProviderPaymentID, &pp.State, &pp.Source, &pp.APIClientID,
		&sp.hash, &pp.ClientReference, &pp.ReturnURL, &pp.ReceiptNumber, &pp.MOP, &pp.Office, &pp.Language,
		&pp.Payer.Email, &pp.Payer.Name, &address, &pp.Payer.Postcode, &pp.Narrative, &pp.Amount, &pp.NextURL,
		&pp.FailureCode, &pp.FailureMessage, &pp.CardBrand, &pp.CardFirst6, &pp.CardLast4, &fee, &pp.PostingID,
		&pp.Actor, &pp.CreatedAt, &pp.UpdatedAt, &finished}, more...)...)
	pp.Payer.Address, pp.Fee, pp.FinishedAt = linesFrom(address), pencePtr(fee), finished.Time
	return sp, err
}

func (db *DB) paymentLines(ctx context.Context, q querier, id string) ([]ims.PaymentLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT fund, reference, amount, vat_code, narrative FROM pending_payment_lines
		WHERE payment_id = $1 ORDER BY line`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []ims.PaymentLine
	for rows.Next() {
		var l ims.PaymentLine
		if err := rows.Scan(&l.Fund, &l.Reference, &l.Amount, &l.VATCode, &l.Narrative); err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// onePayment reads the payment where (which names at most one) selects, with its lines, in one
// statement: a card payment is read this way by its return, its webhook and the API, each a round
// trip fewer than reading the lines apart (issue 13).
func (db *DB) onePayment(ctx context.Context, q querier, where string, args ...any) (storedPayment, bool, error) {
	return db.paymentWithStaged(ctx, q, false, where, args...)
}

// paymentWithStaged is onePayment, which with withStaged, on PostgreSQL, also reads the staged audit
// events of the payment when it is unfinished and keeps them for its outcome (stagedOnRead).
func (db *DB) paymentWithStaged(ctx context.Context, q querier, withStaged bool, where string, args ...any) (storedPayment, bool, error) {
	withStaged = withStaged && db.Engine == Postgres // SQLite's reads cost no round trip
	staged := ", NULL"
	if withStaged {
		staged = ", " + stagedColumn
	}
	rows, err := q.QueryContext(ctx, `WITH p AS (SELECT `+pendingColumns+` FROM pending_payments WHERE `+where+`)
		SELECT p.*, l.line, l.fund, l.reference, l.amount, l.vat_code, l.narrative`+staged+`
		FROM p LEFT JOIN pending_payment_lines l ON l.payment_id = p.id ORDER BY l.line`, args...)
	if err != nil {
		return storedPayment{}, false, err
	}
	defer rows.Close()
	var sp storedPayment
	var stagedJSON []byte
	found := false
	for rows.Next() {
		var line sql.NullInt64
		var l ims.PaymentLine
		var fund, reference, vatCode, narrative sql.NullString
		var amount sql.NullInt64
		var stagedRow []byte
		read, err := scanPayment(rows, &line, &fund, &reference, &amount, &vatCode, &narrative, &stagedRow)
		if err != nil {
			return storedPayment{}, false, err
		}
		if !found {
			sp, stagedJSON, found = read, stagedRow, true
		}
		if line.Valid {
			l.Fund, l.Reference, l.Amount, l.VATCode, l.Narrative = fund.String, reference.String, money.Pence(amount.Int64), vatCode.String, narrative.String
			sp.Lines = append(sp.Lines, l)
		}
	}
	if err := rows.Err(); err != nil || !found || !withStaged || sp.State.Finished() {
		return sp, found, err
	}
	events, err := stagedFromJSON(stagedJSON)
	if err != nil {
		return storedPayment{}, false, err
	}
	db.stagedOnRead.keep(sp.ID, events)
	return sp, true, nil
}

// paymentByIdempotencyKey finds the payment an API client (or, with clientID 0, the portal) started
// with a key.
func (db *DB) paymentByIdempotencyKey(ctx context.Context, clientID int64, key string) (storedPayment, bool, error) {
	if clientID == 0 {
		return db.onePayment(ctx, db.reads(), `api_client_id IS NULL AND idempotency_key = $1`, key)
	}
	return db.onePayment(ctx, db.reads(), `api_client_id = $1 AND idempotency_key = $2`, clientID, key)
}

// PendingPayment returns a pending payment by id. An API client sees only its own payments.
func (db *DB) PendingPayment(ctx context.Context, p ims.Principal, id string) (ims.PendingPayment, error) {
	sp, found, err := db.onePayment(ctx, db.reads(), `id = $1`, id)
	if err != nil {
		return ims.PendingPayment{}, err
	}
	if !found || !sp.VisibleTo(p) {
		return ims.PendingPayment{}, ims.Errorf(ims.NotFound, "Payment %s does not exist", id)
	}
	return sp.PendingPayment, nil
}

// PendingPaymentByProvider returns the pending payment a provider's payment id belongs to.
func (db *DB) PendingPaymentByProvider(ctx context.Context, account, providerPaymentID string) (ims.PendingPayment, error) {
	sp, found, err := db.paymentWithStaged(ctx, db.reads(), true, `provider_account = $1 AND provider_payment_id = $2`, account, providerPaymentID)
	if err != nil {
		return ims.PendingPayment{}, err
	}
	if !found {
		return ims.PendingPayment{}, ims.Errorf(ims.NotFound, "No payment has provider id %s on account %s", providerPaymentID, account)
	}
	return sp.PendingPayment, nil
}

// PaymentForReturn returns the pending payment a return URL's token belongs to, or NotFound for a
// token that does not match: a tampered link learns nothing. The token's hash is compared in the
// same read as the payment is found (one read per return, issue 13): the caller controls the token,
// not its SHA-256, so how long the comparison takes says nothing useful about the stored hash.
func (db *DB) PaymentForReturn(ctx context.Context, id, token string) (ims.PendingPayment, error) {
	sp, found, err := db.paymentWithStaged(ctx, db.reads(), true, `id = $1 AND return_token_hash = $2`, id, tokenHash(token))
	if err != nil {
		return ims.PendingPayment{}, err
	}
	if !found {
		return ims.PendingPayment{}, ims.Errorf(ims.NotFound, "This payment link is not valid")
	}
	return sp.PendingPayment, nil
}

// UnfinishedPayments returns up to limit payments still created or in progress that were created
// before the given time, oldest first: the reconciliation sweep's work list.
func (db *DB) UnfinishedPayments(ctx context.Context, before time.Time, limit int) ([]ims.PendingPayment, error) {
	list, err := db.queryPayments(ctx, db.reads(), `state IN ('created', 'in_progress') AND created_at < $1 ORDER BY created_at LIMIT $2`, before, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ims.PendingPayment, len(list))
	for i, sp := range list {
		out[i] = sp.PendingPayment
	}
	return out, nil
}
