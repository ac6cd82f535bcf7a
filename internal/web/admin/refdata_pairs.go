package admin

import (
	"context"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

// fundMessageKind is the pages of the messages account holders may be stopped with, per fund;
// their address is FUND:CODE.
func fundMessageKind() kind[ims.FundMessage] {
	return kind[ims.FundMessage]{
		slug: "fund-messages", plural: "Fund messages", one: "fund message",
		intro:   "The messages an account holder may be stopped with, per fund: a payment to a stopped account is refused with its message. A message account holders have cannot be deleted.",
		records: func(s ReferenceData) refdata.Records[ims.FundMessage] { return s.FundMessages() },
		key:     func(m ims.FundMessage) string { return m.Fund + ":" + m.Code },
		head:    []string{"Fund and code", "Message"},
		row:     func(m ims.FundMessage) []string { return []string{m.Fund + ":" + m.Code, m.Text} },
		fields: func(ctx context.Context, a *Admin, p ims.Principal, m ims.FundMessage, creating bool) ([]field, error) {
			var fs []field
			if creating {
				funds, err := a.RefData.Funds().List(ctx, p)
				if err != nil {
					return nil, err
				}
				var codes, names []string
				for _, f := range funds {
					codes, names = append(codes, f.Code), append(names, f.Name)
				}
				fs = append(fs,
					field{Name: "fund_code", Label: "Fund", Kind: selectField, Options: choices(m.Fund, true, codes, names), Autocomplete: true},
					field{Name: "code", Label: "Code", Hint: "Up to 10 letters or digits", Kind: textField, Value: m.Code, Width: "govuk-input--width-10"})
			}
			return append(fs, field{Name: "text", Label: "Message for staff", Hint: "What a cashier or an API client is told; payers on the payment portal never see it", Kind: areaField, Value: m.Text},
				field{Name: "text_public", Label: "Message for payers (optional)", Hint: "What the payment portal tells a payer; when blank: " + ims.NeutralStopText, Kind: areaField, Value: m.TextPublic},
				field{Name: "text_public_cy", Label: "Message for payers, in Welsh (optional)", Hint: "When blank, payers using the portal in Welsh are told: " + ims.NeutralStopTextCy, Kind: areaField, Value: m.TextPublicCy}), nil
		},
		parse: func(f *form, key string) ims.FundMessage {
			m := ims.FundMessage{Fund: f.text("fund_code"), Code: f.text("code"), Text: f.text("text"),
				TextPublic: f.text("text_public"), TextPublicCy: f.text("text_public_cy")}
			if key != "" {
				m.Fund, m.Code = splitPair(key)
			}
			return m
		},
	}
}

// metadataKeyKind is the pages of the custom metadata keys of funds and methods of payment; their
// address is ENTITY:KEY.
func metadataKeyKind() kind[ims.MetadataKey] {
	return kind[ims.MetadataKey]{
		slug: "metadata-keys", plural: "Metadata keys", one: "metadata key",
		intro:   "The custom key=value fields the council keeps on funds and methods of payment, with the label they are known by.",
		records: func(s ReferenceData) refdata.Records[ims.MetadataKey] { return s.MetadataKeys() },
		key:     func(k ims.MetadataKey) string { return k.Entity + ":" + k.Key },
		head:    []string{"Record and key", "Label"},
		row:     func(k ims.MetadataKey) []string { return []string{k.Entity + ":" + k.Key, k.Label} },
		fields: func(_ context.Context, _ *Admin, _ ims.Principal, k ims.MetadataKey, creating bool) ([]field, error) {
			var fs []field
			if creating {
				fs = append(fs,
					field{Name: "entity", Label: "Kept on", Kind: selectField, Options: choices(k.Entity, true,
						[]string{"fund", "mop"}, []string{"funds", "methods of payment"})},
					field{Name: "key", Label: "Key", Kind: textField, Value: k.Key, Width: "govuk-input--width-20"})
			}
			return append(fs, field{Name: "label", Label: "Label", Kind: textField, Value: k.Label, Width: "govuk-!-width-two-thirds"}), nil
		},
		parse: func(f *form, key string) ims.MetadataKey {
			k := ims.MetadataKey{Entity: f.text("entity"), Key: f.text("key"), Label: f.text("label")}
			if key != "" {
				k.Entity, k.Key = splitPair(key)
			}
			return k
		},
	}
}

// splitPair splits a two-part address "A:B"; the service refuses a malformed one.
func splitPair(key string) (string, string) {
	a, b, _ := strings.Cut(key, ":")
	return a, b
}
