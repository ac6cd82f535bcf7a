package quickvalue

import (
	"testing"
	"time"

	"github.com/ims-council/ims/money"
)

func TestMinor2(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int64{"0.50": 50, "-12.00": -1200, "125.50": 12550, "007.05": 705, "-0.00": 0} {
		if got, ok := Minor2(s); !ok || got != want {
			t.Errorf("Minor2(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	// Left to the full reader, which accepts some of these and refuses the rest with a reason.
	for _, s := range []string{"", "-", ".50", "1.5", "1.505", "1", "+1.00", "1,000.00", " 1.00", "1.00 ", "1-0.00", "£1.00", "1234567890123456.00"} {
		if got, ok := Minor2(s); ok {
			t.Errorf("Minor2(%q) = %d; want it left to the full reader", s, got)
		}
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s      string
		l      Layout
		want   time.Time
		wantOK bool
	}{
		{"05/03/2025", DMY, time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), true},
		{"29/02/2024", DMY, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"2025-03-05", YMD, time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), true},
		{"29/02/2023", DMY, time.Time{}, false},
		{"31/04/2024", DMY, time.Time{}, false},
		{"29/02/1900", DMY, time.Time{}, false},
		{"29/02/2000", DMY, time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"00/01/2024", DMY, time.Time{}, false},
		{"01/13/2024", DMY, time.Time{}, false},
		{"2025-03-05", DMY, time.Time{}, false},
		{"5/3/2025", DMY, time.Time{}, false},
		{"2025/03/05", YMD, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := Date(tt.s, tt.l)
		if ok != tt.wantOK || !got.Equal(tt.want) {
			t.Errorf("Date(%q, %d) = %v, %v; want %v, %v", tt.s, tt.l, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestDateMemoRemembersOnlyGoodDates(t *testing.T) {
	t.Parallel()
	m := DateMemo{Layout: DMY}
	for _, s := range []string{"05/03/2025", "05/03/2025", "31/02/2025", "31/02/2025", "06/03/2025"} {
		want, wantOK := Date(s, DMY)
		if got, ok := m.Date(s); ok != wantOK || !got.Equal(want) {
			t.Errorf("Date(%q) = %v, %v; want %v, %v", s, got, ok, want, wantOK)
		}
	}
}

// FuzzSameAsFullReaders checks that whatever Minor2 and Date accept, money.ParseMinor and time.Parse
// read to the same value.
func FuzzSameAsFullReaders(f *testing.F) {
	for _, s := range []string{"12.50", "-0.01", "29/02/2024", "2024-02-29", "31/09/2024", "1x.00", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := Minor2(s); ok {
			if full, err := money.ParseMinor(s, 2); err != nil || full != v {
				t.Errorf("Minor2(%q) = %d; money.ParseMinor says %d, %v", s, v, full, err)
			}
		}
		for l, layout := range map[Layout]string{DMY: "02/01/2006", YMD: "2006-01-02"} {
			if d, ok := Date(s, l); ok {
				if full, err := time.Parse(layout, s); err != nil || !full.Equal(d) {
					t.Errorf("Date(%q, %s) = %v; time.Parse says %v, %v", s, layout, d, full, err)
				}
			}
		}
	})
}
