-- +goose Up
-- A posting's place in the ledger's hash chain (chain_seq, gapless) is no longer its id (ADR 36):
-- a streamed import posting takes its id when it starts, writes its entries without holding the
-- chain, and takes its place in the chain only when it finishes, so the card payments posted
-- meanwhile are not held back. Ids come from their own counter (chain_heads 'posting_id'), never
-- reused, no longer gapless; the chain's sequence detects a removed posting. hash_form 2 marks a
-- posting hashed over a digest of its entries rather than the entries themselves (ADR 36).
ALTER TABLE postings ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN hash_form INTEGER NOT NULL DEFAULT 1;
ALTER TABLE postings DISABLE TRIGGER postings_append_only;
UPDATE postings SET chain_seq = id;
ALTER TABLE postings ENABLE TRIGGER postings_append_only;
CREATE UNIQUE INDEX postings_chain_seq ON postings (chain_seq);
INSERT INTO chain_heads (name, seq, hash) SELECT 'posting_id', seq, '' FROM chain_heads WHERE name = 'ledger';
-- The entries' key to their posting goes, as their keys to funds, MOPs and VAT codes went (ADR 7):
-- the ledger writes a posting and its entries in one transaction, `ims ledger verify` finds an entry
-- without its posting, and for a streamed posting the key was checked at commit, row by row,
-- while the transaction held the chain (a million checks that every other posting waited for).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_posting_id_fkey;

-- +goose Down
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_posting_id_fkey FOREIGN KEY (posting_id)
    REFERENCES postings (id) DEFERRABLE INITIALLY IMMEDIATE;
DELETE FROM chain_heads WHERE name = 'posting_id';
DROP INDEX postings_chain_seq;
ALTER TABLE postings DROP COLUMN hash_form;
ALTER TABLE postings DROP COLUMN chain_seq;
