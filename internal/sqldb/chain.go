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
type hasher struct {
	h   hash.Hash
	buf []byte // one field's canonical form, reused: an import hashes millions of fields
}

func newHasher(prev string) *hasher {
	h := &hasher{h: sha256.New()}
	h.str(prev)
	return h
}

func (h *hasher) str(s string) {
	h.buf = strconv.AppendInt(h.buf[:0], int64(len(s)), 10)
	h.buf = append(append(h.buf, ':'), s...)
	h.h.Write(h.buf)
}

// field hashes b, a field formatted into a scratch array, as str hashes its text.
func (h *hasher) field(b []byte) {
	h.buf = strconv.AppendInt(h.buf[:0], int64(len(b)), 10)
	h.buf = append(append(h.buf, ':'), b...)
	h.h.Write(h.buf)
}

func (h *hasher) int(v int64) {
	var a [24]byte
	h.field(strconv.AppendInt(a[:0], v, 10))
}

func (h *hasher) time(t time.Time) {
	var a [40]byte
	h.field(t.UTC().AppendFormat(a[:0], time.RFC3339Nano))
}

func (h *hasher) date(t time.Time) {
	var a [16]byte
	h.field(t.AppendFormat(a[:0], time.DateOnly))
}

func (h *hasher) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }
