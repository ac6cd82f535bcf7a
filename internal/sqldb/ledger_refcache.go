package sqldb

import "github.com/ims-council/ims"

// referenceDataVersion names the chain_heads row that counts changes to the reference data.
const referenceDataVersion = "reference_data"

// referenceCache keeps the funds, methods of payment, VAT codes, organisation and enabled webhook
// subscribers the ledger writer's batches have read, for as long as the reference data version
// (chain_heads 'reference_data', which every change to those tables advances in its own
// transaction: migrations 00029, 00032, 00033) stays the one they were read at. A batch reads the version with the chain heads, under the same lock, so a
// change committed by any instance before the batch began is seen by it; without the cache each
// batch read the same handful of rows again, about half of its statements (ADR 37).
//
// Only the writer goroutine uses it, so it needs no lock.
type referenceCache struct {
	version int64
	valid   bool
	funds   map[string]ims.Fund
	mops    map[string]ims.MOP
	vats    map[string]ims.VATCode
	org     *organisationRead // the organisation, for receipts composed in a batch (migration 00032)
	subs    *subscribersRead  // the enabled webhook subscribers, for a batch's webhook events (migration 00033)
}

// organisationRead is the organisation as a transaction read it, once it has.
type organisationRead struct {
	org  ims.Organisation
	read bool
}

// subscribersRead is the enabled webhook subscribers as a transaction read them, once it has.
type subscribersRead struct {
	subs []ims.WebhookSubscriber
	read bool
}

// lend gives tx the cached records when they were read at the version tx has locked, and
// otherwise starts the cache afresh at that version. The maps are shared, not copied: whatever
// tx reads into them it reads at that version, under the lock that keeps the version still.
func (c *referenceCache) lend(tx *Tx) {
	h, ok := tx.heads[referenceDataVersion]
	if !ok {
		return
	}
	if !c.valid || c.version != h.seq {
		c.version, c.valid = h.seq, true
		c.funds, c.mops, c.vats = map[string]ims.Fund{}, map[string]ims.MOP{}, map[string]ims.VATCode{}
		c.org, c.subs = &organisationRead{}, &subscribersRead{}
	}
	tx.funds, tx.mops, tx.vats, tx.org, tx.subs = c.funds, c.mops, c.vats, c.org, c.subs
}

// drop forgets everything: a batch that was rolled back may have read records its own pieces
// changed (which the rollback undid) at a version the rollback put back.
func (c *referenceCache) drop() { c.valid = false }
