package ims

import "context"

// The service interfaces below are what the web and API layers (internal/web, internal/web/portal,
// internal/api) depend on: handlers hold these, never a database handle, and internal/app gives
// them the implementations (the feature packages' services, and the storage kernel for plain
// reads). Each method checks the Principal it is given and returns *Error values whose Code the one
// status table (web.Status) turns into an HTTP status.

// PaymentService takes card payments through a payment provider and applies each outcome exactly
// once, whichever of the payer's return, the provider's webhook or the sweep brings it first.
// internal/payments.Service implements it.
type PaymentService interface {
	// Start validates and records a basket, starts it at the provider and returns it with the URL
	// of the provider's card page. created is false when an idempotent request was repeated.
	Start(ctx context.Context, p Principal, req PaymentRequest) (pp PendingPayment, created bool, err error)
	// Check validates a request as Start does, recording nothing.
	Check(ctx context.Context, p Principal, req PaymentRequest) error
	// Get returns a payment the principal may see, refreshed from the provider when unfinished.
	Get(ctx context.Context, p Principal, id string) (PendingPayment, error)
	// Return finds the payment a provider's return link names, checks the link's token and
	// refreshes the payment from the provider.
	Return(ctx context.Context, id, token string) (PendingPayment, error)
	// HandleWebhook applies a provider's signed notification; NotFound means IMS has no such
	// provider account.
	HandleWebhook(ctx context.Context, account string, body []byte, signature string) error
}

// RefundService refunds card payments, at most once each, with a second person's approval above the
// approval limit. internal/payments.Service implements it.
type RefundService interface {
	// Refund requests a refund; created is false when an idempotent request was repeated.
	Refund(ctx context.Context, p Principal, req RefundRequest) (r PaymentRefund, created bool, err error)
	GetRefund(ctx context.Context, p Principal, id string) (PaymentRefund, error)
	ApproveRefund(ctx context.Context, p Principal, id string) (PaymentRefund, error)
	RejectRefund(ctx context.Context, p Principal, id, reason string) (PaymentRefund, error)
}

// ReferenceService validates an account reference against its fund's rules, and an amount against
// the fund's limits and the account holder when those are given.
type ReferenceService interface {
	CheckReference(ctx context.Context, p Principal, c ReferenceCheck) (ReferenceResult, error)
}

// TokenAuthenticator finds the API client a bearer token belongs to: its principal (with its
// scopes) and the client (with its IP allow-list); Unauthorized for a token unknown or revoked.
type TokenAuthenticator interface {
	AuthenticateToken(ctx context.Context, token string) (Principal, APIClient, error)
}

// ReferenceDataReader reads the reference data the citizen portal shows: the council, its funds,
// methods of payment and VAT codes.
type ReferenceDataReader interface {
	Organisation(ctx context.Context) (Organisation, error)
	Funds(ctx context.Context) ([]Fund, error)
	MOPs(ctx context.Context) ([]MOP, error)
	MOP(ctx context.Context, code string) (MOP, error)
	VATCodes(ctx context.Context) ([]VATCode, error)
}

// ReferenceDataLister lists the reference data an API integrator reads to build its own forms:
// funds, methods of payment, VAT codes, and the reference validators funds name (for their input
// masks and lengths). The route's scope is the access check; the lists are the same for every caller.
type ReferenceDataLister interface {
	Funds(ctx context.Context) ([]Fund, error)
	MOPs(ctx context.Context) ([]MOP, error)
	VATCodes(ctx context.Context) ([]VATCode, error)
	ReferenceValidators(ctx context.Context) ([]ReferenceValidator, error)
}

// ReceiptReader reads what a VAT receipt shows: the posting a receipt number names and the card
// payment behind it.
type ReceiptReader interface {
	PostingByReceipt(ctx context.Context, receipt string) (Posting, error)
	PendingPayment(ctx context.Context, p Principal, id string) (PendingPayment, error)
}
