// Package govukpaysim is a GOV.UK Pay simulator, built into IMS so that card payments work, and are
// tested, without a GOV.UK Pay account. `ims serve --demo` mounts it and points the GOV.UK Pay
// adapter at it.
//
// It serves the part of GOV.UK Pay's public API that IMS uses, with the JSON, states and error codes
// of the official API description:
//
//	POST /v1/payments                               create a payment (Idempotency-Key honoured)
//	GET  /v1/payments/{id}                          read it
//	POST /v1/payments/{id}/cancel                   cancel it (P0040)
//	GET  /v1/payments/{id}/events                   its state changes
//	POST /v1/payments/{id}/refunds                  refund it (refund_amount_available checked)
//	GET  /v1/payments/{id}/refunds/{refund_id}      read a refund
//
// and the hosted card page the payer is sent to (next_url), which accepts GOV.UK Pay's documented
// sandbox test cards: 4444333322221111 and 4242424242424242 succeed, 4000000000000002 (declined),
// 4000000000000069 (card expired) and 4000000000000127 (wrong security code) are rejected by the
// "bank" and fail with P0010, 4000000000000119 fails with the provider error P0050, and the Maestro
// card 6759649826438453 is refused on the form itself, as GOV.UK Pay does. Every finished journey
// sends the payer back to the payment's return_url with a 303.
//
// Unfinished payments expire 90 minutes after they were created (failed, P0020), measured by the
// injected clock. Each simulated account can send signed webhooks, whose delivery tests can hold,
// duplicate, delay and reorder.
//
// # Mounting
//
// Handler serves every path under Options.BaseURL's path, so the host mounts it there as it is:
//
//	sim, err := govukpaysim.New(govukpaysim.Options{
//		BaseURL:  "http://127.0.0.1:8080/simulator/govukpay",
//		Accounts: []govukpaysim.Account{{APIKey: key, WebhookSecret: secret, WebhookURLs: urls}},
//	})
//	mux.Handle("/simulator/govukpay/", sim.Handler())
//	defer sim.Close()
//
// The GOV.UK Pay adapter then uses BaseURL as its API base URL. The card page uses the shared
// GOV.UK Frontend layout, whose assets the host serves at /assets/.
//
// # State
//
// Payments, refunds, idempotency keys and held webhooks live in memory in the Simulator value,
// guarded by one mutex, and are lost when the process stops: it is a simulator. Card numbers and
// security codes are never kept: only the brand, the first 6 and last 4 digits, the expiry date,
// the cardholder's name and the billing address, which is all GOV.UK Pay reports.
package govukpaysim
