// Package refdata is the reference data service: who may change the records the ledger is kept
// against (funds, methods of payment, VAT codes, offices, the council's details and the rest).
// Changing them needs the SystemAdmin role, checked here before storage is asked; the SQL, the
// records' checks against each other and the before/after audit rows are the storage kernel's.
package refdata

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service changes the reference data of one database.
type Service struct {
	DB *sqldb.DB
}

// New returns the reference data service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db} }

// LoadReferenceData applies a configuration document in one transaction, creating or replacing each
// record it lists, and returns how many records it applied. p needs the SystemAdmin role. Any
// invalid record refuses the whole document (sqldb.DB.LoadReferenceData).
func (s *Service) LoadReferenceData(ctx context.Context, p ims.Principal, doc ims.ReferenceData) (n int, err error) {
	defer ims.Wrap(&err, "LoadReferenceData")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return 0, err
	}
	return s.DB.LoadReferenceData(ctx, p, doc)
}

// SetOrganisation replaces the council's details shown on receipts. p needs the SystemAdmin role.
func (s *Service) SetOrganisation(ctx context.Context, p ims.Principal, o ims.Organisation) (err error) {
	defer ims.Wrap(&err, "SetOrganisation")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	return s.DB.SetOrganisation(ctx, p, o)
}

// Record is one kind of reference data record: the type parameter of its sqldb.Store.
type Record interface{ Validate() error }

// Put creates the record v in store, or replaces the one with the same key; disabling a record is a
// Put with its disabled flag set. p needs the SystemAdmin role.
func Put[T Record](ctx context.Context, p ims.Principal, store sqldb.Store[T], v T) (err error) {
	defer ims.Wrap(&err, "Put")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	return store.Put(ctx, p, v)
}

// Delete removes the record with key from store; a record in use can only be disabled. p needs the
// SystemAdmin role.
func Delete[T Record](ctx context.Context, p ims.Principal, store sqldb.Store[T], key ...any) (err error) {
	defer ims.Wrap(&err, "Delete")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	return store.Delete(ctx, p, key...)
}
