package imports

import (
	"testing"

	"github.com/ims-council/ims"
)

// A file read in one pass numbers its statements by their first entries, which is right only when
// no statement without entries comes before one with: otherwise it must be posted in two passes,
// or its lines would be recorded against the wrong statement.
func TestStatementsNumberedAsReadNeedEveryEarlierStatementToHaveEntries(t *testing.T) {
	t.Parallel()
	read := func(counts ...int) error {
		file := &ims.StatementFile{}
		w := &statementsAsRead{}
		for _, n := range counts {
			file.Statements = append(file.Statements, ims.Statement{})
			st := &file.Statements[len(file.Statements)-1]
			for range n {
				st.EntryCount++
				if _, err := w.next(st); err != nil {
					return err
				}
			}
		}
		return w.end(file)
	}
	cases := []struct {
		counts []int
		want   error
	}{
		{[]int{3}, nil},
		{[]int{0}, nil},
		{[]int{2, 1, 4}, nil},
		{[]int{2, 5, 0}, nil},
		{[]int{0, 3}, errTwoPasses},
		{[]int{2, 0, 1}, errTwoPasses},
	}
	for _, c := range cases {
		if err := read(c.counts...); err != c.want {
			t.Errorf("statements of %v entries: %v, want %v", c.counts, err, c.want)
		}
	}
}
