package govukpay

import "github.com/ims-council/ims/internal/psp"

// Limits returns GOV.UK Pay's limits on one payment: £100,000.00, and 255 characters of description.
func (c *Client) Limits() psp.Limits {
	return psp.Limits{MaxAmount: maxAmount, MaxDescription: maxTextLen}
}
