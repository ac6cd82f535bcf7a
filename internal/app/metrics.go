package app

import "github.com/ims-council/ims/internal/web"

// metricsRoutes serves /metrics on the main listener unless IMS_METRICS_ADDR gives it one of its
// own: then it is there only, so the public address answers it with "Page not found". It is
// public on the main listener, as Prometheus scrapes without credentials; the operator guide
// says to keep it from the internet at the proxy, or to use IMS_METRICS_ADDR.
func (a *App) metricsRoutes() []web.Route {
	if a.Config.MetricsAddr != "" {
		return nil
	}
	return []web.Route{{Pattern: "GET /metrics", Access: web.Public(), Handler: a.Metrics.Handler()}}
}
