package govukpay

import "github.com/ims-council/ims/internal/psp"

// GOV.UK Pay failure codes that mean something other than a failed card payment.
const (
	codeExpired            = "P0020" // the payer did not finish within the time limit
	codeCancelledByUser    = "P0030" // the payer chose "cancel" on the card page
	codeCancelledByService = "P0040" // we cancelled it through the API
)

// stateOf maps GOV.UK Pay's state.status (and, for failed payments, state.code) to IMS's state.
// ok is false for a status GOV.UK Pay does not document: guessing could close a payment that
// is still going on, so the caller treats the answer as unreadable and asks again later.
func stateOf(status, code string) (s psp.State, ok bool) {
	switch status {
	case "created", "started", "submitted", "capturable":
		return psp.InProgress, true
	case "success":
		return psp.Succeeded, true
	case "failed":
		// GOV.UK Pay reports expiry and cancellation by the payer as failures; IMS closes them
		// with their own reasons, because the portal treats them differently (keep the basket).
		switch code {
		case codeExpired:
			return psp.Expired, true
		case codeCancelledByUser, codeCancelledByService:
			return psp.Cancelled, true
		}
		return psp.Failed, true
	case "cancelled":
		return psp.Cancelled, true
	case "error":
		return psp.Failed, true
	}
	return "", false
}
