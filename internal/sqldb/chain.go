package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"hash"
	"strconv"
	"strings"
	"time"
)

// advanceChain takes the next sequence number of a hash chain ("ledger" or "audit") and returns it
// with the chain's current head hash. The UPDATE locks the chain's row until the transaction ends,
// so writers of one chain are serialised on both engines; callers must finish with setChainHead.
// Lock order, where both are taken, is ledger then audit.
func advanceChain(ctx context.Context, tx *sql.Tx, chain string) (seq int64, head string, err error) {
	err = tx.QueryRowContext(ctx,
		`UPDATE chain_heads SET seq = seq + 1 WHERE name = $1 RETURNING seq, hash`, chain).Scan(&seq, &head)
	return seq, head, err
}

func setChainHead(ctx context.Context, tx *sql.Tx, chain, hash string) error {
	_, err := tx.ExecContext(ctx, `UPDATE chain_heads SET hash = $1 WHERE name = $2`, hash, chain)
	return err
}

// hasher builds the canonical form of a chained record: the previous hash, then each field as
// length-prefixed text, so no two different records share a canonical form.
type hasher struct{ h hash.Hash }

func newHasher(prev string) *hasher {
	h := &hasher{h: sha256.New()}
	h.str(prev)
	return h
}

func (h *hasher) str(s string) {
	h.h.Write([]byte(strconv.Itoa(len(s))))
	h.h.Write([]byte{':'})
	h.h.Write([]byte(s))
}

func (h *hasher) int(v int64) { h.str(strconv.FormatInt(v, 10)) }

func (h *hasher) time(t time.Time) { h.str(t.UTC().Format(time.RFC3339Nano)) }

func (h *hasher) date(t time.Time) { h.str(t.Format(time.DateOnly)) }

func (h *hasher) bool(b bool) { h.str(strconv.FormatBool(b)) }

func (h *hasher) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

// shortHash is the first characters of a hash, enough for people to compare.
func shortHash(s string) string {
	if len(s) > 16 {
		return s[:16]
	}
	return strings.Clone(s)
}
