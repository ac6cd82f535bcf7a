package govukpaysim

import (
	"fmt"
	"time"

	"github.com/ims-council/ims/money"
)

// A Settled is a card payment that succeeded before the simulator started, as the service that
// took it recorded it.
type Settled struct {
	Account              int // index into Options.Accounts
	ID                   string
	Amount               money.Pence
	Reference            string
	Brand, First6, Last4 string
	At                   time.Time // when it succeeded
}

// Adopt takes in payments that succeeded before the simulator started. The simulator keeps its
// payments in memory, so after a restart the demo's past payments (and any taken in an earlier run)
// would be unknown to it and could not be refunded; adopted, they read as succeeded and can be
// refunded in full. A payment it already holds is left as it is.
func (s *Simulator) Adopt(ps ...Settled) error {
	s.mu.Lock()
	defer s.unlock()
	for _, a := range ps {
		if a.Account < 0 || a.Account >= len(s.accounts) {
			return fmt.Errorf("govukpaysim: payment %s names account %d of %d", a.ID, a.Account, len(s.accounts))
		}
		if _, ok := s.payments[a.ID]; ok {
			continue
		}
		p := &payment{id: a.ID, account: a.Account, amount: a.Amount, reference: a.Reference, description: a.Reference,
			created: a.At, captured: a.At, card: &cardDetails{brand: a.Brand, first6: a.First6, last4: a.Last4}}
		p.move(stateOf(statusSuccess), a.At)
		s.payments[a.ID] = p
	}
	return nil
}
