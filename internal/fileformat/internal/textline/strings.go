package textline

import "unsafe"

// stringsBlock is how many bytes of text a Strings allocates at once: enough for a few hundred lines,
// so that the allocation is a small part of reading them, and little enough that an entry kept
// from a file keeps little else of it.
const stringsBlock = 16 << 10

// Strings makes strings of the bytes of lines, a block at a time, so that a parser reading a
// million lines allocates once per block rather than once per line, which is most of the cost of
// reading a short line. A string it makes keeps its whole block in memory as long as it is kept:
// a caller that keeps a few strings from a large file for long copies them (strings.Clone).
type Strings struct {
	block []byte
}

// Make returns b as a string.
func (s *Strings) Make(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(s.block)-len(s.block) {
		s.block = make([]byte, 0, max(stringsBlock, len(b)))
	}
	start := len(s.block)
	// Only the length of s.block changes, not its pointer, so that no write barrier is called on the
	// garbage collector's behalf, as append would.
	s.block = s.block[:start+len(b)]
	copy(s.block[start:], b)
	// The bytes from start on are never written again: Make only appends past them, and a full
	// block is dropped, not reused. So the string made over them is as immutable as any other.
	return unsafe.String(&s.block[start], len(b))
}
