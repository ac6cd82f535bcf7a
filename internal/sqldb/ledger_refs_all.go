package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// AllPostingRefs returns every fund, method of payment and VAT code as tx sees them, for building
// a posting's entries away from the transaction: an import builds a chunk of entries while the
// transaction writes the one before (a transaction serves one statement at a time). A council has
// tens or hundreds of each.
func (tx *Tx) AllPostingRefs(ctx context.Context) (ims.PostingRefs, error) {
	db := tx.owner
	refs := ims.PostingRefs{Funds: map[string]ims.Fund{}, MOPs: map[string]ims.MOP{}, VATCodes: map[string]ims.VATCode{}}
	funds, err := db.Funds().list(ctx, tx, "")
	if err != nil {
		return refs, err
	}
	for _, f := range funds {
		refs.Funds[f.Code] = f
	}
	mops, err := db.MOPs().list(ctx, tx, "")
	if err != nil {
		return refs, err
	}
	for _, m := range mops {
		refs.MOPs[m.Code] = m
	}
	vats, err := db.VATCodes().list(ctx, tx, "")
	if err != nil {
		return refs, err
	}
	for _, v := range vats {
		refs.VATCodes[v.Code] = v
	}
	return refs, nil
}
