package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// receiptPage is one posting: its facts, its entries, where it came from, what touches it and its
// audit events; the printable page shows the VAT receipt alone.
type receiptPage struct {
	Receipt, Kind, Posted, BusinessDate, Source, SourceHref, Office, PostedBy, Narrative, Total string
	PrintHref, Reverses, ReversesHref, PaymentID                                                string
	RefundHref                                                                                  string // the refund form, for a card payment and a user who may refund
	JournalHref                                                                                 string // the journal form with this receipt's lines, for a user who may journal
	EmailHref                                                                                   string // the form emailing a card payment's receipt again
	MoreEntries                                                                                 string
	ReversedBy                                                                                  []receiptLink
	Entries                                                                                     []receiptEntryRow
	Refunds                                                                                     []receiptRefundRow
	Linked                                                                                      []linkTable // entries linked from other postings, then those linked to
	Audit                                                                                       []receiptAuditRow
	VAT                                                                                         vatReceipt
}

type receiptLink struct{ Text, Href string }

type linkTable struct {
	ID, Caption string
	Rows        []linkedRow
}

type receiptEntryRow struct {
	Line, Kind, Fund, Reference, MOP, Narrative, Amount, VAT, Card, Links string
}

// linkedRow is an entry of another posting that touches this one, with who posted it.
type linkedRow struct {
	transactionRow
	By string
}

type receiptRefundRow struct{ ID, State, Amount, Reason, Requested, RequestedBy string }

type receiptAuditRow struct{ When, Who, Action string }

// vatReceipt is the printable VAT receipt (SPEC §5.6).
type vatReceipt struct {
	Organisation ims.Organisation
	Lines        []vatLine
	Total, VAT   string
	Method       string
}

type vatLine struct{ Fund, Reference, Net, VATRate, VAT, Amount string }

// receiptDetail shows one receipt.
func (a *Admin) receiptDetail(w http.ResponseWriter, r *http.Request) {
	if v, ok := a.receipt(w, r); ok {
		a.render(w, r, http.StatusOK, "admin-receipt", "Receipt "+v.Receipt, v)
	}
}

// receiptPrint shows a receipt's VAT receipt alone, to print or save.
func (a *Admin) receiptPrint(w http.ResponseWriter, r *http.Request) {
	if v, ok := a.receipt(w, r); ok {
		a.render(w, r, http.StatusOK, "admin-receipt-print", "VAT receipt "+v.Receipt, v)
	}
}

func (a *Admin) receipt(w http.ResponseWriter, r *http.Request) (v receiptPage, ok bool) {
	d, err := a.Transactions.Receipt(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("receipt"))
	if err != nil {
		a.fail(w, r, err)
		return v, false
	}
	org, err := a.Org.Organisation(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return v, false
	}
	london, err := ims.LondonLocation()
	if err != nil {
		a.fail(w, r, err)
		return v, false
	}
	po := d.Posting
	name := func(actor string) string {
		if n, ok := d.ActorNames[actor]; ok {
			return n
		}
		return actor
	}
	v = receiptPage{Receipt: po.ReceiptNumber, Kind: string(po.Kind), Posted: po.CreatedAt.In(london).Format("2 January 2006 15:04:05"),
		BusinessDate: ukDate(po.BusinessDate), Source: string(po.Source), Office: po.Office, PostedBy: name(po.Actor),
		Narrative: po.Narrative, PrintHref: receiptPath(po.ReceiptNumber) + "/print", PaymentID: d.PaymentID}
	switch po.Source {
	case ims.SourceImport:
		v.Source, v.SourceHref = "Import "+po.SourceRef, "/admin/imports/"+po.SourceRef
	case ims.SourceSuspense:
		// An allocation may take from several items, and names none as its source.
		v.Source = "Suspense allocation"
		if po.SourceRef != "" {
			v.Source, v.SourceHref = "Suspense item "+po.SourceRef, "/admin/suspense/items/"+po.SourceRef
		}
	case ims.SourceCashReturn:
		v.Source = "Cash return " + po.SourceRef
	case ims.SourceStaff:
		if po.Kind == ims.PostingManual && po.SourceRef != "" {
			v.Source = "Staff, " + po.SourceRef // a cheque's number (ADR 31)
		}
	}
	if d.PaymentID != "" && mayRefund(web.PrincipalFrom(r.Context())) {
		v.RefundHref = refundFormPath(po.ReceiptNumber)
	}
	if d.PaymentID != "" {
		v.EmailHref = receiptEmailPath(po.ReceiptNumber)
	}
	if web.PrincipalFrom(r.Context()).HasRole(ims.Journal) {
		v.JournalHref = "/admin/journals/new?receipt=" + url.QueryEscape(po.ReceiptNumber)
	}
	if d.Reverses != "" {
		v.Reverses, v.ReversesHref = d.Reverses, receiptPath(d.Reverses)
	}
	for _, rn := range d.ReversedBy {
		v.ReversedBy = append(v.ReversedBy, receiptLink{Text: rn, Href: receiptPath(rn)})
	}
	var total, vat money.Pence
	v.VAT.Organisation = org
	for _, e := range po.Entries {
		total += e.Amount
		vat += e.VATAmount
		row := receiptEntryRow{Line: strconv.Itoa(e.Line), Kind: string(e.Kind), Fund: e.Fund, Reference: e.Reference, MOP: e.MOP, Narrative: e.Narrative,
			Amount: e.Amount.Display(), VAT: e.VATCode + " " + e.VATRate.Percent() + "% " + e.VATAmount.Display()}
		if e.CardLast4 != "" {
			row.Card = e.CardBrand + " " + e.CardFirst6 + "…" + e.CardLast4
			v.VAT.Method = e.CardBrand + " card ending " + e.CardLast4
		}
		if e.LinksEntry != 0 {
			row.Links = "entry " + strconv.FormatInt(e.LinksEntry, 10)
		}
		v.Entries = append(v.Entries, row)
		v.VAT.Lines = append(v.VAT.Lines, vatLine{Fund: d.FundNames[e.Fund], Reference: e.Reference, Net: (e.Amount - e.VATAmount).Display(),
			VATRate: e.VATCode + " " + e.VATRate.Percent() + "%", VAT: e.VATAmount.Display(), Amount: e.Amount.Display()})
		if v.VAT.Method == "" {
			v.VAT.Method = d.MOPNames[e.MOP]
		}
	}
	// The whole posting's total, which for a large posting is more than the lines shown.
	v.Total, v.VAT.Total, v.VAT.VAT = d.Total.Display(), total.Display(), vat.Display()
	if int64(d.EntriesShown) < d.EntryCount {
		v.MoreEntries = "/admin/transactions?receipt=" + po.ReceiptNumber
	}
	for _, rf := range d.Refunds {
		requestedBy := name(rf.RequestedBy)
		if rf.ApprovedBy != "" {
			rf.ApprovedBy = name(rf.ApprovedBy)
		}
		v.Refunds = append(v.Refunds, receiptRefundRow{ID: rf.ID, State: refundState(rf), Amount: rf.Amount.Display(), Reason: rf.Reason,
			Requested: rf.CreatedAt.In(london).Format("2 January 2006 15:04"), RequestedBy: requestedBy})
	}
	row := func(t ims.Transaction) linkedRow {
		return linkedRow{transactionRow: transactionRow{Receipt: t.ReceiptNumber, ReceiptHref: receiptPath(t.ReceiptNumber), Date: ukDate(t.BusinessDate),
			Fund: t.Fund, Reference: t.Reference, MOP: t.MOP, Amount: t.Amount.Display(), Narrative: t.Narrative, Source: string(t.Kind)}, By: name(t.Actor)}
	}
	v.Linked = []linkTable{{ID: "linked-from", Caption: "Refunds, journals and reversals of these entries"},
		{ID: "links-to", Caption: "Entries these entries refund, journal or reverse"}}
	for _, t := range d.LinkedFrom {
		v.Linked[0].Rows = append(v.Linked[0].Rows, row(t))
	}
	for _, t := range d.LinksTo {
		v.Linked[1].Rows = append(v.Linked[1].Rows, row(t))
	}
	for _, e := range d.Audit {
		v.Audit = append(v.Audit, receiptAuditRow{When: e.At.In(london).Format(time.DateTime), Who: e.Who(), Action: e.Action})
	}
	return v, true
}
