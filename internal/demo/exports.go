package demo

import (
	"bytes"
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/ims-council/ims"
)

//go:embed demo-exports.yaml
var exportsYAML []byte

// ExportTargets returns the demo council's export targets, decoded from demo-exports.yaml: the
// general ledger journal (a Unit4 ERP-like CSV) and the council tax and housing rents systems'
// account postings (fixed width). Unknown fields are errors, as in demo-council.yaml.
func ExportTargets() ([]ims.ExportTarget, error) {
	var targets []ims.ExportTarget
	dec := yaml.NewDecoder(bytes.NewReader(exportsYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&targets); err != nil {
		return nil, fmt.Errorf("demo-exports.yaml: %w", err)
	}
	return targets, nil
}
