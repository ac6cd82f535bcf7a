package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Subscribers returns every subscriber, for a SystemAdmin.
func (s *Service) Subscribers(ctx context.Context, p ims.Principal) (_ []ims.WebhookSubscriber, err error) {
	defer ims.Wrap(&err, "webhooks.Subscribers")
	if err := require(p); err != nil {
		return nil, err
	}
	return s.DB.WebhookSubscribers(ctx)
}

// Subscriber returns subscriber id, for a SystemAdmin.
func (s *Service) Subscriber(ctx context.Context, p ims.Principal, id int64) (_ ims.WebhookSubscriber, err error) {
	defer ims.Wrap(&err, "webhooks.Subscriber(%d)", id)
	if err := require(p); err != nil {
		return ims.WebhookSubscriber{}, err
	}
	sub, found, err := s.DB.WebhookSubscriber(ctx, id)
	if err == nil && !found {
		err = ims.Errorf(ims.NotFound, "There is no webhook subscriber %d", id)
	}
	return sub, err
}

// Create adds a subscriber and returns it with its new secret, which is shown to the caller this
// once: IMS keeps it only encrypted.
func (s *Service) Create(ctx context.Context, p ims.Principal, sub ims.WebhookSubscriber) (_ ims.WebhookSubscriber, secret string, err error) {
	defer ims.Wrap(&err, "webhooks.Create")
	if err := require(p); err != nil {
		return sub, "", err
	}
	sub = tidy(sub)
	if err := sub.Validate(); err != nil {
		return sub, "", err
	}
	if secret, err = newSecret(); err != nil {
		return sub, "", err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		id, err := tx.InsertWebhookSubscriber(ctx, sub, secret)
		if err != nil {
			return err
		}
		stored, _, err := tx.WebhookSubscriber(ctx, id)
		if err != nil {
			return err
		}
		sub = stored
		return tx.Audit(ctx, p, "create", "webhook_subscriber", fmt.Sprint(id), nil, sub)
	})
	return sub, secret, err
}

// Update changes a subscriber's name, URL, event types and whether it is enabled. A disabled
// subscriber gets no new deliveries; those already queued are not sent.
func (s *Service) Update(ctx context.Context, p ims.Principal, sub ims.WebhookSubscriber) (_ ims.WebhookSubscriber, err error) {
	defer ims.Wrap(&err, "webhooks.Update(%d)", sub.ID)
	if err := require(p); err != nil {
		return sub, err
	}
	sub = tidy(sub)
	if err := sub.Validate(); err != nil {
		return sub, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, found, err := tx.WebhookSubscriber(ctx, sub.ID)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "There is no webhook subscriber %d", sub.ID)
		}
		if _, err := tx.UpdateWebhookSubscriber(ctx, sub); err != nil {
			return err
		}
		after, _, err := tx.WebhookSubscriber(ctx, sub.ID)
		if err != nil {
			return err
		}
		sub = after
		return tx.Audit(ctx, p, "update", "webhook_subscriber", fmt.Sprint(sub.ID), before, after)
	})
	return sub, err
}

// RotateSecret gives a subscriber a new secret and returns it, shown this once; deliveries from
// now on are signed with it.
func (s *Service) RotateSecret(ctx context.Context, p ims.Principal, id int64) (secret string, err error) {
	defer ims.Wrap(&err, "webhooks.RotateSecret(%d)", id)
	if err := require(p); err != nil {
		return "", err
	}
	if secret, err = newSecret(); err != nil {
		return "", err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		sub, found, err := tx.WebhookSubscriber(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "There is no webhook subscriber %d", id)
		}
		if err := tx.SetWebhookSecret(ctx, id, secret); err != nil {
			return err
		}
		// The secret itself is never audited; the record says only that it changed.
		return tx.Audit(ctx, p, "rotate_secret", "webhook_subscriber", fmt.Sprint(id), nil, map[string]string{"name": sub.Name})
	})
	return secret, err
}

// require lets only a SystemAdmin, or an API client with the webhooks scope, manage webhooks.
func require(p ims.Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ims.ScopeWebhooks)
	}
	return p.Require(ims.SystemAdmin)
}

// tidy trims what people type around the values.
func tidy(sub ims.WebhookSubscriber) ims.WebhookSubscriber {
	sub.Name = strings.TrimSpace(sub.Name)
	sub.URL = strings.TrimSpace(sub.URL)
	return sub
}

// newSecret returns a new signing secret: 32 random bytes, with a prefix that says what it is
// when it turns up in a receiver's configuration.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b), nil
}
