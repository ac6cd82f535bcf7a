package sink

import (
	"errors"
	"testing"

	"github.com/ims-council/ims"
)

func TestEntriesAreCountedAndHandedOnWhileTheFileIsGood(t *testing.T) {
	t.Parallel()
	var given []int64
	s := New(func(_ *ims.Statement, e *ims.Entry) error {
		given = append(given, e.Minor)
		if len(given) == 2 {
			return errors.New("enough")
		}
		return nil
	})
	st := ims.Statement{Currency: "GBP"}
	for i, good := range []bool{true, false, true, true} {
		s.Add(&st, &ims.Entry{Minor: int64(i + 1)}, good)
	}
	if st.EntryCount != 4 || len(given) != 2 || given[0] != 1 || given[1] != 3 || s.Stopped() == nil {
		t.Errorf("counted %d, given %v, stopped %v; want 4 counted, 1 and 3 given, then stopped", st.EntryCount, given, s.Stopped())
	}
}
