package mail

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ims-council/ims"
)

// RenderCashReturn renders the email telling the council's configured address that a cash return
// was deleted or voided (SPEC §9), from the payload the cash returns service queued. Staff screens
// are English only, so it is too; it is plain text, written in UK time.
func RenderCashReturn(payload string) (Message, error) {
	var e ims.CashReturnEmail
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		return Message{}, fmt.Errorf("reading the cash return to email: %w", err)
	}
	london, err := ims.LondonLocation()
	if err != nil {
		london = time.UTC
	}
	at := e.At.In(london)
	text := fmt.Sprintf("Cash return %d (%s) for %s was %s by %s at %s on %d %s %d.\n\nReason: %s\n\n"+
		"Nothing was posted to the ledger. The return stays on record with its history.\n",
		e.ID, e.Template, e.Total.Display(), e.Status, e.By, at.Format("15:04"), at.Day(), at.Month(), at.Year(), e.Reason)
	return Message{Subject: fmt.Sprintf("Cash return %d was %s", e.ID, e.Status), Text: text}, nil
}
