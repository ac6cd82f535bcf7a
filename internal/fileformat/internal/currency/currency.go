// Package currency knows how many decimal places (the ISO 4217 "minor unit" exponent) each currency
// has, so that file parsers can turn "1.234" into minor units for BHD and refuse it for GBP.
package currency

// Exponent returns the ISO 4217 minor-unit exponent of an alphabetic currency code ("GBP" → 2,
// "JPY" → 0, "BHD" → 3) and whether the code is known. Codes must be upper case, as every file
// format writes them; the caller decides whether to normalise. A few withdrawn currencies that still
// appear in published sample statements (DEM, FRF, NLG, HRK) are known too, so historic files parse.
// Precious metals and testing codes (XAU, XTS, …) have no minor unit and are reported unknown.
func Exponent(code string) (int, bool) {
	// A switch rather than a map: no package-level state, and the compiler checks for duplicates.
	switch code {
	case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
		"VUV", "XAF", "XOF", "XPF":
		return 0, true
	case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
		return 3, true
	case "CLF", "UYW":
		return 4, true
	case "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
		"BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
		"CAD", "CDF", "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK",
		"DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
		"GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
		"IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT",
		"LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
		"MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
		"PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB",
		"SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC",
		"SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS",
		"UAH", "USD", "USN", "UYU", "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
		// Withdrawn, kept for historic statements and the published MT940 examples.
		"DEM", "FRF", "NLG", "HRK":
		return 2, true
	}
	return 0, false
}
