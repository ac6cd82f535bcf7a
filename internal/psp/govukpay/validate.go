package govukpay

import (
	"unicode/utf16"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/money"
)

// GOV.UK Pay's limits on a payment, checked before sending so that the person who can correct the
// request hears which field is wrong, rather than a generic refusal.
const (
	maxAmount         = 10_000_000 // pence: £100,000
	maxTextLen        = 255        // reference, description
	maxReturnURLLen   = 2000
	maxMetadataKeys   = 10
	maxMetadataKeyLen = 30
	maxMetadataValLen = 100
	maxIdempotencyLen = 255
)

// checkPayment returns an Invalid *ims.Error listing every problem with req, or nil. Field names
// are GOV.UK Pay's, as in the errors GOV.UK Pay itself returns.
func checkPayment(req psp.PaymentRequest) error {
	p := ims.Problems{}
	if req.Amount < 0 || req.Amount > maxAmount {
		p.Add("amount", "must be between £0.00 and %s", money.Pence(maxAmount).Display())
	}
	if n := textLen(req.Reference); n == 0 || n > maxTextLen {
		p.Add("reference", "must be 1 to %d characters", maxTextLen)
	}
	if n := textLen(req.Description); n == 0 || n > maxTextLen {
		p.Add("description", "must be 1 to %d characters", maxTextLen)
	}
	if n := textLen(req.ReturnURL); n == 0 || n > maxReturnURLLen {
		p.Add("return_url", "must be 1 to %d characters", maxReturnURLLen)
	}
	switch req.Language {
	case "", "en", "cy":
	default:
		p.Add("language", "must be en or cy")
	}
	if len(req.Metadata) > maxMetadataKeys {
		p.Add("metadata", "may have at most %d keys, not %d", maxMetadataKeys, len(req.Metadata))
	}
	for k, v := range req.Metadata {
		if n := textLen(k); n == 0 || n > maxMetadataKeyLen {
			p.Add("metadata", "keys must be 1 to %d characters", maxMetadataKeyLen)
		}
		if textLen(v) > maxMetadataValLen {
			p.Add("metadata", "values must be at most %d characters (%q is longer)", maxMetadataValLen, k)
		}
	}
	checkIdempotencyKey(p, req.IdempotencyKey)
	return p.Err("The payment cannot be sent to GOV.UK Pay.")
}

// checkRefund returns an Invalid *ims.Error listing every problem with req, or nil.
func checkRefund(req psp.RefundRequest) error {
	p := ims.Problems{}
	if req.Amount < 1 || req.Amount > maxAmount {
		p.Add("amount", "must be between £0.01 and %s", money.Pence(maxAmount).Display())
	}
	if req.ExpectedAvailable < 0 || req.ExpectedAvailable > maxAmount {
		p.Add("refund_amount_available", "must be between £0.00 and %s", money.Pence(maxAmount).Display())
	} else if req.ExpectedAvailable > 0 && req.Amount > req.ExpectedAvailable {
		p.Add("amount", "is more than the %s available to refund", req.ExpectedAvailable.Display())
	}
	return p.Err("The refund cannot be sent to GOV.UK Pay.")
}

// checkIdempotencyKey applies the pattern the API declares for the header (letters, digits and
// hyphens, as in a UUID).
func checkIdempotencyKey(p ims.Problems, key string) {
	if len(key) > maxIdempotencyLen {
		p.Add("idempotency_key", "must be at most %d characters", maxIdempotencyLen)
	}
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			p.Add("idempotency_key", "may hold only letters, digits and hyphens")
			break
		}
	}
}

// textLen counts characters the way GOV.UK Pay (a Java service) does: in UTF-16 code units, so
// that a value IMS lets through is never too long there.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
