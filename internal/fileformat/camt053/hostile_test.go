package camt053

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/memcheck"
)

// memoryLimit is what reading any file may add to the heap in these tests: far below the 256 MB a
// server process is given, and far below what the hostile files below would take if held whole.
// The most a file can take is an entry at its 4 MB limit made of the smallest elements, held as a
// tree of about 30 MB, with as much again of garbage not yet collected.
const memoryLimit = 96 << 20

// repeat returns a reader of n copies of s, made as they are read, so that a test never holds a
// large file.
func repeat(s string, n int) io.Reader {
	block := strings.Repeat(s, max(1, 8192/len(s))) // whole copies of s, copied a block at a time
	return io.LimitReader(&repeater{s: block}, int64(len(s)*n))
}

type repeater struct {
	s   string
	off int
}

func (r *repeater) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

// around returns a reader of a statement with one entry whose inner XML is the given readers: the
// document up to the middle, then middle, then the rest.
func around(middle ...io.Reader) io.Reader {
	whole := doc("02", stmt(ntry("1.00", "CRDT", "\x00")))
	before, after, _ := strings.Cut(whole, "\x00")
	return io.MultiReader(append(append([]io.Reader{strings.NewReader(before)}, middle...), strings.NewReader(after))...)
}

// scanAll reads a file as `ims statement show` does, keeping no entry, and returns the file Scan
// returned, how far the heap grew, and Scan's error.
func scanAll(r io.Reader) (f *ims.StatementFile, grew uint64, err error) {
	grew = memcheck.Peak(func() {
		f, err = Scan(r, func(*ims.Statement, *ims.Entry) error { return nil })
	})
	return f, grew, err
}

// TestHugeTextIsRefused: a camt.053 file with a 200 MB text node took 946 MB of memory. A single
// text, attribute or comment is capped, as is the text of one element and the size of one entry, so
// each of these is refused with the limit named, in little memory.
func TestHugeTextIsRefused(t *testing.T) {
	tests := []struct {
		name string
		file io.Reader
		want string
	}{
		{"a 200 MB text node", around(strings.NewReader("<AddtlNtryInf>"), repeat("x", 200<<20), strings.NewReader("</AddtlNtryInf>")),
			"line 8: the file is refused: a single XML text, tag or comment is longer than 1 MB, the limit"},
		{"a 200 MB attribute", around(strings.NewReader(`<AddtlNtryInf x="`), repeat("x", 200<<20), strings.NewReader(`"/>`)),
			"line 8: the file is refused: a single XML text, tag or comment is longer than 1 MB, the limit"},
		{"a 200 MB comment", around(strings.NewReader("<!--"), repeat("x", 200<<20), strings.NewReader("-->")),
			"line 8: the file is refused: a single XML text, tag or comment is longer than 1 MB, the limit"},
		{"a 200 MB text in pieces", around(strings.NewReader("<AddtlNtryInf>"), repeat("0123456789<!---->", 200<<20/17), strings.NewReader("</AddtlNtryInf>")),
			"line 8, Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/AddtlNtryInf: the file is refused: the element's text is longer than 1 MB, the limit"},
		{"a 200 MB entry", around(strings.NewReader("<NtryDtls>"), repeat("<TxDtls><Refs><EndToEndId>E2E</EndToEndId></Refs></TxDtls>", 200<<20/59), strings.NewReader("</NtryDtls>")),
			"line 8, Document/BkToCstmrStmt/Stmt[1]/Ntry[1]: the file is refused: the element is larger than 4 MB, the limit for one element of a statement (an entry with its details, say)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, grew, err := scanAll(tt.file)
			pes, ok := err.(ims.ParseErrors)
			if f != nil || !ok || pes[len(pes)-1].Error() != tt.want {
				t.Errorf("got %v\nwant %q", err, tt.want)
			}
			if grew > memoryLimit {
				t.Errorf("reading took %d MB; the limit is %d MB", grew>>20, memoryLimit>>20)
			}
		})
	}
}

// TestManyEntriesAreRead: only single elements are capped, not the file: a statement of 100,000
// entries (35 MB) is read in the same few megabytes as a small one, less than the entries would take
// if they were held (352 bytes each before their strings).
func TestManyEntriesAreRead(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 35 MB statement")
	}
	const entries = 100_000
	pr, pw := io.Pipe()
	go func() {
		whole := doc("02", stmt("\x00"))
		before, after, _ := strings.Cut(whole, "\x00")
		io.WriteString(pw, before)
		for i := range entries {
			io.WriteString(pw, ntry("1.00", "CRDT", fmt.Sprintf("<NtryRef>%d</NtryRef>", i)))
		}
		io.WriteString(pw, after)
		pw.Close()
	}()
	start := time.Now()
	f, grew, err := scanAll(pr)
	if err != nil || f.Statements[0].EntryCount != entries {
		t.Fatalf("Scan: %v", err)
	}
	if grew > 24<<20 {
		t.Errorf("reading %d entries took %d MB", entries, grew>>20)
	}
	t.Logf("%d entries in %v, heap grew %d MB", entries, time.Since(start), grew>>20)
}
