// Package payments runs card payments end to end: it records a basket as a pending payment, hands it
// to the payment provider, and applies the provider's outcome exactly once, whether the payer's
// browser, the provider's webhook or the reconciliation sweep brings it first.
package payments

import (
	"context"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/metrics"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// Providers returns the adapter for a payment provider account by name.
type Providers func(ctx context.Context, account string) (psp.Provider, error)

// Service runs card payments.
type Service struct {
	DB        *sqldb.DB
	Providers Providers
	BaseURL   string // IMS's public address, for the provider's return URL
	Log       *slog.Logger
	// StartedGrace is how long a payment may stay "created" (the provider never answered) before the
	// sweep closes it, and how old an unfinished payment must be before the sweep asks about it.
	StartedGrace time.Duration
	// ProviderExpiry is how long the provider keeps a payment open (90 minutes for GOV.UK Pay).
	ProviderExpiry time.Duration
	// ReceiptLink returns the full signed link to a receipt's page, which the receipt email
	// carries; nil leaves the link out.
	ReceiptLink func(receiptNumber string) string
	// RefundApprovalLimit is the largest refund one person may make alone; above it a
	// RefundApprover must approve. Zero means no limit.
	RefundApprovalLimit money.Pence
	// Metrics counts the payment outcomes recorded; nil counts none.
	Metrics *metrics.Metrics

	inflight outcomesInFlight // outcomes being applied on this instance
}

// Start validates and records a basket, creates the payment at the provider and returns it with the
// URL of the provider's card page. A basket beyond the provider's limits is refused (Invalid, naming
// the limit) before anything is recorded, and a request the provider refuses as invalid is the
// caller's error too, with the provider's reason. When the provider cannot be reached the payment
// is closed as failed with code provider_unavailable and the error is Unavailable: the payer is told
// to try again later and nothing is half-done.
// created is false when an idempotent request was repeated: the first payment is returned as it
// stands, except that one an earlier request recorded but stopped before starting at the provider
// (IMS was stopped in between) is started now.
func (s *Service) Start(ctx context.Context, p ims.Principal, req ims.PaymentRequest) (pp ims.PendingPayment, created bool, err error) {
	card, err := s.cardTerms(ctx, req.Source)
	if err != nil {
		return pp, false, err
	}
	if err := s.checkLimits(ctx, req, card.mop); err != nil {
		return pp, false, err
	}
	pp, token, created, err := s.record(ctx, p, req, &card)
	if err != nil || token == "" {
		return pp, created, err
	}
	pp, err = s.startAtProvider(ctx, pp, token)
	return pp, created, err
}

// checkLimits refuses a basket the card provider would refuse, before anything is recorded.
func (s *Service) checkLimits(ctx context.Context, req ims.PaymentRequest, mop ims.MOP) error {
	provider, err := s.Providers(ctx, mop.ProviderAccount)
	if err != nil {
		return unavailable(err)
	}
	limit := provider.Limits().MaxAmount
	var amounts []money.Pence
	for _, l := range req.Lines {
		amounts = append(amounts, l.Amount)
	}
	// A total too large to add up is over any limit.
	if total, err := money.Sum(amounts...); limit > 0 && (err != nil || total > limit) {
		return ims.FieldError("lines", "A card payment cannot be more than %s", limit.Display())
	}
	return nil
}

// startAtProvider creates a recorded payment at its provider, with the payment's id as the
// provider's idempotency key: a repeat of the same request (after a crash or a lost answer) gets
// the payment the provider already holds, never a second one.
func (s *Service) startAtProvider(ctx context.Context, pp ims.PendingPayment, token string) (ims.PendingPayment, error) {
	provider, err := s.Providers(ctx, pp.ProviderAccount)
	if err != nil {
		return s.closeUnstarted(ctx, pp, err)
	}
	got, err := provider.CreatePayment(ctx, psp.PaymentRequest{Amount: pp.Amount, Reference: pp.ReceiptNumber,
		Description: description(pp, provider.Limits()), ReturnURL: s.returnURL(pp.ID, token), Language: pp.Language,
		Email: pp.Payer.Email, MOTO: pp.Source == ims.SourceStaff, Metadata: map[string]string{"ims_payment_id": pp.ID},
		IdempotencyKey: pp.ID})
	switch ims.ErrorCode(err) {
	case "":
	case ims.Invalid:
		return s.closeRefused(ctx, pp, err)
	case ims.Conflict:
		// The provider already holds a payment made with this key by another request of ours, on
		// another instance whose return link differs: it is that request's to record.
		return s.startedElsewhere(ctx, pp)
	default:
		return s.closeUnstarted(ctx, pp, err)
	}
	recorded, err := s.DB.RecordProviderPayment(ctx, pp.ID, got.ID, got.NextURL)
	if err != nil {
		return pp, err
	}
	if !recorded {
		// Another request started it first (the provider answered it with this same payment) or
		// the sweep closed it: the payment as it now stands.
		return s.DB.PendingPayment(ctx, ims.System(), pp.ID)
	}
	pp.ProviderPaymentID, pp.NextURL, pp.State = got.ID, got.NextURL, ims.PaymentInProgress
	return pp, nil
}

// startedElsewhere waits a little for another request that started the payment at the provider to
// record it, and returns the payment as it then stands. It never closes the payment: the provider
// has it, and the payer may be about to pay.
func (s *Service) startedElsewhere(ctx context.Context, pp ims.PendingPayment) (ims.PendingPayment, error) {
	s.Log.InfoContext(ctx, "payment started at the provider by another request", "payment", pp.ID)
	deadline := time.Now().Add(startedElsewhereWait)
	for {
		got, err := s.DB.PendingPayment(ctx, ims.System(), pp.ID)
		if err != nil || got.State != ims.PaymentCreated || time.Now().After(deadline) {
			return got, err
		}
		select {
		case <-ctx.Done():
			return got, nil
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// startedElsewhereWait is how long a request waits for another that started the same payment.
const startedElsewhereWait = 3 * time.Second

// description is what the payer reads on the provider's card page, in the payment's language: the
// reference of a one-bill basket, or the total when that is too long for the provider.
func description(pp ims.PendingPayment, limits psp.Limits) string {
	forRef, of := "Payment for ", "Payment of "
	if pp.Language == "cy" {
		forRef, of = "Taliad am ", "Taliad o "
	}
	if len(pp.Lines) == 1 {
		if d := forRef + pp.Lines[0].Reference; limits.DescriptionFits(d) {
			return d
		}
	}
	return of + pp.Amount.Display()
}

// Get returns a payment as the provider now reports it: an unfinished payment is refreshed first, so
// a caller polling for the outcome sees it as soon as the provider has it. When the provider cannot
// be reached the payment is returned as recorded.
func (s *Service) Get(ctx context.Context, p ims.Principal, id string) (ims.PendingPayment, error) {
	pp, err := s.DB.PendingPayment(ctx, p, id)
	if err != nil || pp.State.Finished() {
		return pp, err
	}
	refreshed, err := s.Refresh(ctx, pp)
	if err != nil {
		s.Log.WarnContext(ctx, "refreshing payment", "payment", id, "err", err)
		return pp, nil
	}
	return refreshed, nil
}

// closeUnstarted closes a payment the provider could not be asked to start, and answers
// Unavailable. A payment that another request has meanwhile started is left open and returned.
func (s *Service) closeUnstarted(ctx context.Context, pp ims.PendingPayment, cause error) (ims.PendingPayment, error) {
	s.Log.WarnContext(ctx, "payment provider did not start the payment", "payment", pp.ID, "err", cause)
	pp, closed, err := s.DB.CloseUnstarted(ctx, pp.ID, "provider_unavailable", "The payment provider could not be reached")
	if err != nil || !closed && pp.State == ims.PaymentInProgress {
		return pp, err
	}
	return pp, unavailable(cause)
}

// closeRefused closes a payment the provider refused as invalid, and answers with the provider's
// reason as the caller's error: on the request's field when the caller can correct it (the total,
// the email address), otherwise in the message alone.
func (s *Service) closeRefused(ctx context.Context, pp ims.PendingPayment, cause error) (ims.PendingPayment, error) {
	reason := ims.ErrorMessage(cause)
	if fields := ims.ErrorFields(cause); len(fields) > 0 {
		var parts []string
		for _, name := range slices.Sorted(maps.Keys(fields)) {
			parts = append(parts, name+": "+fields[name])
		}
		reason = strings.Join(parts, "; ")
	}
	s.Log.WarnContext(ctx, "payment provider refused the payment", "payment", pp.ID, "err", cause)
	message := "The payment provider refused this payment: " + reason
	pp, closed, err := s.DB.CloseUnstarted(ctx, pp.ID, "refused_by_provider", message)
	if err != nil || !closed && pp.State == ims.PaymentInProgress {
		return pp, err
	}
	e := &ims.Error{Code: ims.Invalid, Message: message, Fields: map[string]string{}, Err: cause}
	for name, msg := range ims.ErrorFields(cause) {
		switch name {
		case "amount":
			e.Fields["lines"] = msg
		case "email":
			e.Fields["payer.email"] = msg
		}
	}
	return pp, e
}

// unavailable is the payer's and the caller's error when card payments cannot be started.
func unavailable(cause error) error {
	return &ims.Error{Code: ims.Unavailable, Message: "Card payments are not available at the moment. Try again later.", Err: cause}
}

// returnURL is where the provider sends the payer back. Its token is unguessable and only its hash is
// stored, so nobody can open another payer's outcome page by changing the id.
func (s *Service) returnURL(id, token string) string {
	return s.BaseURL + "/payments/" + url.PathEscape(id) + "/return?token=" + url.QueryEscape(token)
}

// Refresh asks the provider for a payment's state and applies it if it is final. The provider is
// the only source of truth: a browser return, a webhook or a sweep each call Refresh, never trusting
// what they were told. It returns the payment as it stands afterwards.
func (s *Service) Refresh(ctx context.Context, pp ims.PendingPayment) (ims.PendingPayment, error) {
	if pp.State.Finished() || pp.ProviderPaymentID == "" {
		return pp, nil
	}
	provider, err := s.Providers(ctx, pp.ProviderAccount)
	if err != nil {
		return pp, err
	}
	got, err := provider.GetPayment(ctx, pp.ProviderPaymentID)
	if err != nil {
		return pp, err
	}
	if !got.State.Finished() {
		return pp, nil
	}
	updated, applied, err := s.applyOutcome(ctx, pp, outcome(got))
	if err == nil && applied {
		s.Log.InfoContext(ctx, "payment finished", "payment", pp.ID, "state", updated.State, "posting", updated.PostingID)
	}
	return updated, err
}

// outcome translates the provider's view into the ledger's.
func outcome(p psp.Payment) ims.PaymentOutcome {
	o := ims.PaymentOutcome{Code: p.Code, Message: p.Message, CardBrand: p.CardBrand, CardFirst6: p.CardFirst6,
		CardLast4: p.CardLast4, Fee: p.Fee}
	switch p.State {
	case psp.Succeeded:
		o.State = ims.PaymentSucceeded
	case psp.Cancelled:
		o.State = ims.PaymentCancelled
	case psp.Expired:
		o.State = ims.PaymentExpired
	default:
		o.State = ims.PaymentFailed
	}
	return o
}

// HandleWebhook verifies a provider's notification and refreshes the payment it names. A
// notification for a provider account IMS does not have is NotFound; a forged or malformed one is an
// Invalid error and changes nothing; one about a payment IMS does not know is logged and
// acknowledged (nil), because the provider account may be shared with another service; a repeated
// or out-of-order one is harmless because the provider is asked for the payment's current state.
func (s *Service) HandleWebhook(ctx context.Context, account string, body []byte, signature string) error {
	provider, err := s.Providers(ctx, account)
	if ims.ErrorCode(err) == ims.NotFound {
		return ims.Errorf(ims.NotFound, "No payment provider account is called %s", account)
	}
	if err != nil {
		return err // a disabled account or a failure on our side: the provider sends it again later
	}
	ev, err := provider.ParseWebhook(body, signature)
	if err != nil {
		return &ims.Error{Code: ims.Invalid, Message: "The notification's signature or body is not valid", Err: err}
	}
	if ev.PaymentID == "" {
		return nil // not about a payment: nothing to do
	}
	pp, err := s.DB.PendingPaymentByProvider(ctx, account, ev.PaymentID)
	if ims.ErrorCode(err) == ims.NotFound {
		s.Log.WarnContext(ctx, "webhook about an unknown payment", "account", account, "provider_payment_id", ev.PaymentID)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.settle(ctx, pp, ev); err != nil {
		return err
	}
	// Refunds exist only for a payment that had succeeded before this notification.
	if ev.Type == eventRefunded || pp.State == ims.PaymentSucceeded && s.refundsInFlight(ctx, pp.ID) {
		// Settled from the provider's list of refunds, which also finds refunds made outside IMS.
		return s.reconcileRefunds(ctx, pp, provider)
	}
	return nil
}

// settle applies the outcome a verified notification reports. Its signature proves it comes from
// the provider, and a payment's final state never changes there, so a notification of a finished
// payment is applied as it stands, without asking the provider again (issue 13). One of an
// unfinished payment (card_payment_started) changes nothing: the outcome comes later by its own
// notification, the payer's return or the sweep, so asking the provider now would be wasted.
// Only a notification that carries no payment is followed by a read of the provider.
func (s *Service) settle(ctx context.Context, pp ims.PendingPayment, ev psp.Event) error {
	if ev.Payment == nil || ev.Payment.ID != pp.ProviderPaymentID {
		_, err := s.Refresh(ctx, pp)
		return err
	}
	if !ev.Payment.State.Finished() {
		return nil
	}
	updated, applied, err := s.applyOutcome(ctx, pp, outcome(*ev.Payment))
	if err == nil && applied {
		s.Log.InfoContext(ctx, "payment finished", "payment", pp.ID, "state", updated.State, "posting", updated.PostingID)
	}
	return err
}

// eventRefunded is the webhook event a provider sends when a refund of a payment succeeds.
const eventRefunded = "card_payment_refunded"

// refundsInFlight reports whether a payment has refunds sent and not yet finished.
func (s *Service) refundsInFlight(ctx context.Context, paymentID string) bool {
	counts, err := s.DB.RefundStatesOf(ctx, paymentID)
	return err != nil || counts[ims.RefundSending]+counts[ims.RefundSubmitted] > 0 // when in doubt, read the provider
}

// Sweep re-reads unfinished payments from their providers: payments whose payer never came back
// and whose webhook never arrived are completed, and abandoned ones are closed once the provider has
// expired them. It returns how many payments it finished.
func (s *Service) Sweep(ctx context.Context) (finished int, err error) {
	now := s.DB.Clock.Now()
	list, err := s.DB.UnfinishedPayments(ctx, now.Add(-s.StartedGrace), 500)
	if err != nil {
		return 0, err
	}
	for _, pp := range list {
		if ctx.Err() != nil {
			return finished, ctx.Err()
		}
		if pp.ProviderPaymentID == "" {
			// The provider never accepted it (we crashed or it failed between the two steps), and
			// the caller has not retried it: closed, unless a retry is starting it right now.
			if _, closed, err := s.DB.CloseUnstarted(ctx, pp.ID, "not_started", "The payment was never started at the provider"); err == nil && closed {
				finished++
			}
			continue
		}
		updated, err := s.Refresh(ctx, pp)
		if ims.ErrorCode(err) == ims.NotFound && now.Sub(pp.CreatedAt) > s.ProviderExpiry+s.StartedGrace {
			// The provider has no such payment (a simulator restarted, an account replaced) and
			// its own expiry is long past: nothing can have been taken, so stop sweeping it.
			if _, applied, err := s.ApplyOutcome(ctx, pp.ID, ims.PaymentOutcome{State: ims.PaymentFailed,
				Code: "unknown_at_provider", Message: "The payment provider has no record of this payment"}); err == nil && applied {
				finished++
			}
			continue
		}
		if err != nil {
			s.Log.WarnContext(ctx, "sweep: provider did not answer", "payment", pp.ID, "err", err)
			continue
		}
		if updated.State.Finished() {
			finished++
			continue
		}
		if now.Sub(pp.CreatedAt) > s.ProviderExpiry+s.StartedGrace {
			// The provider still reports it open long after its own expiry: close it so it stops
			// being swept; if the provider later reports success, the webhook finds it finished and
			// the mismatch is in the log for the finance team.
			if _, applied, err := s.ApplyOutcome(ctx, pp.ID, ims.PaymentOutcome{State: ims.PaymentExpired,
				Code: "expired", Message: "The payer did not finish within the provider's time limit"}); err == nil && applied {
				finished++
			}
		}
	}
	refunds, err := s.sweepRefunds(ctx)
	if err != nil {
		return finished + refunds, err
	}
	// The creations of payments still open were audited outside the chain (ADR 38): each sweep
	// places them all in it, so none waits longer than the sweep's interval; a thousand at a time,
	// each batch in a transaction of its own, so the ledger's batches are not held up meanwhile.
	for {
		n, err := s.DB.SealStagedAudits(ctx, now, sealBatch)
		if err != nil || n < sealBatch {
			return finished + refunds, err
		}
	}
}

// sealBatch is how many staged audit events one transaction of the sweep places in the chain.
const sealBatch = 1000

// Return finds the payment a provider's return link names, checks the link's token and refreshes the
// payment from the provider. A provider that cannot be reached leaves the payment as recorded: the
// sweep completes it later.
func (s *Service) Return(ctx context.Context, id, token string) (ims.PendingPayment, error) {
	pp, err := s.DB.PaymentForReturn(ctx, id, token)
	if err != nil {
		return pp, err
	}
	refreshed, err := s.Refresh(ctx, pp)
	if err != nil {
		s.Log.WarnContext(ctx, "refreshing a returning payment", "payment", id, "err", err)
		return pp, nil
	}
	return refreshed, nil
}
