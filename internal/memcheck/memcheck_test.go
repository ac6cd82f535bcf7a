package memcheck

import "testing"

var held [][]byte

func TestPeakSeesWhatIsHeld(t *testing.T) {
	grew := Peak(func() {
		for range 64 {
			held = append(held, make([]byte, 1<<20))
		}
	})
	held = nil
	if grew < 60<<20 || grew > 200<<20 {
		t.Errorf("holding 64 MB grew the heap by %d MB", grew>>20)
	}
	if quiet := Peak(func() {}); quiet > 4<<20 {
		t.Errorf("doing nothing grew the heap by %d MB", quiet>>20)
	}
}
