package mt940

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// information is what the :86: field (information to the account owner) says about an entry.
type information struct {
	narrative  string
	remittance string
	endToEndID string
	payerName  string
	payerAcct  string
}

// parseInformation reads a :86: field in any of the three shapes banks send:
//
//   - German structured subfields (DFÜ/DK layout, also used by Polish banks): a three-digit
//     transaction code then ?NN subfields, ?00 posting text, ?20–?29 and ?60–?63 remittance lines
//     (which may hold the SEPA keys EREF+, SVWZ+ …), ?30 bank code, ?31 account, ?32–?33 name,
//     ?38 IBAN;
//   - slash-keyed fields as Dutch and other banks write them: /EREF/…/REMI/…/NAME/…/IBAN/…;
//   - free text, kept as the narrative.
//
// Lines are folded at fixed widths, often mid-word, so structured fields are joined without a
// separator; free text is joined with spaces. What has no place in the record model stays in the
// narrative, except the German subfields for the primanota (?10), bank code (?30) and text key
// extension (?34), which mean nothing outside the bank.
func parseInformation(lines []string) information {
	joined := strings.Join(lines, "")
	trimmed := strings.TrimLeft(joined, " ")
	if len(trimmed) >= 4 && digits(trimmed[:3]) && trimmed[3] == '?' {
		return germanSubfields(trimmed[3:])
	}
	if strings.HasPrefix(trimmed, "/") {
		if info, ok := slashKeyed(trimmed); ok {
			info.narrative = joinText(lines)
			return info
		}
	}
	return information{narrative: joinText(lines)}
}

// germanSubfields reads "?00text?20text…".
func germanSubfields(s string) information {
	sub := map[string][]string{}
	var remittance []string
	for s != "" {
		// s starts with '?': the subfield runs to the next "?NN".
		code := "??" // a lone '?' not followed by two digits; its text is kept in the narrative
		if len(s) >= 3 && digits(s[1:3]) {
			code, s = s[1:3], s[3:]
		} else {
			s = s[1:]
		}
		end := nextSubfield(s)
		value := s[:end]
		s = s[end:]
		if code >= "20" && code <= "29" || code >= "60" && code <= "63" {
			remittance = append(remittance, value)
		} else {
			sub[code] = append(sub[code], value)
		}
	}
	// The posting text leads the narrative; subfields with no place in the model (a bank's own
	// additions such as ?70) follow it rather than being dropped.
	narrative := []string{foldLines(sub["00"])}
	for code := 0; code <= 99; code++ {
		c := fmt.Sprintf("%02d", code)
		if v, ok := sub[c]; ok && !strings.Contains(" 00 10 30 31 32 33 34 38 ", " "+c+" ") {
			narrative = append(narrative, foldLines(v))
		}
	}
	narrative = append(narrative, foldLines(sub["??"]))
	info := information{
		narrative: joinText(narrative),
		payerName: strings.Join(strings.Fields(foldLines(append(sub["32"], sub["33"]...))), " "),
		payerAcct: strings.TrimSpace(foldLines(sub["31"])),
	}
	if iban := strings.TrimSpace(foldLines(sub["38"])); iban != "" {
		info.payerAcct = iban
	}
	info.remittance, info.endToEndID = sepaKeys(remittance)
	return info
}

// subfieldWidth is the width of a German subfield line. A line that fills it was folded mid-text
// and continues in the next subfield; a shorter one ended where its writer ended it.
const subfieldWidth = 27

func full(line string) bool { return utf8.RuneCountInString(line) >= subfieldWidth }

// A part is the text of one subfield line, or what is left of it after a key.
type part struct {
	text string
	full bool // the line it came from filled the subfield width
}

func parts(lines []string) []part {
	ps := make([]part, len(lines))
	for i, l := range lines {
		ps[i] = part{l, full(l)}
	}
	return ps
}

// foldLines joins subfield lines: directly after a full line, with a space after a shorter one.
func foldLines(lines []string) string { return fold(parts(lines)) }

func fold(ps []part) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 && !ps[i-1].full {
			b.WriteByte(' ')
		}
		b.WriteString(p.text)
	}
	return strings.TrimSpace(b.String())
}

// nextSubfield returns the index of the next "?NN" in s, or len(s).
func nextSubfield(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '?' && digits(s[i+1:i+3]) {
			return i
		}
	}
	return len(s)
}

// sepaKeys reads the remittance lines (?20–?29, ?60–?63) of a SEPA payment, where a line may start
// with a key (EREF+ end-to-end id, SVWZ+ remittance, KREF+, MREF+ …). A key's value carries on into
// the next line only when its line was full. The remittance is the SVWZ+ value when there is one,
// otherwise the text under no key; the end-to-end id is the EREF+ value.
func sepaKeys(lines []string) (remittance, endToEndID string) {
	keys := []string{"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+", "COAM+", "OAMT+", "IBAN+", "BIC+"}
	values := map[string][]part{}
	current := ""
	for i, l := range lines {
		key := ""
		for _, k := range keys {
			if strings.HasPrefix(l, k) {
				key = k
				break
			}
		}
		switch {
		case key != "":
			current = key
		case i > 0 && full(lines[i-1]):
			// a folded line: it continues the value before it
		default:
			current = ""
		}
		values[current] = append(values[current], part{l[len(key):], full(l)})
	}
	if v, ok := values["SVWZ+"]; ok {
		return fold(v), fold(values["EREF+"])
	}
	return fold(values[""]), fold(values["EREF+"])
}

// slashKeyed reads "/EREF/…//CNTP/iban/bic/name/city///REMI/USTD//text/". It reports false when no
// known key is present, and the text is then free text that happens to start with a slash.
func slashKeyed(s string) (information, bool) {
	type found struct {
		at  int
		key string
	}
	// The keys delimit one another's values, so every key a bank may send is listed, not only the
	// ones read.
	keys := []string{
		"EREF", "REMI", "NAME", "IBAN", "BIC", "CNTP", "ORDP", "BENM", "ADDR", "MARF", "CSID", "TRTP",
		"PREF", "RTRN", "ULTC", "ULTD", "ULTB", "PURP", "OCMT", "CHGS", "EXCH", "ISDT", "BUSP", "SVCL",
	}
	var hits []found
	for i := 0; i < len(s); i++ {
		if s[i] != '/' {
			continue
		}
		for _, k := range keys {
			if strings.HasPrefix(s[i+1:], k+"/") {
				hits = append(hits, found{i, k})
				i += len(k) + 1 // past the key and its closing slash, which cannot open another key
				break
			}
		}
	}
	if len(hits) == 0 {
		return information{}, false
	}
	var info information
	for n, h := range hits {
		end := len(s)
		if n+1 < len(hits) {
			end = hits[n+1].at
		}
		value := strings.Trim(s[h.at+len(h.key)+2:end], "/ ")
		switch h.key {
		case "EREF":
			info.endToEndID = value
		case "REMI":
			// Unstructured remittance is "USTD//text", structured "STRD/CUR/reference".
			value = strings.TrimPrefix(value, "USTD//")
			value = strings.TrimPrefix(value, "STRD/CUR/")
			info.remittance = strings.TrimSpace(value)
		case "NAME":
			info.payerName = value
		case "IBAN":
			info.payerAcct = value
		case "CNTP":
			// Counterparty: account/BIC/name/city.
			parts := strings.Split(value, "/")
			if info.payerAcct == "" {
				info.payerAcct = parts[0]
			}
			if len(parts) > 2 && info.payerName == "" {
				info.payerName = parts[2]
			}
		}
	}
	return info, true
}

// joinText joins free-text lines with single spaces.
func joinText(lines []string) string {
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
