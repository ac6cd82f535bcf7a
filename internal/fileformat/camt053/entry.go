package camt053

import (
	"fmt"
	"math"
	"strings"

	"github.com/ims-council/ims"
)

// entry reads a Ntry. debit reports its credit/debit indicator (which a zero amount cannot carry);
// ok is false when the entry could not be read, the reasons having been reported.
func (p *parser) entry(n *node) (e ims.Entry, debit, ok bool) {
	before := len(p.errs)
	e.Line = n.line
	minor, ccy, err := amount(n.child("Amt"))
	if err != nil {
		p.fail(lineOf(n, "Amt"), n.path+"/Amt", "%v", err)
	}
	s, err := sign(n)
	if err != nil {
		p.fail(lineOf(n, "CdtDbtInd"), n.path+"/CdtDbtInd", "%v", err)
	}
	e.Minor, e.Currency, debit = s*minor, ccy, s < 0
	switch rv := n.textAt("RvslInd"); rv {
	case "", "false", "0":
	case "true", "1":
		e.Reversal = true
	default:
		p.fail(lineOf(n, "RvslInd"), n.path+"/RvslInd", "the reversal indicator %q is not true or false", rv)
	}
	// Sts is a plain code up to version 04 and a choice of Cd or Prtry after it.
	e.Status = n.first("Sts", "Sts/Cd", "Sts/Prtry")
	if d, present, err := dateChoice(n.child("BookgDt")); err != nil {
		p.fail(lineOf(n, "BookgDt"), n.path+"/BookgDt", "booking date: %v", err)
	} else if present {
		e.BookingDate = d
	}
	if d, present, err := dateChoice(n.child("ValDt")); err != nil {
		p.fail(lineOf(n, "ValDt"), n.path+"/ValDt", "value date: %v", err)
	} else if present {
		e.ValueDate = d
	}
	e.BankRef = n.first("AcctSvcrRef", "NtryRef")
	e.BankCode = bankCode(n.child("BkTxCd"))
	e.Narrative = n.textAt("AddtlNtryInf")
	p.details(n, &e, s)
	return e, debit, len(p.errs) == before
}

// bankCode writes a bank transaction code as domain/family/sub-family ("PMNT/RCDT/ESCT"), or the
// proprietary code when there is no domain.
func bankCode(n *node) string {
	if d := n.child("Domn"); d != nil {
		return strings.Trim(d.textAt("Cd")+"/"+d.textAt("Fmly", "Cd")+"/"+d.textAt("Fmly", "SubFmlyCd"), "/")
	}
	return n.textAt("Prtry", "Cd")
}

// details reads the entry's NtryDtls: batches and their TxDtls, and checks them against the entry.
func (p *parser) details(n *node, e *ims.Entry, entrySign int64) {
	allAmounts, otherCcy := true, ""
	var sum int64
	overflow := false
	var txs []*node
	for _, nd := range n.all("NtryDtls") {
		ts := nd.all("TxDtls")
		txs = append(txs, ts...)
		if b := nd.child("Btch"); b != nil {
			p.checkBatch(b, len(ts), e)
		}
		for _, tx := range ts {
			d, hasAmount := p.detail(tx, entrySign)
			e.Details = append(e.Details, d)
			switch {
			case !hasAmount:
				allAmounts = false
			case d.Currency != e.Currency:
				otherCcy = d.Currency
			default:
				overflow = overflow || !addTo(&sum, d.Minor)
			}
		}
	}
	if len(e.Details) == 1 {
		// One transaction: what it says about the payer is what the entry says.
		d := e.Details[0]
		e.EndToEndID, e.Remittance, e.PayerName, e.PayerAcct = d.EndToEndID, d.Remittance, d.PayerName, d.PayerAcct
		if e.BankRef == "" {
			e.BankRef = d.BankRef
		}
		if e.Narrative == "" {
			e.Narrative = txs[0].textAt("AddtlTxInf")
		}
	}
	switch {
	case len(e.Details) == 0 || !allAmounts || e.Currency == "":
	case otherCcy != "":
		p.problem(n.path, "the transaction details (TxDtls) are in %s but the entry is in %s, so they cannot be checked against it", otherCcy, e.Currency)
	case overflow:
		p.problem(n.path, "the transaction details (TxDtls) add up to more than a 64-bit total")
	case sum != e.Minor:
		p.problem(n.path, "the transaction details (TxDtls) add up to %s but the entry amount is %s (credits positive, debits negative)",
			format(sum, e.Currency), format(e.Minor, e.Currency))
	}
}

// checkBatch compares a batch's declared number of transactions and total with what is listed.
func (p *parser) checkBatch(b *node, listed int, e *ims.Entry) {
	if c := b.child("NbOfTxs"); c != nil {
		if !digits(c.text) || c.text == "" || len(c.text) > 9 {
			p.fail(c.line, c.path, "the number of transactions %q is not a whole number", c.text)
		} else if declared := atoi(c.text); declared != listed {
			p.problem(b.path, "the batch declares %s (NbOfTxs) but the entry lists %d (TxDtls)", plural(declared, "transaction"), listed)
		}
	}
	if t := b.child("TtlAmt"); t != nil {
		minor, ccy, err := amount(t)
		if err != nil {
			p.fail(t.line, t.path, "%v", err)
			return
		}
		s := int64(1)
		if e.Minor < 0 {
			s = -1
		}
		if b.child("CdtDbtInd") != nil {
			if s, err = sign(b); err != nil {
				p.fail(lineOf(b, "CdtDbtInd"), b.path+"/CdtDbtInd", "%v", err)
				return
			}
		}
		if ccy != e.Currency || s*minor != e.Minor {
			p.problem(b.path, "the batch total (TtlAmt) is %s but the entry amount is %s", format(s*minor, ccy), format(e.Minor, e.Currency))
		}
	}
}

// detail reads one TxDtls. Its amount is TxDtls/Amt (from version 04) or AmtDtls/TxAmt/Amt, signed
// by its own credit/debit indicator when it has one, else by its entry's. hasAmount is false when
// it gives none.
func (p *parser) detail(tx *node, entrySign int64) (d ims.EntryDetail, hasAmount bool) {
	amt := tx.child("Amt")
	if amt == nil {
		amt = tx.at("AmtDtls", "TxAmt", "Amt")
	}
	if amt != nil {
		minor, ccy, err := amount(amt)
		if err != nil {
			p.fail(amt.line, amt.path, "%v", err)
		}
		s := entrySign
		if tx.child("CdtDbtInd") != nil {
			if s, err = sign(tx); err != nil {
				p.fail(lineOf(tx, "CdtDbtInd"), tx.path+"/CdtDbtInd", "%v", err)
			}
		}
		d.Minor, d.Currency, hasAmount = s*minor, ccy, true
	}
	d.EndToEndID = tx.textAt("Refs", "EndToEndId")
	d.BankRef = tx.textAt("Refs", "AcctSvcrRef")
	d.Remittance = remittance(tx.child("RmtInf"))
	// Up to version 04 the debtor is a party; later it is a choice of party (Pty) or agent.
	d.PayerName = tx.first("RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm")
	d.PayerAcct = tx.first("RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id")
	return d, hasAmount
}

// remittance joins the unstructured lines (Ustrd), and the creditor references
// (Strd/CdtrRefInf/Ref) and referred document numbers, such as invoice numbers (Strd/RfrdDocInf/Nb),
// of a RmtInf.
func remittance(n *node) string {
	var parts []string
	for _, u := range n.all("Ustrd") {
		if u.text != "" {
			parts = append(parts, u.text)
		}
	}
	for _, s := range n.all("Strd") {
		for _, c := range s.all("CdtrRefInf") {
			if r := c.textAt("Ref"); r != "" {
				parts = append(parts, r)
			}
		}
		for _, d := range s.all("RfrdDocInf") {
			if nb := d.textAt("Nb"); nb != "" {
				parts = append(parts, nb)
			}
		}
	}
	return strings.Join(parts, " ")
}

// addTo adds v to *sum, reporting false (and leaving *sum alone) when the result does not fit.
func addTo(sum *int64, v int64) bool {
	if (v > 0 && *sum > math.MaxInt64-v) || (v < 0 && *sum < math.MinInt64-v) {
		return false
	}
	*sum += v
	return true
}

// atoi converts a string already checked to be at most nine digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// plural is used in messages: "1 transaction", "3 transactions".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
