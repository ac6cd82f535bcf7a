// Package fifomap is a map that keeps at most a given number of keys, forgetting the oldest put
// first: for what one request or caller leaves for another that may never come for it.
package fifomap

// Map maps strings to V. Its zero value keeps nothing; set Limit first. It is not safe for
// concurrent use: its owner locks around it.
type Map[V any] struct {
	Limit int // the most keys kept

	values map[string]entry[V]
	order  []put // every put still counted against Limit, oldest first
	puts   uint64
}

type entry[V any] struct {
	v   V
	put uint64 // which put wrote it, so that an older put of the same key forgets nothing
}

type put struct {
	key string
	n   uint64
}

// Put keeps v under key, in place of what was kept under it, forgetting the oldest key when the
// map is full.
func (m *Map[V]) Put(key string, v V) {
	if m.values == nil {
		m.values = make(map[string]entry[V])
	}
	m.puts++
	m.values[key] = entry[V]{v: v, put: m.puts}
	m.order = append(m.order, put{key, m.puts})
	for len(m.order) > m.Limit {
		oldest := m.order[0]
		m.order = m.order[1:]
		if e, ok := m.values[oldest.key]; ok && e.put == oldest.n {
			delete(m.values, oldest.key)
		}
	}
}

// Get returns what is kept under key.
func (m *Map[V]) Get(key string) (V, bool) {
	e, ok := m.values[key]
	return e.v, ok
}

// Delete forgets key.
func (m *Map[V]) Delete(key string) { delete(m.values, key) }

// Len is how many keys are kept.
func (m *Map[V]) Len() int { return len(m.values) }
