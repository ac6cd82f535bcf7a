package ims_test

import (
	"testing"

	"github.com/ims-council/ims"
)

func TestAccountHolderValidate(t *testing.T) {
	for _, c := range []struct {
		h      ims.AccountHolder
		fields []string
	}{
		{ims.AccountHolder{Fund: "CT", Reference: "12345678"}, nil},
		{ims.AccountHolder{Fund: "CT", Reference: "ab12"}, []string{"reference"}},
		{ims.AccountHolder{Fund: "CT", Reference: " AB12"}, []string{"reference"}},
		{ims.AccountHolder{}, []string{"fund_code", "reference"}},
	} {
		err := c.h.Validate()
		got := ims.ErrorFields(err)
		if len(got) != len(c.fields) || (c.fields != nil && ims.ErrorCode(err) != ims.Invalid) {
			t.Errorf("%+v: Validate() = %v %v, want problems with %v", c.h, err, got, c.fields)
		}
		for _, f := range c.fields {
			if got[f] == "" {
				t.Errorf("%+v: no problem with %s", c.h, f)
			}
		}
	}
}
