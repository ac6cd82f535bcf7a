package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
)

// CreatePendingPayment validates a basket as strictly as the ledger will when it is paid, and records
// it as a pending payment with a receipt number the provider will show the payer. It returns the
// payment and the token that the provider's return URL must carry (its hash is kept; the token
// itself only until the provider has the payment). A request repeated with the same Idempotency-Key
// returns the first payment (created false), with its token while it still waits to be started at
// the provider (an earlier request stopped in between), so the repeat can start it; the same key
// with a different request is a Conflict.
func (db *DB) CreatePendingPayment(ctx context.Context, p ims.Principal, req ims.PaymentRequest) (pp ims.PendingPayment, token string, created bool, err error) {
	defer ims.Wrap(&err, "CreatePendingPayment")
	if err := ims.MayStartPayment(p, req.Source); err != nil {
		return pp, "", false, err
	}
	hash := requestHash(req)
	if req.IdempotencyKey != "" {
		existing, found, err := db.paymentByIdempotencyKey(ctx, p.APIClientID, req.IdempotencyKey)
		if err != nil || found {
			if found && existing.hash != hash {
				return pp, "", false, ims.Errorf(ims.Conflict, "Idempotency-Key %q was used for a different payment request", req.IdempotencyKey)
			}
			if err == nil && existing.State == ims.PaymentCreated {
				token, err = db.unstartedReturnToken(ctx, existing.ID)
				if err == nil && token == "" { // started or closed since it was read
					existing.PendingPayment, err = db.PendingPayment(ctx, ims.System(), existing.ID)
				}
			}
			return existing.PendingPayment, token, false, err
		}
	}
	mop, err := db.roleMOP(ctx, ims.CardMOPKind(req.Source))
	if err != nil {
		return pp, "", false, err
	}
	if mop.ProviderAccount == "" {
		return pp, "", false, ims.Errorf(ims.Unavailable, "Card payments are not configured: method of payment %s names no payment provider account", mop.Code)
	}
	if err := db.checkBasket(ctx, p, req, mop); err != nil {
		return pp, "", false, err
	}
	if token, err = randomText(db.Rand, 32); err != nil {
		return pp, "", false, err
	}
	id, err := randomText(db.Rand, 15)
	if err != nil {
		return pp, "", false, err
	}
	receipt, err := receiptno.New(db.Rand)
	if err != nil {
		return pp, "", false, err
	}
	now := db.now()
	pp = ims.PendingPayment{ID: "pay-" + strings.ToLower(id), ProviderAccount: mop.ProviderAccount, State: ims.PaymentCreated,
		Source: req.Source, APIClientID: p.APIClientID, ClientReference: req.ClientReference, ReturnURL: req.ReturnURL,
		ReceiptNumber: receipt, MOP: mop.Code, Office: req.Office, Language: ims.PaymentLanguage(req.Language),
		Payer: req.Payer, Narrative: req.Narrative, Lines: ims.NormalisedLines(req.Lines), Actor: p.Actor(), CreatedAt: now, UpdatedAt: now}
	for _, l := range pp.Lines {
		pp.Amount += l.Amount
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pending_payments (id, provider_account, state, source, api_client_id,
			idempotency_key, request_hash, client_reference, return_url, return_token_hash, receipt_number, mop, office,
			language, email, payer_name, payer_address, payer_postcode, narrative, amount, next_url, failure_code,
			failure_message, card_brand, card_first6, card_last4, actor, created_at, updated_at, unstarted_return_token)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, '', '', '', '', '', '', $21, $22, $22, $23)`,
			pp.ID, pp.ProviderAccount, pp.State, pp.Source, sql.NullInt64{Int64: pp.APIClientID, Valid: pp.APIClientID != 0},
			nullString(req.IdempotencyKey), hash, pp.ClientReference, pp.ReturnURL, tokenHash(token), pp.ReceiptNumber, pp.MOP,
			nullString(pp.Office), pp.Language, pp.Payer.Email, pp.Payer.Name, linesText(pp.Payer.Address), pp.Payer.Postcode,
			pp.Narrative, pp.Amount, pp.Actor, now, token)
		if err != nil {
			return err
		}
		for i, l := range pp.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO pending_payment_lines (payment_id, line, fund, reference, amount, vat_code, narrative)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, pp.ID, i+1, l.Fund, l.Reference, l.Amount, l.VATCode, l.Narrative); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, p, "create", "pending_payment", pp.ID, nil, pp)
	})
	if ims.ErrorCode(err) == ims.Conflict && req.IdempotencyKey != "" {
		// Two requests with one key raced: the other one's payment is the answer.
		return db.CreatePendingPayment(ctx, p, req)
	}
	return pp, token, err == nil, err
}

// roleMOP returns the one enabled MOP of a kind the system picks itself; `ims config check`
// reports when there is none or more than one.
func (db *DB) roleMOP(ctx context.Context, kind ims.MOPKind) (ims.MOP, error) {
	mops, err := db.MOPs().list(ctx, db.SQL, "kind = $1 AND NOT disabled", string(kind))
	if err != nil {
		return ims.MOP{}, err
	}
	if len(mops) != 1 {
		return ims.MOP{}, ims.Errorf(ims.Unavailable, "%d enabled methods of payment of kind %s; the system needs exactly one (run ims config check)", len(mops), kind)
	}
	return mops[0], nil
}

// checkBasket runs the reference check of every line of a basket and decides on the basket with
// ims.CheckBasket.
func (db *DB) checkBasket(ctx context.Context, p ims.Principal, req ims.PaymentRequest, mop ims.MOP) error {
	lines := ims.NormalisedLines(req.Lines)
	facts := make([]ims.BasketLineFacts, len(lines))
	for i, l := range lines {
		res, err := db.CheckReference(ctx, p, ims.ReferenceCheck{Fund: l.Fund, Reference: l.Reference, MOP: mop.Code})
		switch {
		case ims.ErrorCode(err) == ims.Invalid:
			facts[i].CheckErr = err
			continue
		case err != nil:
			return err
		}
		f, err := db.Funds().Get(ctx, l.Fund)
		if err != nil {
			return err
		}
		facts[i] = ims.BasketLineFacts{Check: res, Fund: f}
	}
	return ims.CheckBasket(req, mop, facts)
}

// requestHash identifies the content of a payment request, so a repeated Idempotency-Key can be
// told apart from a reused one.
func requestHash(req ims.PaymentRequest) string {
	req.IdempotencyKey = ""
	return requestHashOf(req)
}

// requestHashOf is the SHA-256 of a request's JSON form.
func requestHashOf(v any) string {
	b, _ := json.Marshal(v) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func tokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// randomText returns n random bytes as unpadded base32: unguessable ids and tokens safe in URLs.
func randomText(rand io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", err
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}
