package ims

// SuspenseChoices are what a finance officer picks from when recording and allocating suspense
// items: the funds they may allocate to (their fund groups', enabled, not the suspense fund), those
// of them that take credit notes, and the enabled methods of payment and VAT codes.
type SuspenseChoices struct {
	Funds           []Fund
	CreditNoteFunds []Fund
	MOPs            []MOP
	VATCodes        []VATCode
}
