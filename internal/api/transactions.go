package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// TransactionService is what the API needs of the transactions service (internal/transactions). It
// checks the transactions scope and limits every read to the client's fund groups (all funds for a
// client given none).
type TransactionService interface {
	Search(ctx context.Context, p ims.Principal, q ims.TransactionQuery) (ims.TransactionPage, error)
	Receipt(ctx context.Context, p ims.Principal, receipt string) (ims.ReceiptDetail, error)
}

type transactionJSON struct {
	EntryID         int64           `json:"entry_id"`
	ReceiptNumber   string          `json:"receipt_number"`
	PostingKind     ims.PostingKind `json:"posting_kind"`
	Line            int             `json:"line"`
	Kind            ims.EntryKind   `json:"kind"`
	Fund            string          `json:"fund_code"`
	Reference       string          `json:"reference"`
	MOP             string          `json:"mop_code"`
	Amount          string          `json:"amount"`
	VATCode         string          `json:"vat_code"`
	VATRate         string          `json:"vat_rate_percent"`
	VATAmount       string          `json:"vat_amount"`
	Narrative       string          `json:"narrative"`
	Office          string          `json:"office_code,omitempty"`
	BusinessDate    string          `json:"business_date"`
	TransactionTime time.Time       `json:"transaction_time"`
	PostedAt        time.Time       `json:"posted_at"`
	CardBrand       string          `json:"card_brand,omitempty"`
	CardFirst6      string          `json:"card_first6,omitempty"`
	CardLast4       string          `json:"card_last4,omitempty"`
	PSPReference    string          `json:"psp_reference,omitempty"`
	LinksEntry      int64           `json:"links_entry,omitempty"`
	Source          ims.Source      `json:"source"`
	SourceRef       string          `json:"source_ref,omitempty"`
	PostedBy        string          `json:"posted_by"`
}

func transactionOut(t ims.Transaction) transactionJSON {
	return transactionJSON{EntryID: t.ID, ReceiptNumber: t.ReceiptNumber, PostingKind: t.PostingKind, Line: t.Line, Kind: t.Kind,
		Fund: t.Fund, Reference: t.Reference, MOP: t.MOP, Amount: t.Amount.String(), VATCode: t.VATCode, VATRate: t.VATRate.Percent(),
		VATAmount: t.VATAmount.String(), Narrative: t.Narrative, Office: t.Office, BusinessDate: t.BusinessDate.Format(time.DateOnly),
		TransactionTime: t.TransactionTime.UTC(), PostedAt: t.PostedAt.UTC(), CardBrand: t.CardBrand, CardFirst6: t.CardFirst6,
		CardLast4: t.CardLast4, PSPReference: t.PSPReference, LinksEntry: t.LinksEntry, Source: t.Source, SourceRef: t.SourceRef,
		PostedBy: t.Actor}
}

func transactionsOut(ts []ims.Transaction) []transactionJSON {
	out := []transactionJSON{}
	for _, t := range ts {
		out = append(out, transactionOut(t))
	}
	return out
}

// listTransactions answers GET /api/v1/transactions: a page of the ledger entries the query finds
// among the client's funds, with the cursor of the next page.
func (a *API) listTransactions(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	problems := ims.Problems{}
	q := ims.TransactionQuery{Fund: v.Get("fund_code"), MOP: v.Get("mop_code"), Reference: v.Get("reference"),
		Match: ims.ReferenceMatch(v.Get("match")), Receipt: v.Get("receipt_number"), Narrative: v.Get("narrative"),
		CardLast4: v.Get("card_last4"), Office: v.Get("office_code"), User: v.Get("posted_by"), Source: ims.Source(v.Get("source")),
		Cursor: v.Get("cursor")}
	if m := v.Get("match"); m == "exact" {
		q.Match = ims.MatchExact
	} else if m != "" && m != "prefix" && m != "contains" {
		problems.Add("match", "match must be exact, prefix or contains")
	}
	date := func(name string) time.Time { return queryDate(v, problems, name) }
	instant := func(name string) time.Time {
		s := v.Get(name)
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			problems.Add(name, "%s must be a time, like 2026-03-10T09:30:00Z", name)
		}
		return t
	}
	q.From, q.To = date("from"), date("to")
	q.After, q.Before = instant("transaction_time_from"), instant("transaction_time_before")
	if s := v.Get("amount"); s != "" {
		amount, err := money.Parse(s)
		if err != nil {
			problems.Add("amount", "amount must be pounds and pence, for example 12.34 or -12.34")
		}
		q.Amount = &amount
	}
	if s := v.Get("import_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			problems.Add("import_id", "import_id must be a whole number from 1")
		}
		q.ImportID = n
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			problems.Add("limit", "limit must be a whole number from 1 to 1000")
		}
		q.Limit = n
	}
	sort, err := ims.ParseTransactionSort(v.Get("sort"))
	if err != nil {
		problems.Add("sort", "sort must be one of -date, date, amount, -amount, reference or -reference")
	}
	q.Sort = sort
	if s := strings.TrimSpace(v.Get("source")); s != "" && !knownSource(ims.Source(s)) {
		problems.Add("source", "source must be one of portal, staff, api, import, cash_return, suspense or system")
	}
	if err := problems.Err("The search is not valid"); err != nil {
		a.problem(w, r, err)
		return
	}
	page, err := a.Transactions.Search(r.Context(), principal(r.Context()), q)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Transactions []transactionJSON `json:"transactions"`
		NextCursor   string            `json:"next_cursor,omitempty"`
	}{transactionsOut(page.Transactions), page.Next})
}

func knownSource(s ims.Source) bool {
	switch s {
	case ims.SourcePortal, ims.SourceStaff, ims.SourceAPI, ims.SourceImport, ims.SourceCashReturn, ims.SourceSuspense, ims.SourceSystem:
		return true
	}
	return false
}

// getReceipt answers GET /api/v1/receipts/{receipt}: one posting with its entries (the first 500
// of a large one) and what touches it. A receipt with an entry outside the client's funds is 404.
func (a *API) getReceipt(w http.ResponseWriter, r *http.Request) {
	d, err := a.Transactions.Receipt(r.Context(), principal(r.Context()), r.PathValue("receipt"))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	po := d.Posting
	type refundJSON struct {
		ID     string          `json:"id"`
		State  ims.RefundState `json:"state"`
		Amount string          `json:"amount"`
	}
	out := struct {
		ReceiptNumber string            `json:"receipt_number"`
		Kind          ims.PostingKind   `json:"kind"`
		Source        ims.Source        `json:"source"`
		SourceRef     string            `json:"source_ref,omitempty"`
		Narrative     string            `json:"narrative"`
		Office        string            `json:"office_code,omitempty"`
		PostedBy      string            `json:"posted_by"`
		PostedAt      time.Time         `json:"posted_at"`
		BusinessDate  string            `json:"business_date"`
		Total         string            `json:"total"`
		EntryCount    int64             `json:"entry_count"`
		Entries       []transactionJSON `json:"entries"`
		PaymentID     string            `json:"payment_id,omitempty"`
		Refunds       []refundJSON      `json:"refunds"`
		Reverses      string            `json:"reverses,omitempty"`
		ReversedBy    []string          `json:"reversed_by"`
		LinkedFrom    []transactionJSON `json:"linked_from"`
		LinksTo       []transactionJSON `json:"links_to"`
	}{ReceiptNumber: po.ReceiptNumber, Kind: po.Kind, Source: po.Source, SourceRef: po.SourceRef, Narrative: po.Narrative,
		Office: po.Office, PostedBy: po.Actor, PostedAt: po.CreatedAt.UTC(), BusinessDate: po.BusinessDate.Format(time.DateOnly),
		EntryCount: d.EntryCount, PaymentID: d.PaymentID, Refunds: []refundJSON{}, Reverses: d.Reverses, ReversedBy: []string{},
		LinkedFrom: transactionsOut(d.LinkedFrom), LinksTo: transactionsOut(d.LinksTo)}
	var entries []ims.Transaction
	for _, e := range po.Entries {
		entries = append(entries, ims.Transaction{LedgerEntry: e, ReceiptNumber: po.ReceiptNumber, PostingKind: po.Kind,
			Source: po.Source, SourceRef: po.SourceRef, Actor: po.Actor, PostedAt: po.CreatedAt})
	}
	out.Entries = transactionsOut(entries)
	out.Total = d.Total.String()
	for _, rf := range d.Refunds {
		out.Refunds = append(out.Refunds, refundJSON{ID: rf.ID, State: rf.State, Amount: rf.Amount.String()})
	}
	out.ReversedBy = append(out.ReversedBy, d.ReversedBy...)
	writeJSON(w, http.StatusOK, out)
}
