package app

import "github.com/ims-council/ims/internal/exports"

// exportsService is the export service of the back office and of the daily job: batches go to the
// export folder and are counted in the metrics.
func (a *App) exportsService() *exports.Service {
	s := exports.New(a.DB, a.Config.ExportDir)
	s.Metrics = a.Metrics
	return s
}
