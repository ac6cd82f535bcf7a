package ims

import (
	"fmt"
	"strings"

	"github.com/ims-council/ims/money"
)

// MayJournal refuses a principal who may not make, see or undo a journal of kind k: staff need the
// role of its kind (Journal, Transfer), API clients the journals scope.
func MayJournal(p Principal, k JournalKind) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ScopeJournals)
	}
	return p.Require(k.Role())
}

// checkReason reports a missing reason, or one that is too long or looks like a card number.
func checkReason(problems Problems, reason string) {
	switch {
	case strings.TrimSpace(reason) == "":
		problems.Add("reason", "Enter the reason")
	case LooksLikeCardNumber(reason):
		problems.Add("reason", "The reason looks like a card number; card numbers must never be recorded")
	case len(reason) > 500:
		problems.Add("reason", "Enter 500 characters or fewer")
	}
}

// checkLines reports each line of a side (field names it, e.g. "targets") without a fund, a
// reference or a positive amount, and returns the side's total.
func checkLines(problems Problems, field string, lines []JournalLine) money.Pence {
	var total money.Pence
	if len(lines) == 0 {
		problems.Add(field, "Enter at least one line")
	}
	for i, l := range lines {
		f := fmt.Sprintf("%s[%d]", field, i)
		if strings.TrimSpace(l.Fund) == "" {
			problems.Add(f+".fund_code", "Choose a fund")
		}
		if strings.TrimSpace(l.Reference) == "" {
			problems.Add(f+".reference", "Enter a reference")
		}
		if LooksLikeCardNumber(l.Narrative) {
			problems.Add(f+".narrative", "The narrative looks like a card number; card numbers must never be recorded")
		}
		if l.Amount <= 0 {
			problems.Add(f+".amount", "Amount must be more than £0.00")
		}
		total += l.Amount
	}
	return total
}

// CheckShape reports every problem the request shows before anything is read: a reason, at least
// one source and one target, positive amounts, no entry taken twice, and targets that total exactly
// what the sources take.
func (r JournalRequest) CheckShape() error {
	problems := Problems{}
	checkReason(problems, r.Reason)
	if len(r.Sources) == 0 {
		problems.Add("sources", "Choose at least one line to take money from")
	}
	var from money.Pence
	seen := map[int64]bool{}
	for i, s := range r.Sources {
		f := fmt.Sprintf("sources[%d]", i)
		switch {
		case seen[s.EntryID]:
			problems.Add(f+".entry_id", "Entry %d is listed twice", s.EntryID)
		case s.Amount <= 0:
			problems.Add(f+".amount", "Amount must be more than £0.00")
		}
		seen[s.EntryID] = true
		from += s.Amount
	}
	to := checkLines(problems, "targets", r.Targets)
	if len(problems) == 0 && from != to {
		problems.Add("targets", "The new lines total %s but %s is being moved; they must be equal", to.Display(), from.Display())
	}
	return problems.Err("The journal cannot be made")
}

// CheckShape reports every problem the transfer shows before anything is read: a reason, lines on
// both sides with positive amounts, and sides that balance exactly. The server checks the balance
// whatever a form showed (SPEC §6).
func (r TransferRequest) CheckShape() error {
	problems := Problems{}
	checkReason(problems, r.Reason)
	from := checkLines(problems, "from", r.From)
	to := checkLines(problems, "to", r.To)
	if len(problems) == 0 && from != to {
		problems.Add("to", "The lines to transfer to total %s but the lines to transfer from total %s; they must balance exactly",
			to.Display(), from.Display())
	}
	return problems.Err("The transfer cannot be made")
}

// Journallable reports whether money may be journalled from an entry of kind k: money received or
// placed on an account. Suspense has its own allocation; fees, refunds and negative lines hold
// nothing to move.
func Journallable(k EntryKind) bool {
	switch k {
	case EntryPayment, EntryImport, EntryJournalCredit, EntryTransferIn, EntryCashReturn:
		return true
	}
	return false
}

// JournalDebits checks each source against the entry it names (entries, by id, as p may see them:
// an entry of a fund outside p's fund groups is absent, so it is refused as if it did not exist)
// and returns the negative journal-debit lines that take the money, each linked to its entry and
// carrying the journal's MOP.
func JournalDebits(p Principal, sources []JournalSource, entries map[int64]JournalEntry, mop, narrative string) ([]NewLedgerEntry, error) {
	problems := Problems{}
	var lines []NewLedgerEntry
	for i, s := range sources {
		f := fmt.Sprintf("sources[%d]", i)
		e, ok := entries[s.EntryID]
		switch {
		case !ok || !p.SeesFund(e.Fund):
			problems.Add(f+".entry_id", "There is no entry %d", s.EntryID)
		case !Journallable(e.Kind) || e.Amount <= 0:
			problems.Add(f+".entry_id", "Money cannot be journalled from a %s line", strings.ReplaceAll(string(e.Kind), "_", " "))
		case s.Amount > e.Available:
			problems.Add(f+".amount", "Only %s of this line is still available to move", e.Available.Display())
		default:
			lines = append(lines, NewLedgerEntry{Kind: EntryJournalDebit, Fund: e.Fund, Reference: e.Reference, MOP: mop,
				Amount: -s.Amount, VATCode: e.VATCode, Narrative: narrative, LinksEntry: e.ID})
		}
	}
	return lines, problems.Err("The journal cannot be made")
}

// CheckUndo refuses to undo a journal undone already, or one whose money has moved on: a credit
// line of it (credited, by entry id, with what is still available on each) that was journalled,
// transferred or refunded since.
func CheckUndo(j JournalRecord, credited []JournalEntry) error {
	if j.Undone() {
		return Errorf(Conflict, "%s %d was undone already", kindTitle(j.Kind), j.ID)
	}
	for _, e := range credited {
		if e.Available != e.Amount {
			return Errorf(Conflict, "%s %d cannot be undone: %s of its line to %s %s has moved on since (journalled, "+
				"transferred or refunded); undo that first", kindTitle(j.Kind), j.ID, (e.Amount - e.Available).Display(), e.Fund, e.Reference)
		}
	}
	return nil
}

// UndoPosting is the zero-sum posting that undoes posting po (a journal's or transfer's): each of
// its entries mirrored, negated and linked to it.
func UndoPosting(j JournalRecord, po Posting, reason string) NewPosting {
	narrative := fmt.Sprintf("Undo of %s %d", j.Kind, j.ID)
	if r := strings.TrimSpace(reason); r != "" {
		narrative += ": " + r
	}
	np := NewPosting{Kind: PostingReversal, Source: SourceStaff, SourceRef: fmt.Sprint(j.ID), Narrative: narrative, Reverses: po.ID}
	for _, e := range po.Entries {
		np.Entries = append(np.Entries, NewLedgerEntry{Kind: EntryReversal, Fund: e.Fund, Reference: e.Reference, MOP: e.MOP,
			Amount: -e.Amount, VATCode: e.VATCode, Narrative: narrative, LinksEntry: e.ID})
	}
	return np
}

// kindTitle is "Journal" or "Transfer", to start a sentence.
func kindTitle(k JournalKind) string {
	if k == KindOfTransfer {
		return "Transfer"
	}
	return "Journal"
}
