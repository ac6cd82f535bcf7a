// Package sink hands the entries a parser reads to the function its Scan was given, the same way
// for every format: each entry is counted in its statement, and handed on only while the file has
// shown no error, since the caller will drop them all if it has.
package sink

import "github.com/ims-council/ims"

// Entries hands entries to an ims.EntryFunc.
type Entries struct {
	each    ims.EntryFunc
	stopped error
}

// New returns Entries that hand entries to each.
func New(each ims.EntryFunc) Entries { return Entries{each: each} }

// Add counts e in st (ims.Statement.Tally) and, when good says the file has shown no error so far,
// hands both to the function, unless it has already asked to stop.
func (s *Entries) Add(st *ims.Statement, e *ims.Entry, good bool) {
	st.Tally(e)
	if good && s.stopped == nil {
		s.stopped = s.each(st, e)
	}
}

// Stopped returns the error the function returned, which ends the scan, or nil.
func (s *Entries) Stopped() error { return s.stopped }
