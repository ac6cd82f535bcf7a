package sqldb

import (
	"testing"
	"time"
)

// TestGatherEndsWhenEveryCallerHasCome checks the ledger writer's wait for more work: it takes
// what is queued, ends as soon as as many pieces as callers were about have come (not at the end
// of its window: eight steady writers would otherwise each wait the whole window on every batch),
// and ends at the window when fewer come.
func TestGatherEndsWhenEveryCallerHasCome(t *testing.T) {
	queue := make(chan ledgerWork, maxLedgerBatch)
	for range 3 {
		queue <- ledgerWork{}
	}
	go func() {
		for range 4 {
			time.Sleep(time.Millisecond)
			queue <- ledgerWork{}
		}
	}()
	start := time.Now()
	batch := gatherBatch(queue, ledgerWork{}, 8, time.Minute)
	if len(batch) != 8 || time.Since(start) > 30*time.Second {
		t.Fatalf("gathered %d pieces in %v; want all 8 as soon as they came", len(batch), time.Since(start))
	}

	queue <- ledgerWork{}
	start = time.Now()
	batch = gatherBatch(queue, ledgerWork{}, 8, 20*time.Millisecond)
	if waited := time.Since(start); len(batch) != 2 || waited < 20*time.Millisecond {
		t.Fatalf("gathered %d pieces in %v; want the 2 there were, after the 20ms window", len(batch), waited)
	}

	for range maxLedgerBatch + 5 {
		select {
		case queue <- ledgerWork{}:
		default:
		}
	}
	if batch = gatherBatch(queue, ledgerWork{}, 1, time.Minute); len(batch) != maxLedgerBatch {
		t.Fatalf("gathered %d queued pieces; want a full batch of %d", len(batch), maxLedgerBatch)
	}
}
