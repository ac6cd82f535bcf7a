package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// An IncomeLine is the income (ADR 30) of one fund or one method of payment over some business
// dates: the net of its entries, and how many entries made it.
type IncomeLine struct {
	Code    string      `json:"code"`
	Name    string      `json:"name"`
	Amount  money.Pence `json:"amount"`
	Entries int64       `json:"entries"`
}

// A ReportCount is how many of something, and their value.
type ReportCount struct {
	Count  int64       `json:"count"`
	Amount money.Pence `json:"amount"`
}

// A Dashboard is what the finance home page shows (SPEC §10): the income of one business date and
// of its month so far by fund and by method of payment, card payments that failed or were
// abandoned that day, refunds waiting for a second person, imports waiting or failed, and the
// money in suspense by age. Everything is limited to the funds of the person asking.
type Dashboard struct {
	Today, MonthStart                                time.Time // business dates, midnight UTC
	TodayByFund, TodayByMOP, MonthByFund, MonthByMOP []IncomeLine
	TodayTotal, MonthTotal                           money.Pence
	// CardFailed are card payments the provider refused that day; CardAbandoned those the payer
	// cancelled or left to expire.
	CardFailed, CardAbandoned ReportCount
	RefundsAwaiting           ReportCount
	// Imports is false for a caller without the Finance role, who does not see imports; then
	// ImportsWaiting (queued or running) and ImportsFailed (failed that day) are zero.
	Imports                       bool
	ImportsWaiting, ImportsFailed int64
	// Suspense is nil for a caller who sees no suspense (ADR 30).
	Suspense *SuspenseAgeing
}

// An EndOfDay is one business date's income by fund × method of payment × VAT code, with the
// banking each channel should bring in (SPEC §10).
type EndOfDay struct {
	Date       time.Time
	Lines      []EndOfDayLine
	Total, VAT money.Pence
	Banking    []BankingLine
}

// An EndOfDayLine is the income of one fund, method of payment and VAT code on the day.
type EndOfDayLine struct {
	Fund, FundName, MOP, MOPName, VATCode string
	Amount, VAT                           money.Pence
	Entries                               int64
}

// Banking channels of the end of day: card settlements per provider account, cash and cheques per
// office, anything else (bank credits, DWP, direct debits) per method of payment.
const (
	ChannelCard   = "card"
	ChannelCash   = "cash"
	ChannelCheque = "cheque"
	ChannelOther  = "other"
)

// A BankingLine is the money one channel should bank for the day: Place is the provider account
// (card), the office (cash, cheque) or the method of payment (other); blank when there is none.
type BankingLine struct {
	Channel, Place, PlaceName string
	Amount                    money.Pence
	Entries                   int64
}
