package sqldb

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
	"time"
)

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

func (h *hasher) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }
