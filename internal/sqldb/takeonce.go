package sqldb

import "sync"

// maxTakeOnce bounds a takeOnce: values never taken (a request that takes no view, a payment whose
// outcome is applied on another instance) are forgotten, oldest first.
const maxTakeOnce = 1024

// takeOnce keeps values read by one step of a request for a later step to take, once, by key:
// what a statement brought along so that the later step need not read it again. It is safe for
// concurrent use.
type takeOnce[V any] struct {
	mu     sync.Mutex
	values map[string]V
	order  []string // keys, oldest first; a key taken stays here until it comes round
}

// keep keeps v under key, in place of what was kept under it.
func (m *takeOnce[V]) keep(key string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.values == nil {
		m.values = make(map[string]V)
	}
	if _, kept := m.values[key]; !kept {
		if len(m.order) >= maxTakeOnce {
			delete(m.values, m.order[0]) // a no-op when it was taken
			m.order = m.order[1:]
		}
		m.order = append(m.order, key)
	}
	m.values[key] = v
}

// take returns, once, what was kept under key.
func (m *takeOnce[V]) take(key string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	delete(m.values, key)
	return v, ok
}
