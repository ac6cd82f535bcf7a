package accountholders

import (
	"context"

	"github.com/ims-council/ims"
)

// Import returns the import with id. p needs Finance or SystemAdmin (or the account-holders scope).
func (s *Service) Import(ctx context.Context, p ims.Principal, id int64) (imp ims.AccountHolderImport, err error) {
	defer ims.Wrap(&err, "Import(%d)", id)
	if err := ims.CanChangeAccountHolders(p); err != nil {
		return imp, err
	}
	si, found, err := s.DB.AccountHolderImport(ctx, id)
	if err != nil {
		return imp, err
	}
	if !found {
		return imp, ims.Errorf(ims.NotFound, "There is no account holder import %d", id)
	}
	return si.AccountHolderImport, nil
}

// Imports returns the latest imports, newest first, at most limit. p needs Finance or SystemAdmin.
func (s *Service) Imports(ctx context.Context, p ims.Principal, limit int) (_ []ims.AccountHolderImport, err error) {
	defer ims.Wrap(&err, "Imports")
	if err := ims.CanChangeAccountHolders(p); err != nil {
		return nil, err
	}
	return s.DB.AccountHolderImports(ctx, limit)
}

// ImportLines returns up to limit line outcomes of import id after skipping offset, refused lines
// first. Lines of funds p cannot see are left out, except that the lines of p's own import are all
// shown (they are what p sent, refused lines of unknown funds included).
func (s *Service) ImportLines(ctx context.Context, p ims.Principal, id int64, offset, limit int) (_ []ims.AccountHolderImportLine, err error) {
	defer ims.Wrap(&err, "ImportLines(%d)", id)
	imp, err := s.Import(ctx, p, id)
	if err != nil {
		return nil, err
	}
	funds := visibleFunds(p)
	if imp.Actor == p.Actor() {
		funds = nil
	}
	return s.DB.AccountHolderImportLines(ctx, id, funds, offset, limit)
}
