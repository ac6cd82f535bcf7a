package sqldb

import (
	"sync"

	"github.com/ims-council/ims/internal/fifomap"
)

// maxTakeOnce bounds a takeOnce: values never taken (a request that takes no view, a payment whose
// outcome is applied on another instance) are forgotten, oldest first.
const maxTakeOnce = 1024

// takeOnce keeps values read by one step of a request for a later step to take, once, by key:
// what a statement brought along so that the later step need not read it again. It is safe for
// concurrent use.
type takeOnce[V any] struct {
	mu     sync.Mutex
	values fifomap.Map[V]
}

// keep keeps v under key, in place of what was kept under it.
func (m *takeOnce[V]) keep(key string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values.Limit = maxTakeOnce
	m.values.Put(key, v)
}

// take returns, once, what was kept under key.
func (m *takeOnce[V]) take(key string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values.Get(key)
	m.values.Delete(key)
	return v, ok
}
