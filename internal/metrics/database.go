package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ims-council/ims/internal/sqldb"
)

// Store is what the metrics read from the database on each scrape (sqldb.DB). They are read
// there, not counted in memory, because jobs, imports and export batches are shared by every
// instance on one database (and batches are written by `ims export run` too): any instance's
// scrape gives the whole picture.
type Store interface {
	JobCounts(ctx context.Context) ([]sqldb.JobCount, error)
	ImportCounts(ctx context.Context) ([]sqldb.ImportCount, error)
	ExportCounts(ctx context.Context) ([]sqldb.ExportCount, error)
}

// scrapeTimeout bounds the database reads of one scrape: a busy database gives a scrape without
// those metrics (and ims_metrics_database_up 0) rather than a scrape that never ends.
const scrapeTimeout = 2 * time.Second

var (
	jobsDesc = prometheus.NewDesc("ims_jobs",
		"Background jobs in River's queue by kind and state (completed jobs left out); retryable and discarded are failures.",
		[]string{"kind", "state"}, nil)
	importsDesc = prometheus.NewDesc("ims_imports",
		"Payment imports by state.", []string{"state"}, nil)
	importLinesDesc = prometheus.NewDesc("ims_import_lines",
		"Lines of the payment imports by the import's state.", []string{"state"}, nil)
	exportsDesc = prometheus.NewDesc("ims_export_batches_stored",
		"Export batches stored for each export target, whichever instance or command wrote them.", []string{"target"}, nil)
	databaseUpDesc = prometheus.NewDesc("ims_metrics_database_up",
		"1 when this scrape read the job queue, the imports and the export batches from the database, 0 when it could not.", nil, nil)
)

// databaseCollector reads the job queue and the imports from the database when scraped.
type databaseCollector struct {
	store Store
	log   *slog.Logger
}

func (c *databaseCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobsDesc
	ch <- importsDesc
	ch <- importLinesDesc
	ch <- exportsDesc
	ch <- databaseUpDesc
}

func (c *databaseCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	up := 1.0
	jobs, err := c.store.JobCounts(ctx)
	if err != nil {
		c.log.Error("metrics: reading the job queue", "err", err)
		up = 0
	}
	for _, j := range jobs {
		ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue, float64(j.Jobs), j.Kind, j.State)
	}
	imports, err := c.store.ImportCounts(ctx)
	if err != nil {
		c.log.Error("metrics: reading the imports", "err", err)
		up = 0
	}
	for _, i := range imports {
		ch <- prometheus.MustNewConstMetric(importsDesc, prometheus.GaugeValue, float64(i.Imports), i.State)
		ch <- prometheus.MustNewConstMetric(importLinesDesc, prometheus.GaugeValue, float64(i.Lines), i.State)
	}
	exports, err := c.store.ExportCounts(ctx)
	if err != nil {
		c.log.Error("metrics: reading the export batches", "err", err)
		up = 0
	}
	for _, e := range exports {
		ch <- prometheus.MustNewConstMetric(exportsDesc, prometheus.GaugeValue, float64(e.Batches), e.Target)
	}
	ch <- prometheus.MustNewConstMetric(databaseUpDesc, prometheus.GaugeValue, up)
}
