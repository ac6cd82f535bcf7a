package ims

import (
	"strings"
	"testing"
)

func TestImportTypeValidate(t *testing.T) {
	good := func() ImportType {
		return ImportType{Code: "ALLPAY", Name: "allpay daily file", Format: "allpay", DefaultMOP: "15",
			DefaultOffice: "BI", Fund: "23", ChannelMOPs: map[string]string{"P": "15", "T": "18"}, DropFolder: "allpay"}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("a good import type is refused: %v", err)
	}
	bank := ImportType{Code: "LLOYDS", Name: "Lloyds", Format: "bankcsv", BankCSVProfile: "lloyds", DefaultMOP: "BK", DefaultOffice: "BI"}
	if err := bank.Validate(); err != nil {
		t.Fatalf("a bank CSV type with a profile is refused: %v", err)
	}
	tests := []struct {
		name, field, want string
		change            func(*ImportType)
	}{
		{"no code", "code", "Enter a code", func(i *ImportType) { i.Code = "" }},
		{"code with a space", "code", "only letters and digits", func(i *ImportType) { i.Code = "ALL PAY" }},
		{"no name", "name", "Enter a name", func(i *ImportType) { i.Name = " " }},
		{"no format", "format", "Choose a format: one of camt053", func(i *ImportType) { i.Format = "" }},
		{"unknown format", "format", `Format "qif" is not one of`, func(i *ImportType) { i.Format = "qif" }},
		{"profile on another format", "bank_csv_profile", "only for the bankcsv format", func(i *ImportType) { i.BankCSVProfile = "lloyds" }},
		{"unknown profile", "bank_csv_profile", `Bank CSV profile "midland" does not exist; the profiles are barclays`, func(i *ImportType) {
			i.Format, i.ChannelMOPs, i.BankCSVProfile = "bankcsv", nil, "midland"
		}},
		{"no MOP", "default_mop", "method of payment", func(i *ImportType) { i.DefaultMOP = "" }},
		{"no office", "default_office", "office", func(i *ImportType) { i.DefaultOffice = "" }},
		{"channels on a bank format", "channel_mops", "only for the allpay format", func(i *ImportType) { i.Format = "mt940" }},
		{"channel of two letters", "channel_mops", `Channel "PO" is not one capital letter`, func(i *ImportType) { i.ChannelMOPs["PO"] = "15" }},
		{"channel without a MOP", "channel_mops", "method of payment of channel Q", func(i *ImportType) { i.ChannelMOPs["Q"] = "" }},
		{"drop folder with a slash", "drop_folder", "one folder name", func(i *ImportType) { i.DropFolder = "in/coming" }},
		{"drop folder of dots", "drop_folder", "must not start with a dot", func(i *ImportType) { i.DropFolder = ".." }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := good()
			tt.change(&it)
			err := it.Validate()
			if ErrorCode(err) != Invalid || !strings.Contains(ErrorFields(err)[tt.field], tt.want) {
				t.Errorf("Validate() = %v, fields %v; want %s: %q", err, ErrorFields(err), tt.field, tt.want)
			}
		})
	}
}
