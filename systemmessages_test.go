package ims

import (
	"testing"
	"time"
)

func TestCurrentSystemMessage(t *testing.T) {
	at := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	hour := time.Hour
	msgs := []SystemMessage{
		{ID: 1, Severity: "info", Text: "staff info", Starts: at.Add(-2 * hour)},
		{ID: 2, Severity: "warning", Text: "public warning", Public: true, Starts: at.Add(-hour), Ends: at.Add(hour)},
		{ID: 3, Severity: "error", Text: "ended", Public: true, Starts: at.Add(-3 * hour), Ends: at},
		{ID: 4, Severity: "error", Text: "not yet", Public: true, Starts: at.Add(time.Minute)},
		{ID: 5, Severity: "info", Text: "later public info", Public: true, Starts: at.Add(-hour / 2)},
	}
	tests := []struct {
		name       string
		msgs       []SystemMessage
		at         time.Time
		publicOnly bool
		want       int64 // 0: none
	}{
		{"staff see the most severe running message", msgs, at, false, 2},
		{"a message has ended at its end time", msgs[2:3], at, false, 0},
		{"a message runs from its start time", msgs[3:4], at.Add(time.Minute), false, 4},
		{"payers see only public messages", []SystemMessage{msgs[0], msgs[4]}, at, true, 5},
		{"among equals the latest to start", []SystemMessage{msgs[0], msgs[4]}, at, false, 5},
		{"no end runs on", msgs[0:1], at.AddDate(1, 0, 0), false, 1},
		{"a staff-only message is not public", msgs[0:1], at, true, 0},
		{"none", nil, at, false, 0},
	}
	for _, tt := range tests {
		got := CurrentSystemMessage(tt.msgs, tt.at, tt.publicOnly)
		var id int64
		if got != nil {
			id = got.ID
		}
		if id != tt.want {
			t.Errorf("%s: message %d, want %d", tt.name, id, tt.want)
		}
	}
}
