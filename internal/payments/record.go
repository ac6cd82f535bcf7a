package payments

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/receiptno"
	"github.com/ims-council/ims/internal/sqldb"
)

// Record validates a basket as strictly as the ledger will when it is paid (ims.CheckBasket), and
// records it as a pending payment with a receipt number the provider will show the payer, without
// starting it at the provider (Start does both). It returns the payment and the token that the
// provider's return URL must carry (its hash is kept; the token itself only until the provider has
// the payment). A request repeated with the same Idempotency-Key returns the first payment (created
// false), with its token while it still waits to be started at the provider (an earlier request
// stopped in between), so the repeat can start it; the same key with a different request is a
// Conflict.
func (s *Service) Record(ctx context.Context, p ims.Principal, req ims.PaymentRequest) (pp ims.PendingPayment, token string, created bool, err error) {
	return s.record(ctx, p, req, nil)
}

// record is Record with the card terms when the caller has read them already (nil: read them here).
func (s *Service) record(ctx context.Context, p ims.Principal, req ims.PaymentRequest, card *cardTerms) (pp ims.PendingPayment, token string, created bool, err error) {
	defer ims.Wrap(&err, "CreatePendingPayment")
	if err := ims.MayStartPayment(p, req.Source); err != nil {
		return pp, "", false, err
	}
	hash := requestHash(req)
	pp, token, err = s.recordNew(ctx, p, req, hash, card)
	if err == nil || req.IdempotencyKey == "" {
		return pp, token, err == nil, err
	}
	// Only now is the key looked up, so that a first request (nearly all of them) does not pay a
	// read for it: a repeated request is refused by the key's uniqueness, or by checks its basket
	// no longer passes, and is answered with the first payment all the same; a request that raced
	// another with the same key finds the other's payment.
	existing, existingHash, found, lookupErr := s.DB.PaymentByIdempotencyKey(ctx, p.APIClientID, req.IdempotencyKey)
	switch {
	case lookupErr != nil:
		return pp, "", false, err
	case found:
		return s.repeated(ctx, req, hash, existing, existingHash, nil)
	case ims.ErrorCode(err) == ims.Conflict:
		return s.record(ctx, p, req, card) // a receipt number drawn twice: draw another
	}
	return pp, "", false, err
}

// recordNew checks and records a new payment for req, as record describes.
func (s *Service) recordNew(ctx context.Context, p ims.Principal, req ims.PaymentRequest, hash string, card *cardTerms) (pp ims.PendingPayment, token string, err error) {
	if card == nil {
		c, err := s.cardTerms(ctx, req.Source)
		if err != nil {
			return pp, "", err
		}
		card = &c
	}
	mop := card.mop
	if err := s.checkBasket(ctx, p, req, card.ref, mop); err != nil {
		return pp, "", err
	}
	if token, err = randomText(s.DB.Rand, 32); err != nil {
		return pp, "", err
	}
	id, err := randomText(s.DB.Rand, 15)
	if err != nil {
		return pp, "", err
	}
	receipt, err := receiptno.New(s.DB.Rand)
	if err != nil {
		return pp, "", err
	}
	now := s.DB.Now()
	pp = ims.PendingPayment{ID: "pay-" + strings.ToLower(id), ProviderAccount: mop.ProviderAccount, State: ims.PaymentCreated,
		Source: req.Source, APIClientID: p.APIClientID, ClientReference: req.ClientReference, ReturnURL: req.ReturnURL,
		ReceiptNumber: receipt, MOP: mop.Code, Office: req.Office, Language: ims.PaymentLanguage(req.Language),
		Payer: req.Payer, Narrative: req.Narrative, Lines: ims.NormalisedLines(req.Lines), Actor: p.Actor(), CreatedAt: now, UpdatedAt: now}
	for _, l := range pp.Lines {
		pp.Amount += l.Amount
	}
	// The audit event is staged, not chained: this transaction does not wait for the chain heads,
	// which every ledger batch holds until it commits. The payment's outcome, its closing or the
	// sweep places the event in the chain (ADR 38).
	return pp, token, s.DB.CreatePendingPayment(ctx, p, pp, req.IdempotencyKey, hash, token)
}

// repeated answers a request whose Idempotency-Key started a payment already: the first payment as
// it stands, with its return token while it is still waiting to be started at the provider, or a
// Conflict when the key came with a different request.
func (s *Service) repeated(ctx context.Context, req ims.PaymentRequest, hash string, existing ims.PendingPayment, existingHash string, err error) (ims.PendingPayment, string, bool, error) {
	if err != nil {
		return existing, "", false, err
	}
	if existingHash != hash {
		return ims.PendingPayment{}, "", false, ims.Errorf(ims.Conflict, "Idempotency-Key %q was used for a different payment request", req.IdempotencyKey)
	}
	var token string
	if existing.State == ims.PaymentCreated {
		token, err = s.DB.UnstartedReturnToken(ctx, existing.ID)
		if err == nil && token == "" { // started or closed since it was read
			existing, err = s.DB.PendingPayment(ctx, ims.System(), existing.ID)
		}
	}
	return existing, token, false, err
}

// cardTerms is the card method of payment a basket is taken by, with the view of the reference data
// it was read through; the basket's lines are checked through the same view, so that a request
// reads the reference data version once, and the reference data itself only when it has changed.
type cardTerms struct {
	mop ims.MOP
	ref *sqldb.ReferenceView
}

// cardTerms returns the card method of payment that payments from source are taken by, which must
// name the provider account that takes them.
func (s *Service) cardTerms(ctx context.Context, source ims.Source) (cardTerms, error) {
	ref, err := s.DB.ReferenceView(ctx)
	if err != nil {
		return cardTerms{}, err
	}
	mop, err := ref.RoleMOP(ctx, ims.CardMOPKind(source))
	if err != nil {
		return cardTerms{}, err
	}
	if mop.ProviderAccount == "" {
		return cardTerms{}, ims.Errorf(ims.Unavailable, "Card payments are not configured: method of payment %s names no payment provider account", mop.Code)
	}
	return cardTerms{mop: mop, ref: ref}, nil
}

// checkBasket reads what each line of a basket is decided on, through ref, and applies
// ims.CheckBasket.
func (s *Service) checkBasket(ctx context.Context, p ims.Principal, req ims.PaymentRequest, ref *sqldb.ReferenceView, mop ims.MOP) error {
	facts, err := ref.BasketFacts(ctx, p, req, mop)
	if err != nil {
		return err
	}
	return ims.CheckBasket(req, mop, facts)
}

// requestHash identifies the content of a payment request, so a repeated Idempotency-Key can be
// told apart from a reused one: the SHA-256 of its JSON form without the key.
func requestHash(req ims.PaymentRequest) string {
	req.IdempotencyKey = ""
	b, _ := json.Marshal(req) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// randomText returns n random bytes as unpadded base32: unguessable ids and tokens safe in URLs.
func randomText(rand io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", err
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}
