package main

import "context"

// runStatement is replaced by the statement summary command (issue 4).
func (m *Main) runStatement(_ context.Context, _ []string) int {
	return m.errorf("statement: not built yet")
}
