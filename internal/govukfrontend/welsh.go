package govukfrontend

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
	case "Back office":
		return "Swyddfa gefn", true
	case "Sign out":
		return "Allgofnodi", true
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

	// The citizen payment portal (internal/web/portal).
	case "%s card ending in %s":
		return "Cerdyn %s yn gorffen gyda %s", true
	case "Actions":
		return "Camau gweithredu", true
	case "Add a payment":
		return "Ychwanegu taliad", true
	case "Add a payment to your basket":
		return "Ychwanegu taliad at eich basged", true
	case "Add another payment":
		return "Ychwanegu taliad arall", true
	case "Add to basket":
		return "Ychwanegu at y fasged", true
	case "Address":
		return "Cyfeiriad", true
	case "Address line 1":
		return "Cyfeiriad llinell 1", true
	case "Address line 2 (optional)":
		return "Cyfeiriad llinell 2 (dewisol)", true
	case "Amount":
		return "Swm", true
	case "Amount to pay":
		return "Swm i'w dalu", true
	case "Back to the receipt":
		return "Yn ôl i'r dderbynneb", true
	case "Back to your basket":
		return "Yn ôl i'ch basged", true
	case "Card":
		return "Cerdyn", true
	case "Change":
		return "Newid", true
	case "Change your payments":
		return "Newid eich taliadau", true
	case "Check again":
		return "Gwirio eto", true
	case "Check your answers before paying":
		return "Gwiriwch eich atebion cyn talu", true
	case "Choose a different payment":
		return "Dewis taliad gwahanol", true
	case "Continue":
		return "Parhau", true
	case "Continue to payment":
		return "Parhau i dalu", true
	case "Date":
		return "Dyddiad", true
	case "Do not enter card numbers here":
		return "Peidiwch â rhoi rhifau cerdyn yma", true
	case "Do you want a receipt by email?":
		return "Ydych chi eisiau derbynneb drwy e-bost?", true
	case "Email address":
		return "Cyfeiriad e-bost", true
	case "Email address (optional)":
		return "Cyfeiriad e-bost (dewisol)", true
	case "Empty your basket":
		return "Gwagio eich basged", true
	case "Enter a real UK postcode, like SW1A 1AA":
		return "Rhowch god post go iawn yn y DU, fel SW1A 1AA", true
	case "Enter an amount more than £0.00":
		return "Rhowch swm sy'n fwy na £0.00", true
	case "Enter an email address in the correct format, like name@example.com":
		return "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com", true
	case "Enter no more than 100 characters":
		return "Rhowch ddim mwy na 100 nod", true
	case "Enter the amount in pounds and pence, like 125.50":
		return "Rhowch y swm mewn punnoedd a cheiniogau, fel 125.50", true
	case "Enter the amount with no more than 2 decimal places, like 125.50":
		return "Rhowch y swm gyda dim mwy na 2 le degol, fel 125.50", true
	case "Enter the amount you want to pay":
		return "Rhowch y swm rydych am ei dalu", true
	case "Enter the first line of your address":
		return "Rhowch linell gyntaf eich cyfeiriad", true
	case "Enter the reference from your bill":
		return "Rhowch y cyfeirnod o'ch bil", true
	case "Enter your full name":
		return "Rhowch eich enw llawn", true
	case "Enter your postcode":
		return "Rhowch eich cod post", true
	case "Enter your town or city":
		return "Rhowch eich tref neu ddinas", true
	case "For example, 125.50":
		return "Er enghraifft, 125.50", true
	case "Full name":
		return "Enw llawn", true
	case "Go back to the page you came from, refresh it and try again.":
		return "Ewch yn ôl i'r dudalen y daethoch ohoni, adnewyddwch hi a rhowch gynnig arall arni.", true
	case "Keep the receipt number. You will need it if you contact us about this payment.":
		return "Cadwch rif y dderbynneb. Bydd ei angen arnoch os byddwch yn cysylltu â ni am y taliad hwn.", true
	case "Language":
		return "Iaith", true
	case "Make another payment":
		return "Gwneud taliad arall", true
	case "Name":
		return "Enw", true
	case "Net":
		return "Swm net", true
	case "No money has been taken from your account.":
		return "Nid oes arian wedi'i gymryd o'ch cyfrif.", true
	case "No receipt by email":
		return "Dim derbynneb drwy e-bost", true
	case "Now pay":
		return "Talu nawr", true
	case "Our card payment service is not working. No money has been taken from your account.":
		return "Nid yw ein gwasanaeth talu â cherdyn yn gweithio. Nid oes arian wedi'i gymryd o'ch cyfrif.", true
	case "Paid by":
		return "Talwyd gan", true
	case "Pay":
		return "Talu", true
	case "Use this service to pay council tax, business rates, rent, parking fines, invoices and other bills.":
		return "Defnyddiwch y gwasanaeth hwn i dalu’r dreth gyngor, ardrethi busnes, rhent, dirwyon parcio, anfonebau a biliau eraill.", true
	case "You will need the reference printed on your bill and a debit or credit card.":
		return "Bydd angen y cyfeirnod sydd ar eich bil a cherdyn debyd neu gredyd arnoch.", true
	case "Pay the council":
		return "Talu'r cyngor", true
	case "Payment":
		return "Taliad", true
	case "Payment complete":
		return "Taliad wedi'i gwblhau", true
	case "Payment method":
		return "Dull talu", true
	case "Payments":
		return "Taliadau", true
	case "Payments in your basket":
		return "Taliadau yn eich basged", true
	case "Postcode":
		return "Cod post", true
	case "Print-friendly version":
		return "Fersiwn hawdd ei hargraffu", true
	case "Rate":
		return "Cyfradd", true
	case "Receipt":
		return "Derbynneb", true
	case "Receipt number":
		return "Rhif y dderbynneb", true
	case "Reference":
		return "Cyfeirnod", true
	case "Remove":
		return "Tynnu", true
	case "Select what you want to pay":
		return "Dewiswch beth rydych am ei dalu", true
	case "Sorry, there have been too many attempts":
		return "Mae'n ddrwg gennym, bu gormod o ymdrechion", true
	case "Sorry, you cannot pay online at the moment":
		return "Mae'n ddrwg gennym, ni allwch dalu ar-lein ar hyn o bryd", true
	case "This can take a few minutes. Do not pay again.":
		return "Gall hyn gymryd ychydig funudau. Peidiwch â thalu eto.", true
	case "Too many requests":
		return "Gormod o geisiadau", true
	case "Total":
		return "Cyfanswm", true
	case "Total paid":
		return "Cyfanswm a dalwyd", true
	case "Town or city":
		return "Tref neu ddinas", true
	case "Try again":
		return "Rhoi cynnig arall arni", true
	case "VAT":
		return "TAW", true
	case "VAT rate":
		return "Cyfradd TAW", true
	case "VAT receipt":
		return "Derbynneb TAW", true
	case "VAT registration number":
		return "Rhif cofrestru TAW", true
	case "VAT summary":
		return "Crynodeb TAW", true
	case "View and print your receipt":
		return "Gweld ac argraffu eich derbynneb", true
	case "View your basket":
		return "Gweld eich basged", true
	case "Wait a minute, then go back and try again.":
		return "Arhoswch funud, yna ewch yn ôl a rhowch gynnig arall arni.", true
	case "We are waiting for your payment to be confirmed":
		return "Rydym yn aros i'ch taliad gael ei gadarnhau", true
	case "We have kept your basket, so you can try again when you are ready.":
		return "Rydym wedi cadw eich basged, felly gallwch roi cynnig arall arni pan fyddwch yn barod.", true
	case "We have kept your basket. Try again later.":
		return "Rydym wedi cadw eich basged. Rhowch gynnig arall arni yn nes ymlaen.", true
	case "We have kept your basket. You can try again with the same card or a different one.":
		return "Rydym wedi cadw eich basged. Gallwch roi cynnig arall arni gyda'r un cerdyn neu gerdyn gwahanol.", true
	case "We need these for one or more of the payments in your basket.":
		return "Mae angen y rhain arnom ar gyfer un neu fwy o'r taliadau yn eich basged.", true
	case "We will email a receipt to":
		return "Byddwn yn anfon derbynneb drwy e-bost at", true
	case "We will send your receipt to this address. Leave it blank if you do not want a receipt by email.":
		return "Byddwn yn anfon eich derbynneb i'r cyfeiriad hwn. Gadewch y blwch yn wag os nad ydych eisiau derbynneb drwy e-bost.", true
	case "What do you want to pay?":
		return "Beth ydych chi am ei dalu?", true
	case "What is your name and address?":
		return "Beth yw eich enw a'ch cyfeiriad?", true
	case "What you paid":
		return "Beth a daloch", true
	case "You cannot pay this online any more. Remove it from your basket":
		return "Ni allwch dalu hwn ar-lein mwyach. Tynnwch ef o'ch basged", true
	case "You have already added this reference to your basket":
		return "Rydych eisoes wedi ychwanegu'r cyfeirnod hwn at eich basged", true
	case "You will pay by debit or credit card on our payment provider's secure page. Then you will come back here to see your receipt.":
		return "Byddwch yn talu â cherdyn debyd neu gredyd ar dudalen ddiogel ein darparwr taliadau. Yna byddwch yn dod yn ôl yma i weld eich derbynneb.", true
	case "Your basket":
		return "Eich basged", true
	case "Your basket already has %d payments, the most it can hold. Pay for these first, then add more":
		return "Mae %d taliad yn eich basged yn barod, sef yr uchafswm. Talwch am y rhain yn gyntaf, yna ychwanegwch ragor", true
	case "Your basket is empty.":
		return "Mae eich basged yn wag.", true
	case "Your details":
		return "Eich manylion", true
	case "Your payment was cancelled":
		return "Cafodd eich taliad ei ganslo", true
	case "Your payment was not successful":
		return "Nid oedd eich taliad yn llwyddiannus", true
	case "Your receipt number is":
		return "Rhif eich derbynneb yw", true
	case "address":
		return "cyfeiriad", true
	case "at":
		return "am", true
	case "email address":
		return "cyfeiriad e-bost", true
	case "name":
		return "enw", true

	// Dates on receipts.
	case "January":
		return "Ionawr", true
	case "February":
		return "Chwefror", true
	case "March":
		return "Mawrth", true
	case "April":
		return "Ebrill", true
	case "May":
		return "Mai", true
	case "June":
		return "Mehefin", true
	case "July":
		return "Gorffennaf", true
	case "August":
		return "Awst", true
	case "September":
		return "Medi", true
	case "October":
		return "Hydref", true
	case "November":
		return "Tachwedd", true
	case "December":
		return "Rhagfyr", true

	// VAT treatments, as receipts name them.
	case "Standard rate":
		return "Cyfradd safonol", true
	case "Reduced rate":
		return "Cyfradd ostyngedig", true
	case "Zero rate":
		return "Cyfradd sero", true
	case "Exempt":
		return "Wedi'i eithrio", true
	case "Outside the scope of VAT":
		return "Y tu allan i gwmpas TAW", true

	// Messages of the reference check and the payment service that the portal shows.
	case "Enter a reference":
		return "Rhowch gyfeirnod", true
	case "Reference is not in the right format":
		return "Nid yw'r cyfeirnod yn y fformat cywir", true
	case "Reference check digit is wrong":
		return "Mae digid gwirio'r cyfeirnod yn anghywir", true
	case "Reference cannot be checked because its rules are set up wrongly; please tell the council":
		return "Ni ellir gwirio'r cyfeirnod am fod ei reolau wedi'u gosod yn anghywir; rhowch wybod i'r cyngor", true
	case "Reference must contain only letters":
		return "Dim ond llythrennau a ddylai fod yn y cyfeirnod", true
	case "Reference must contain only letters and spaces":
		return "Dim ond llythrennau a bylchau a ddylai fod yn y cyfeirnod", true
	case "Reference must contain only digits":
		return "Dim ond digidau a ddylai fod yn y cyfeirnod", true
	case "Reference must contain only digits and spaces":
		return "Dim ond digidau a bylchau a ddylai fod yn y cyfeirnod", true
	case "Reference must contain only letters and digits":
		return "Dim ond llythrennau a digidau a ddylai fod yn y cyfeirnod", true
	case "Reference must contain only letters, digits and spaces":
		return "Dim ond llythrennau, digidau a bylchau a ddylai fod yn y cyfeirnod", true
	case "Reference must not contain tabs, line breaks or other invisible characters":
		return "Ni ddylai'r cyfeirnod gynnwys tabiau, toriadau llinell na nodau anweledig eraill", true
	case "Reference contains a character that cannot be read (�): type the reference again":
		return "Mae nod yn y cyfeirnod na ellir ei ddarllen (�): teipiwch y cyfeirnod eto", true
	case "Reference looks like a card number. Do not enter card details here":
		return "Mae'r cyfeirnod yn edrych fel rhif cerdyn. Peidiwch â rhoi manylion cerdyn yma", true
	case "Amount must be more than £0.00":
		return "Rhaid i'r swm fod yn fwy na £0.00", true
	case "Add at least one payment":
		return "Ychwanegwch o leiaf un taliad", true
	case "A basket cannot exceed £1,000,000.00":
		return "Ni all basged fod yn fwy na £1,000,000.00", true
	case "A card payment cannot be more than £100,000.00": // GOV.UK Pay's limit (payments.Service)
		return "Ni all taliad cerdyn fod yn fwy na £100,000.00", true
	case "The payment cannot be taken":
		return "Ni ellir cymryd y taliad", true
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
