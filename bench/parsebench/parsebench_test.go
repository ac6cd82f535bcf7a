package parsebench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestRunSmall runs the whole harness, child processes included, on small files: every workload
// prints one well-formed measurement in which the parser and the baseline both read every row.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	var out bytes.Buffer
	if err := run(context.Background(), &out, t.TempDir(), 2000); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	var names []string
	for sc.Scan() {
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		names = append(names, r.Name)
		if r.Rows != 2000 || r.Seconds <= 0 || r.RowsPerS <= 0 || r.BaselineRowsPerS <= 0 || r.Ratio <= 0 {
			t.Errorf("implausible measurement %+v", r)
		}
		if _, err := os.Stat("/proc/self/status"); err == nil && r.PeakRSSMB <= 0 {
			t.Errorf("%s: no peak RSS measured", r.Name)
		}
	}
	want := []string{}
	for _, w := range workloads() {
		want = append(want, "parse_"+w.name+"_2k")
	}
	if len(names) != len(want) {
		t.Fatalf("measurements %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("measurement %d = %s, want %s", i, names[i], want[i])
		}
	}
}

// TestGeneratedFilesParse checks that each generated file is one its parser accepts in full, and
// that the baseline counts the same rows: a baseline that counted the trailer or the header would
// make every ratio wrong.
func TestGeneratedFilesParse(t *testing.T) {
	for _, w := range workloads() {
		t.Run(w.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), w.file)
			if err := generate(path, w, 1234); err != nil {
				t.Fatal(err)
			}
			for mode, f := range map[string]func(r *os.File) (int, error){
				"parse":    func(r *os.File) (int, error) { return w.parse(r) },
				"baseline": func(r *os.File) (int, error) { return w.baseline(r) },
			} {
				r, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				n, err := f(r)
				r.Close()
				if err != nil || n != 1234 {
					t.Errorf("%s read %d rows, %v; want 1234", mode, n, err)
				}
			}
		})
	}
}

func TestSizeName(t *testing.T) {
	for rows, want := range map[int]string{1_000_000: "1m", 2_000_000: "2m", 10_000: "10k", 1500: "1500"} {
		if got := sizeName(rows); got != want {
			t.Errorf("sizeName(%d) = %q, want %q", rows, got, want)
		}
	}
}
