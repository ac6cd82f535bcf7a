package ims

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseAuditFormReadsDates(t *testing.T) {
	q, err := ParseAuditForm(AuditForm{Who: " ann ", From: "27/3/2026", To: "2026-03-29", Before: "120"})
	if err != nil {
		t.Fatal(err)
	}
	want := AuditQuery{Who: "ann", From: time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC),
		To: time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC), Before: 120}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
}

func TestParseAuditFormNamesTheWrongField(t *testing.T) {
	for _, tc := range []struct {
		form  AuditForm
		field string
	}{
		{AuditForm{From: "31/4/2026"}, "from"},
		{AuditForm{From: "yesterday"}, "from"},
		{AuditForm{To: "1/13/2026"}, "to"},
		{AuditForm{To: "1/1/26"}, "to"},
		{AuditForm{From: "2/1/2026", To: "1/1/2026"}, "to"},
		{AuditForm{Before: "x"}, "before"},
	} {
		_, err := ParseAuditForm(tc.form)
		if ErrorCode(err) != Invalid || ErrorFields(err)[tc.field] == "" {
			t.Errorf("%+v: %v, want a problem with %s", tc.form, err, tc.field)
		}
	}
	if _, err := ParseAuditForm(AuditForm{From: "1/1/2026", To: "1/1/2026"}); err != nil {
		t.Errorf("a one-day range: %v", err)
	}
}

func TestAuditDiffShowsWhatChanged(t *testing.T) {
	got := AuditDiff(`{"id":3,"name":"Ann","roles":["Finance"],"address":{"postcode":"AB1 2CD"},"note":null}`,
		`{"id":3,"name":"Ann Smith","roles":["Finance","Auditor"],"address":{"postcode":"AB1 2CD"},"disabled":true}`)
	want := []AuditChange{
		{Field: "id", Before: "3", After: "3"},
		{Field: "name", Before: "Ann", After: "Ann Smith", Changed: true},
		{Field: "roles", Before: "Finance", After: "Finance, Auditor", Changed: true},
		{Field: "address.postcode", Before: "AB1 2CD", After: "AB1 2CD"},
		{Field: "note", Before: "", After: "", Changed: true},
		{Field: "disabled", Before: "", After: "true", Changed: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	created := AuditDiff("", `{"code":"13"}`)
	if len(created) != 1 || !created[0].Changed || created[0].After != "13" {
		t.Errorf("a creation = %+v", created)
	}
	if odd := AuditDiff(`[1,2]`, ""); len(odd) != 1 || odd[0].Field != "record" || odd[0].Before != "[1,2]" {
		t.Errorf("a record that is not an object = %+v", odd)
	}
}

func TestOutboxEmailState(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		e    OutboxEmail
		want EmailState
	}{
		{OutboxEmail{JobState: "available"}, EmailQueued},
		{OutboxEmail{}, EmailQueued},
		{OutboxEmail{SentAt: &now, Attempts: 2, JobState: "completed"}, EmailSent},
		{OutboxEmail{Attempts: 1, LastError: "refused", JobState: "retryable"}, EmailFailed},
		{OutboxEmail{Attempts: 10, LastError: "refused", JobState: "discarded"}, EmailGivenUp},
		{OutboxEmail{Attempts: 1, LastError: "no template", JobState: "cancelled"}, EmailGivenUp},
		{OutboxEmail{Attempts: 10, LastError: "refused"}, EmailGivenUp},
	} {
		if got := tc.e.State(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.e, got, tc.want)
		}
	}
}
