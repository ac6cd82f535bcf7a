package demo

import "github.com/ims-council/ims"

// ExportTargets returns the demo council's export targets, from demo-council.yaml: the general
// ledger journal (a Unit4 ERP-like CSV) and the council tax and housing rents systems' account
// postings (fixed width).
func ExportTargets() ([]ims.ExportTarget, error) {
	doc, err := ReferenceData()
	return doc.ExportTargets, err
}
