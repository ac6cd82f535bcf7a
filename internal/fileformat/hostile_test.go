package fileformat

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/memcheck"
)

// hostileMemoryLimit is what reading any file may add to the heap: far below the 256 MB a server
// process is given, and far below the 100 MB of the hostile files below.
const hostileMemoryLimit = 48 << 20

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

// TestLineFormatsBoundHugeInput: the text formats are read a line at a time, and each caps a line,
// a record spread over lines (a quoted CSV field with line breaks, BAI2 88 continuations, an MT940
// field folded over lines) and the errors it collects, so 100 MB of any of these, put after the
// first line of a real file, is refused in a few megabytes. (camt.053 and DWP workbooks have tests
// of their own for XML and zip files.)
func TestLineFormatsBoundHugeInput(t *testing.T) {
	const size = 100 << 20
	oneLine := func() io.Reader { return repeat("x", size) }
	quoted := func() io.Reader { return io.MultiReader(strings.NewReader(`a,"`), repeat("x,\n", size/3)) }
	allpayFirst, _, _ := strings.Cut(string(generatedAllpay(t)), "\n")
	files := []struct {
		format, first string
		hostile       map[string]func() io.Reader
	}{
		{"allpay", allpayFirst, map[string]func() io.Reader{
			"one line":   oneLine,
			"long lines": func() io.Reader { return repeat(strings.Repeat("x", 4000)+"\n", size/4001) },
		}},
		{"imscsv", "transaction_date,fund,reference,amount,mop", map[string]func() io.Reader{
			"one line": oneLine, "a quoted field over lines": quoted}},
		{"bankcsv", "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance", map[string]func() io.Reader{
			"one line": oneLine, "a quoted field over lines": quoted}},
		{"bai2", "01,NWBKGB2L,9876543,100215,14:59:35,2215,,,2/\n02,9876543,NWBKGB2L,1,091216,2400,,/\n03,88888888,GBP,010,36521,,/\n16,195,2500,,BANKREF,CUSTREF,TEXT/", map[string]func() io.Reader{
			"one line":      oneLine,
			"continuations": func() io.Reader { return repeat("88,"+strings.Repeat("x", 15000)+"\n", size/15004) },
		}},
		{"mt940", ":20:REF\n:25:123456789\n:28:1/1\n:60F:C240312GBP100,00\n:61:240312C12,39NMSCNONREF", map[string]func() io.Reader{
			"one line":           oneLine,
			"a field over lines": func() io.Reader { return io.MultiReader(strings.NewReader(":86:"), repeat("x\n", size/2)) },
		}},
	}
	for _, f := range files {
		format, err := Lookup(f.format)
		if err != nil {
			t.Fatal(err)
		}
		for kind, input := range f.hostile {
			t.Run(f.format+"/"+kind, func(t *testing.T) {
				r := io.MultiReader(strings.NewReader(f.first+"\n"), input(), strings.NewReader("\n"))
				var err error
				grew := memcheck.Peak(func() {
					_, err = format.Scan(r, func(*ims.Statement, *ims.Entry) error { return nil })
				})
				var pes ims.ParseErrors
				if !errors.As(err, &pes) || pes[0].Line < 2 {
					t.Errorf("Scan returned %v; want the file refused after its first line", err)
				}
				if grew > hostileMemoryLimit {
					t.Errorf("reading took %d MB; the limit is %d MB", grew>>20, hostileMemoryLimit>>20)
				}
			})
		}
	}
}
