package fifomap

import (
	"fmt"
	"testing"
)

// The map forgets its oldest puts first and never holds more than Limit keys; a key put again
// counts from its latest put, and one deleted and put again is not forgotten for its earlier put.
func TestMapForgetsTheOldestFirst(t *testing.T) {
	m := Map[int]{Limit: 3}
	for i := range 5 {
		m.Put(fmt.Sprint(i), i)
	}
	for key, want := range map[string]bool{"0": false, "1": false, "2": true, "3": true, "4": true} {
		if _, ok := m.Get(key); ok != want {
			t.Errorf("after five puts into three: %s kept %v, want %v", key, ok, want)
		}
	}
	m.Delete("2")
	m.Put("2", 20) // the put of "2" before it is still counted; it must not take this one with it
	m.Put("5", 5)
	if v, ok := m.Get("2"); !ok || v != 20 {
		t.Errorf("a key deleted and put again: %d, %v; want 20 kept", v, ok)
	}
	if m.Len() > m.Limit {
		t.Errorf("%d keys kept; want at most %d", m.Len(), m.Limit)
	}
}
