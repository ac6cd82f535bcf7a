package ims

// LooksLikeCardNumber reports whether s contains a run of 13–19 digits (spaces and hyphens between
// them allowed) that passes the Luhn check: a primary account number that must never be stored in a
// narrative or reference (PCI DSS). Money paths refuse such text instead of storing it.
func LooksLikeCardNumber(s string) bool {
	digits := make([]byte, 0, 19)
	flush := func() bool {
		found := false
		// Every window of 13–19 consecutive digits starting like a card scheme's numbers (2–6: Mastercard,
		// Amex, Diners, JCB, Visa, Maestro, Discover) is a candidate: a card number may sit inside a
		// longer run, such as a reference typed straight after it.
		for n := 13; n <= 19 && !found; n++ {
			for i := 0; i+n <= len(digits) && !found; i++ {
				found = digits[i] >= '2' && digits[i] <= '6' && luhnValid(digits[i:i+n])
			}
		}
		digits = digits[:0]
		return found
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if len(digits) == 40 { // a long run is data, not a card; keep the window bounded
				digits = digits[1:]
			}
			digits = append(digits, c)
		case (c == ' ' || c == '-') && len(digits) > 0:
		default:
			if flush() {
				return true
			}
		}
	}
	return flush()
}

func luhnValid(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}
