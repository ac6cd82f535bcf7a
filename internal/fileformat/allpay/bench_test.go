package allpay

import (
	"bytes"
	"testing"
	"time"

	"github.com/ims-council/ims"
)

// BenchmarkScan measures reading an allpay file of 100,000 lines, a tenth of the benchmark's
// million-line import, the way an import reads it: one entry at a time.
func BenchmarkScan(b *testing.B) {
	data := benchmarkFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		f, err := Scan(bytes.NewReader(data), func(*ims.Statement, *ims.Entry) error { n++; return nil })
		if err != nil || len(f.Problems) != 0 || n != 100000 {
			b.Fatal(err, f.Problems, n)
		}
	}
}

func benchmarkFile(b *testing.B) []byte {
	var buf bytes.Buffer
	d := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
	var total int64
	const n = 100000
	for i := range n {
		minor := int64(100 + i%50000)
		total += minor
		if err := WriteDetail(&buf, "KIOSK01", "600123456", minor, Channels[i%len(Channels)], d); err != nil {
			b.Fatal(err)
		}
	}
	if err := WriteTrailer(&buf, total, n); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
