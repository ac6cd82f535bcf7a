package mail

import (
	"strings"
	"testing"
)

func TestCashReturnEmailSaysWhatHappenedAndWhy(t *testing.T) {
	payload := `{"id":42,"template":"Central Library","status":"deleted","total":2000,"by":"Dee Leter","reason":"Entered twice","at":"2026-07-01T15:04:00Z"}`
	m, err := Render("cash_return", payload)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Cash return 42 was deleted" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Central Library", "£20.00", "deleted by Dee Leter", "16:04 on 1 July 2026", "Reason: Entered twice"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("email lacks %q:\n%s", want, m.Text)
		}
	}
	if _, err := Render("cash_return", "not json"); err == nil {
		t.Error("a payload that is not a cash return was rendered")
	}
}
