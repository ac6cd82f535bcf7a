package govukpaysim

// welsh returns the Welsh for a text of the card page, and whether there is one. GOV.UK Pay shows
// its pages in Welsh when a payment is created with "language": "cy", and so does the simulator.
// A switch rather than a map keeps the table immutable.
func welsh(english string) (string, bool) {
	switch english {
	// The page.
	case "Card payment":
		return "Taliad cerdyn", true
	case "Enter card details":
		return "Rhowch fanylion y cerdyn", true
	case "Error: ":
		return "Gwall: ", true
	case "This is a test payment page. No real money is taken: use a test card such as 4444 3333 2222 1111.":
		return "Tudalen talu prawf yw hon. Ni chymerir unrhyw arian go iawn: defnyddiwch gerdyn prawf fel 4444 3333 2222 1111.", true
	case "Payment summary":
		return "Crynodeb o'r taliad", true
	case "Total amount:":
		return "Cyfanswm:", true
	case "Card number":
		return "Rhif y cerdyn", true
	case "Expiry date":
		return "Dyddiad dod i ben", true
	case "For example, 10/27":
		return "Er enghraifft, 10/27", true
	case "Month":
		return "Mis", true
	case "Year":
		return "Blwyddyn", true
	case "Name on card":
		return "Enw ar y cerdyn", true
	case "Card security code":
		return "Cod diogelwch y cerdyn", true
	case "The last 3 digits on the back of the card, or the 4 digits on the front of an American Express card":
		return "Y 3 digid olaf ar gefn y cerdyn, neu'r 4 digid ar flaen cerdyn American Express", true
	case "Billing address":
		return "Cyfeiriad bilio", true
	case "Address line 1":
		return "Llinell gyntaf y cyfeiriad", true
	case "Address line 2 (optional)":
		return "Ail linell y cyfeiriad (dewisol)", true
	case "Town or city":
		return "Tref neu ddinas", true
	case "Postcode":
		return "Cod post", true
	case "Email address (optional)":
		return "Cyfeiriad e-bost (dewisol)", true
	case "Pay":
		return "Talu", true
	case "Cancel payment":
		return "Canslo'r taliad", true

	// The card form's errors.
	case "Enter your card number":
		return "Rhowch rif eich cerdyn", true
	case "Enter a valid card number":
		return "Rhowch rif cerdyn dilys", true
	case "Maestro cards are not accepted. Use a different card":
		return "Nid ydym yn derbyn cardiau Maestro. Defnyddiwch gerdyn gwahanol", true
	case "Enter the expiry date":
		return "Rhowch y dyddiad dod i ben", true
	case "Enter a valid expiry date":
		return "Rhowch ddyddiad dod i ben dilys", true
	case "The card has expired. Use a different card":
		return "Mae'r cerdyn wedi dod i ben. Defnyddiwch gerdyn gwahanol", true
	case "Enter the name as it appears on the card":
		return "Rhowch yr enw fel y mae'n ymddangos ar y cerdyn", true
	case "Enter the card security code":
		return "Rhowch god diogelwch y cerdyn", true
	case "Enter a valid card security code":
		return "Rhowch god diogelwch dilys", true
	case "Enter the first line of the billing address":
		return "Rhowch linell gyntaf y cyfeiriad bilio", true
	case "Address line 2 must be 255 characters or fewer":
		return "Rhaid i ail linell y cyfeiriad fod yn 255 nod neu lai", true
	case "Enter the town or city":
		return "Rhowch y dref neu'r ddinas", true
	case "Enter the postcode":
		return "Rhowch y cod post", true
	case "Enter a real postcode":
		return "Rhowch god post go iawn", true
	case "Enter an email address in the correct format, like name@example.com":
		return "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com", true
	}
	return "", false
}

// translate returns a text in the page's language: as it is in English, in Welsh where the table
// has it.
func translate(lang, english string) string {
	if lang == "cy" {
		if w, ok := welsh(english); ok {
			return w
		}
	}
	return english
}
