package govuk

// welsh returns the Welsh for a fixed English text that the templates show, and whether there is one.
// Welsh public bodies must offer their services in Welsh, so every text a template passes to the
// t function needs an entry here (a test checks). Text that callers supply is theirs to translate.
//
// A switch rather than a map keeps the table immutable.
func welsh(english string) (string, bool) {
	switch english {
	// Layout.
	case "Skip to main content":
		return "Neidio i'r prif gynnwys", true
	case "Menu":
		return "Dewislen", true
	case "Service information":
		return "Gwybodaeth am y gwasanaeth", true
	case "Support links":
		return "Dolenni cymorth", true
	case "This is a new service.":
		return "Mae hwn yn wasanaeth newydd.", true
	case "Important":
		return "Pwysig", true
	case "Warning":
		return "Rhybudd", true
	case "Service problem":
		return "Problem gyda'r gwasanaeth", true

	// Components.
	case "Error":
		return "Gwall", true
	case "There is a problem":
		return "Mae problem wedi codi", true
	case "Success":
		return "Llwyddiant", true
	case "Back":
		return "Yn ôl", true

	// Pages.
	case "Start now":
		return "Dechrau nawr", true
	case "Sorry, there is a problem with the service":
		return "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth", true
	case "Try again later.":
		return "Rhowch gynnig arall arni yn nes ymlaen.", true
	case "If you contact us about this problem, quote this reference:":
		return "Os byddwch yn cysylltu â ni am y broblem hon, dyfynnwch y cyfeirnod hwn:", true
	case "Page not found":
		return "Heb ddod o hyd i'r dudalen", true
	case "If you typed the web address, check it is correct.":
		return "Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir.", true
	case "If you pasted the web address, check you copied the entire address.":
		return "Os gwnaethoch ludo'r cyfeiriad gwe, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.", true
	case "Go to the start of the service":
		return "Ewch i ddechrau'r gwasanaeth", true
	}
	return "", false
}

// translator returns the t template function for a language: English text is returned as it is, and
// in Welsh translated where the table has it.
func translator(lang string) func(string) string {
	if lang != "cy" {
		return func(s string) string { return s }
	}
	return func(s string) string {
		if w, ok := welsh(s); ok {
			return w
		}
		return s
	}
}

// Translate returns the Welsh for a fixed English text when lang is "cy" and the table has it, and
// the text as it is otherwise: what the templates' t function does, for text built in Go (page
// titles, validation messages).
func Translate(lang, english string) string { return translator(lang)(english) }
