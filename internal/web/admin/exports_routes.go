package admin

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Exports is the exports service (internal/exports) as the back office's pages use it. It checks
// the Finance and Reporting roles and the fund groups itself.
type Exports interface {
	Targets(ctx context.Context, p ims.Principal) ([]ims.ExportTarget, error)
	Batches(ctx context.Context, p ims.Principal, target string, limit int) ([]ims.ExportBatch, error)
	Batch(ctx context.Context, p ims.Principal, id string) (ims.ExportBatch, []byte, error)
	Run(ctx context.Context, p ims.Principal, target string) ([]ims.ExportBatch, error)
	Rewrite(ctx context.Context, p ims.Principal, id string) (ims.ExportBatch, error)
}

// exportRoutes are the export pages (SPEC §10): the targets and their latest batches, a batch's
// file to download, running the export now and writing a batch to the export folder again.
func (a *Admin) exportRoutes() []web.Route {
	if a.Exports == nil {
		return nil
	}
	return []web.Route{
		a.page("/admin/exports", a.exportsList, ims.Finance, ims.Reporting),
		a.page("/admin/exports/batches/{id}/file", a.exportDownload, ims.Finance, ims.Reporting),
		a.action("/admin/exports/run", a.exportRun, ims.Finance),
		a.action("/admin/exports/batches/{id}/rewrite", a.exportRewrite, ims.Finance),
	}
}
