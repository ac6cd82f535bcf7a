package govukpay

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/ims-council/ims/money"
)

// The limits IMS checks baskets against are the ones GOV.UK Pay publishes for creating a payment.
func TestLimitsAreGOVUKPays(t *testing.T) {
	b, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Maximum   *int64 `json:"maximum"`
					MaxLength *int   `json:"maxLength"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	create := doc.Components.Schemas["CreateCardPaymentRequest"].Properties
	amount, description := create["amount"].Maximum, create["description"].MaxLength
	if amount == nil || description == nil {
		t.Fatalf("the API description states no amount maximum or description length: %+v", create)
	}
	got := (&Client{}).Limits()
	if got.MaxAmount != money.Pence(*amount) || got.MaxDescription != *description {
		t.Errorf("Limits() = %+v; GOV.UK Pay takes at most %d pence and %d characters of description", got, *amount, *description)
	}
}
