package app

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// portalStore gives the portal what it reads from the database (portal.Store), as package ims's
// service interfaces name it, so the portal holds no database handle.
type portalStore struct{ db *sqldb.DB }

func (s portalStore) Organisation(ctx context.Context) (ims.Organisation, error) {
	return s.db.Organisation(ctx)
}

func (s portalStore) Funds(ctx context.Context) ([]ims.Fund, error) { return s.db.Funds().List(ctx) }

func (s portalStore) MOPs(ctx context.Context) ([]ims.MOP, error) { return s.db.MOPs().List(ctx) }

func (s portalStore) MOP(ctx context.Context, code string) (ims.MOP, error) {
	return s.db.MOPs().Get(ctx, code)
}

func (s portalStore) VATCodes(ctx context.Context) ([]ims.VATCode, error) {
	return s.db.VATCodes().List(ctx)
}

func (s portalStore) ReferenceValidators(ctx context.Context) ([]ims.ReferenceValidator, error) {
	return s.db.ReferenceValidators().List(ctx)
}

func (s portalStore) CheckReference(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (ims.ReferenceResult, error) {
	return s.db.CheckReference(ctx, p, c)
}

func (s portalStore) PostingByReceipt(ctx context.Context, receipt string) (ims.Posting, error) {
	return s.db.PostingByReceipt(ctx, receipt)
}

func (s portalStore) PendingPayment(ctx context.Context, p ims.Principal, id string) (ims.PendingPayment, error) {
	return s.db.PendingPayment(ctx, p, id)
}
