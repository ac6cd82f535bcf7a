package mail_test

import (
	"time"

	"github.com/ims-council/ims"
)

// testReceipt is a receipt of two payments, in the language given.
func testReceipt(lang string) ims.Receipt {
	return ims.Receipt{Language: lang, Organisation: "Demo Borough Council", VATNumber: "GB123456789", Number: "ABCDE-FGHJK",
		Time: time.Date(2026, time.March, 2, 15, 4, 0, 0, time.UTC), Total: 4750, VAT: 208, CardBrand: "Visa", CardLast4: "1111",
		Link: "https://council.example/receipts/ABCDE-FGHJK?sig=00ff",
		Lines: []ims.ReceiptLine{{Fund: "11", Name: "Parking Fines", Reference: "BJ99518409", Amount: 3500},
			{Fund: "19", Name: "Sundry Invoices", Reference: "SI/26/00401", Amount: 1250, VATRate: 2000, VAT: 208}}}
}
