package ims_test

import (
	"slices"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func TestPlanAllocationTakesItemsInOrder(t *testing.T) {
	items := []ims.SuspenseItem{{ID: 1, Amount: 3000, Allocated: 1000}, {ID: 2, Amount: 5000}, {ID: 3, Amount: 700}}
	for _, c := range []struct {
		net  money.Pence
		want []money.Pence
	}{
		{7700, []money.Pence{2000, 5000, 700}}, // everything left: all fully allocated
		{2000, []money.Pence{2000, 0, 0}},      // the first item covers it
		{2500, []money.Pence{2000, 500, 0}},    // part of the second stays
	} {
		got, err := ims.PlanAllocation(items, c.net)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("PlanAllocation(%d) = %v, %v; want %v", c.net, got, err, c.want)
		}
	}
	if _, err := ims.PlanAllocation(items, 7701); ims.ErrorFields(err)["lines"] != "The lines come to £77.01 but the chosen items have only £77.00 left to allocate" {
		t.Errorf("more than is left: %v", err)
	}
}

func TestSuspenseAllocationRequestShape(t *testing.T) {
	line := func(amount money.Pence) ims.AllocationLine {
		return ims.AllocationLine{Fund: "19", Reference: "X", Amount: amount}
	}
	one := []ims.SuspenseTake{{ID: 1, Version: 1}}
	for _, c := range []struct {
		name  string
		req   ims.SuspenseAllocationRequest
		field string // "" when the request is well formed
	}{
		{"well formed", ims.SuspenseAllocationRequest{Items: one, Lines: []ims.AllocationLine{line(500)}}, ""},
		{"no items", ims.SuspenseAllocationRequest{Lines: []ims.AllocationLine{line(500)}}, "items"},
		{"an item twice", ims.SuspenseAllocationRequest{Items: append(one, one[0]), Lines: []ims.AllocationLine{line(500)}}, "items[1]"},
		{"no lines", ims.SuspenseAllocationRequest{Items: one}, "lines"},
		{"a zero line", ims.SuspenseAllocationRequest{Items: one, Lines: []ims.AllocationLine{line(500), line(0)}}, "lines[1].amount"},
		{"a negative credit note", ims.SuspenseAllocationRequest{Items: one, Lines: []ims.AllocationLine{line(500)},
			CreditNotes: []ims.AllocationLine{line(-1)}}, "credit_notes[0].amount"},
		{"credit notes as large as the lines", ims.SuspenseAllocationRequest{Items: one, Lines: []ims.AllocationLine{line(500)},
			CreditNotes: []ims.AllocationLine{line(500)}}, "lines"},
		{"a card number", ims.SuspenseAllocationRequest{Items: one, Lines: []ims.AllocationLine{line(500)},
			Narrative: "4444333322221111"}, "narrative"},
	} {
		err := c.req.CheckShape()
		if _, named := ims.ErrorFields(err)[c.field]; (c.field == "") != (err == nil) || (c.field != "" && !named) {
			t.Errorf("%s: %v; want a problem with %q", c.name, err, c.field)
		}
	}
}

func TestSuspenseItemStatus(t *testing.T) {
	for _, c := range []struct {
		allocated money.Pence
		want      ims.SuspenseStatus
	}{{0, ims.SuspenseUnallocated}, {1, ims.SuspensePart}, {999, ims.SuspensePart}, {1000, ims.SuspenseAllocated}} {
		if got := (ims.SuspenseItem{Amount: 1000, Allocated: c.allocated}).Status(); got != c.want {
			t.Errorf("allocated %d of 1000: %s; want %s", c.allocated, got, c.want)
		}
	}
}
