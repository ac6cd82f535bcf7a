package accountholders

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// MaxBulkRows is the most rows one bulk request may carry; it is applied while the caller waits.
const MaxBulkRows = 1000

// BulkUpsert creates or updates account holders from an API request's rows, by the same rules as a
// file import, and returns the finished import with every row's outcome (row n is line n). key is
// the request's Idempotency-Key: the same key with the same rows returns the first request's import
// and outcomes with created false; the same key with other rows is a Conflict. p needs the
// account-holders scope (or Finance or SystemAdmin).
func (s *Service) BulkUpsert(ctx context.Context, p ims.Principal, key string, rows []ims.AccountHolderLine) (imp ims.AccountHolderImport, lines []ims.AccountHolderImportLine, created bool, err error) {
	defer ims.Wrap(&err, "BulkUpsert")
	if err := ims.CanChangeAccountHolders(p); err != nil {
		return imp, nil, false, err
	}
	switch {
	case len(rows) == 0:
		return imp, nil, false, ims.FieldError("account_holders", "Send at least one account holder")
	case len(rows) > MaxBulkRows:
		return imp, nil, false, ims.FieldError("account_holders", "Send at most %d account holders in one request, not %d", MaxBulkRows, len(rows))
	}
	body, err := json.Marshal(rows)
	if err != nil {
		return imp, nil, false, err
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	if prior, found, err := s.DB.AccountHolderImportByKey(ctx, p.APIClientID, key); err != nil || found {
		if err == nil && prior.RequestHash != hash {
			err = ims.Errorf(ims.Conflict, "Idempotency-Key %q was used for other account holders; use a new key for a new request", key)
		}
		if err != nil {
			return imp, nil, false, err
		}
		lines, err = s.DB.AccountHolderImportLines(ctx, prior.ID, nil, 0, MaxBulkRows)
		return prior.AccountHolderImport, inRowOrder(lines), false, err
	}
	si, err := newImport(p, ims.ImportSourceAPI, "API request")
	if err != nil {
		return imp, nil, false, err
	}
	si.SHA256, si.Size, si.RequestHash, si.State = hash, int64(len(body)), hash, ims.ImportRunning
	err = s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		id, err := tx.InsertAccountHolderImport(ctx, si, p.APIClientID, key)
		si.ID = id
		return err
	})
	if err != nil {
		return imp, nil, false, err
	}
	si.RowsTotal = int64(len(rows))
	a, err := s.newApplier(ctx, p, si.AccountHolderImport)
	if err != nil {
		return imp, nil, false, err
	}
	for i, r := range rows {
		r.Line = int64(i + 1)
		if err := a.add(ctx, r); err != nil {
			return a.imp, nil, false, err
		}
	}
	if err := a.flush(ctx); err != nil {
		return a.imp, nil, false, err
	}
	if imp, err = a.finish(ctx); err != nil {
		return imp, nil, false, err
	}
	lines, err = s.DB.AccountHolderImportLines(ctx, imp.ID, nil, 0, MaxBulkRows)
	return imp, inRowOrder(lines), true, err
}

// inRowOrder sorts outcomes by line, which is the row's place in the request.
func inRowOrder(lines []ims.AccountHolderImportLine) []ims.AccountHolderImportLine {
	slices.SortFunc(lines, func(a, b ims.AccountHolderImportLine) int { return cmp.Compare(a.Line, b.Line) })
	return lines
}
