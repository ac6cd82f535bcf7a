package ims_test

import (
	"testing"

	"github.com/ims-council/ims"
)

func TestMetadataKeyValidate(t *testing.T) {
	for _, c := range []struct {
		k      ims.MetadataKey
		fields []string
	}{
		{ims.MetadataKey{Entity: "fund", Key: "service_area"}, nil},
		{ims.MetadataKey{Entity: "mop", Key: "terminal"}, nil},
		{ims.MetadataKey{Entity: "user", Key: "x"}, []string{"entity"}},
		{ims.MetadataKey{Entity: "fund"}, []string{"key"}},
	} {
		err := c.k.Validate()
		got := ims.ErrorFields(err)
		if len(got) != len(c.fields) {
			t.Errorf("%+v: Validate() = %v %v, want problems with %v", c.k, err, got, c.fields)
		}
		for _, f := range c.fields {
			if got[f] == "" {
				t.Errorf("%+v: no problem with %s", c.k, f)
			}
		}
	}
}
