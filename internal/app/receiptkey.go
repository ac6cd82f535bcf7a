package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// receiptKey derives the key that signs citizens' receipt links from IMS_SECRET_KEY, so links work
// on every instance and after a restart.
func receiptKey(secret string) ([]byte, error) {
	if secret == "" {
		return nil, errors.New("set IMS_SECRET_KEY (at least 32 characters): it signs receipt links and encrypts stored secrets")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("ims receipt links v1"))
	return mac.Sum(nil), nil
}
