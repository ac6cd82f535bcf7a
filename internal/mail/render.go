package mail

import (
	"encoding/json"
	"fmt"

	"github.com/ims-council/ims"
)

// Render renders an outbox email from the purpose and payload it was queued with. An error means
// the email can never be rendered (a payload that is not what its purpose needs), not that trying
// again may help.
func Render(purpose, payload string) (Message, error) {
	switch purpose {
	case "receipt":
		var r ims.Receipt
		if err := json.Unmarshal([]byte(payload), &r); err != nil {
			return Message{}, fmt.Errorf("reading the receipt to email: %w", err)
		}
		return RenderReceipt(r)
	case "cash_return":
		return RenderCashReturn(payload)
	default:
		return Message{}, fmt.Errorf("no template for emails of purpose %q", purpose)
	}
}
