package app

import (
	"context"

	"github.com/ims-council/ims/internal/psp/govukpaysim"
)

// adoptPayments tells the simulator of the succeeded card payments of each GOV.UK Pay account it
// stands in for (accounts, in the order of its Options.Accounts): it keeps payments in memory, and
// without them a payment of the demo's sample week, or of an earlier run, could not be refunded.
func (a *App) adoptPayments(ctx context.Context, sim *govukpaysim.Simulator, accounts []string) error {
	for i, name := range accounts {
		pps, err := a.DB.SucceededPayments(ctx, name)
		if err != nil {
			return err
		}
		settled := make([]govukpaysim.Settled, 0, len(pps))
		for _, pp := range pps {
			at := pp.FinishedAt
			if at.IsZero() {
				at = pp.UpdatedAt
			}
			settled = append(settled, govukpaysim.Settled{Account: i, ID: pp.ProviderPaymentID, Amount: pp.Amount,
				Reference: pp.ReceiptNumber, Brand: pp.CardBrand, First6: pp.CardFirst6, Last4: pp.CardLast4, At: at})
		}
		if err := sim.Adopt(settled...); err != nil {
			return err
		}
	}
	return nil
}
