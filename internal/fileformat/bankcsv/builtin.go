package bankcsv

// Builtin returns the profiles IMS knows without configuration, most specific first (the order
// Detect tries them in). Each was derived from a published sample export of that bank (see
// testdata/samples/uk-bank-csv at the repository's root, and its SOURCES.md); the order of rows is
// the sample's.
func Builtin() []Profile {
	return []Profile{
		{
			// Number,Date,Account,Amount,Subcategory,Memo — signed amount, no balance.
			Name:   "barclays",
			Header: true,
			Columns: Columns{Date: "Date", Description: "Memo", Amount: "Amount", Type: "Subcategory",
				Account: "Account"},
			DateFormats: []string{"dd/mm/yyyy"},
		},
		{
			// Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,
			// Debit Amount,Credit Amount,Balance — newest first, sort code as '30-00-00.
			Name:   "lloyds",
			Header: true,
			Columns: Columns{Date: "Transaction Date", Type: "Transaction Type", SortCode: "Sort Code",
				Account: "Account Number", Description: "Transaction Description", Debit: "Debit Amount",
				Credit: "Credit Amount", Balance: "Balance"},
			DateFormats:     []string{"dd/mm/yyyy"},
			Order:           NewestFirst,
			StripApostrophe: true,
		},
		{
			// A blank first line, then Date, Type, Description, Value, Balance, Account Name,
			// Account Number — oldest first, text fields marked with an apostrophe.
			Name:   "natwest",
			Header: true,
			Columns: Columns{Date: "Date", Type: "Type", Description: "Description", Amount: "Value",
				Balance: "Balance", Account: "Account Number"},
			DateFormats:     []string{"dd/mm/yyyy"},
			Order:           OldestFirst,
			StripApostrophe: true,
		},
		{
			// Account Name / Account Balance / Available Balance rows, a blank line, then Date
			// ("13 Jun 2025"), Transaction type, Description, Paid out, Paid in, Balance — oldest first.
			Name:         "nationwide-statement",
			Header:       true,
			Preamble:     3,
			AccountLabel: "Account Name:",
			Columns: Columns{Date: "Date", Type: "Transaction type", Description: "Description",
				Debit: "Paid out", Credit: "Paid in", Balance: "Balance"},
			DateFormats: []string{"d mmm yyyy"},
			Order:       OldestFirst,
		},
		{
			// An Account Number row, then Date, Type, Merchant/Description, Debit/Credit ("-£52.00",
			// "+£5.00"), Balance — newest first — and an "Arranged Overdraft Limit" row at the end.
			Name:         "nationwide-midata",
			Header:       true,
			Preamble:     1,
			AccountLabel: "Account Number:",
			Columns: Columns{Date: "Date", Type: "Type", Description: "Merchant/Description",
				Amount: "Debit/Credit", Balance: "Balance"},
			DateFormats: []string{"dd/mm/yyyy"},
			Order:       NewestFirst,
			Footer:      []string{"Arranged Overdraft Limit"},
		},
		{
			// No header: date, description, signed amount ("2,000.00" quoted). No balance.
			Name:        "hsbc",
			Columns:     Columns{Date: "1", Description: "2", Amount: "3"},
			DateFormats: []string{"dd/mm/yyyy"},
		},
	}
}
