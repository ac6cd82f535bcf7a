package ims

import "testing"

func TestLooksLikeCardNumber(t *testing.T) {
	cards := []string{"4444333322221111", "4444 3333 2222 1111", "4242-4242-4242-4242", "paid with 4000000000000002 ok",
		"ref AB12 card 5555555555554444"}
	for _, s := range cards {
		if !LooksLikeCardNumber(s) {
			t.Errorf("%q not detected", s)
		}
	}
	plain := []string{"", "AB1234562", "BJ99518409", "4444333322221112", "12345678901", "963456138Z", "Council tax 2026/27",
		"0000000000000000000000000000000000000000000000001"}
	for _, s := range plain {
		if LooksLikeCardNumber(s) {
			t.Errorf("%q wrongly detected as a card number", s)
		}
	}
}
