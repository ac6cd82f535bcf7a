// Package memcheck measures the memory a piece of code takes, for tests that hold a parser to a
// memory limit whatever its input.
package memcheck

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// heapObjects is the runtime metric of the heap's objects, live or not yet collected.
const heapObjects = "/memory/classes/heap/objects:bytes"

// Peak runs fn and returns the most the heap grew above where it started while fn ran, sampled
// every millisecond. Memory that is allocated and dropped between two samples can be missed, but
// filling hundreds of megabytes takes far longer than a millisecond, so a parser that holds a
// hostile input whole is caught, while code that allocates a lot and drops it again at once (a
// streaming parser) is measured by what it holds. Other goroutines' memory counts too, so a test
// that uses Peak should not run in parallel with others.
func Peak(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: heapObjects}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	peak = max(peak, read())
	if peak < base {
		return 0
	}
	return peak - base
}
