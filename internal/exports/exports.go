// Package exports sends the ledger to the council's other systems (SPEC §10, ADR 33): the journal
// for the general ledger and the account postings for back-office systems, in numbered batches of
// the entries each target has not had yet, rendered with the target's configured layout, kept in the
// database (so a batch sent again is the same file) and written to the export folder.
package exports

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/metrics"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/webhooks"
)

// Service makes, lists and writes export batches.
type Service struct {
	DB *sqldb.DB
	// Dir is the export folder (IMS_EXPORT_DIR) each batch's file is written to; blank: batches are
	// kept in the database only, to be downloaded or shown.
	Dir string
	// Metrics counts the batches made (ims_export_batches_total); nil counts nothing.
	Metrics *metrics.Metrics
	// BatchPostings is the most postings one batch takes (0: DefaultBatchPostings). A batch is made
	// in memory whole, so a target with more to export than this, such as one added after a year
	// of postings, gets several batches from one run instead of one too large to make.
	BatchPostings int
	loc           *time.Location
}

// DefaultBatchPostings bounds a batch: some tens of megabytes of entries for card payments.
const DefaultBatchPostings = 50000

// New returns the service on db, writing files to dir (blank: none).
func New(db *sqldb.DB, dir string) *Service {
	loc, err := ims.LondonLocation()
	if err != nil {
		loc = time.UTC // unreachable: time/tzdata is embedded in package ims
	}
	return &Service{DB: db, Dir: dir, loc: loc}
}

// Targets returns the export targets, for a Finance or Reporting user.
func (s *Service) Targets(ctx context.Context, p ims.Principal) (_ []ims.ExportTarget, err error) {
	defer ims.Wrap(&err, "exports.Targets")
	if err := requireReader(p); err != nil {
		return nil, err
	}
	return s.DB.ExportTargets().List(ctx)
}

// Run makes the batches that are due, for a Finance user or the system: for each enabled target
// (only target, when not blank) with entries it has not exported, one batch of them, recorded and
// then written to the export folder. It returns the batches made, in target order; nothing when
// nothing is new. A target that fails does not stop the others: the errors come back joined, with
// the batches that were made.
func (s *Service) Run(ctx context.Context, p ims.Principal, target string) (_ []ims.ExportBatch, err error) {
	defer ims.Wrap(&err, "exports.Run")
	if err := p.Require(ims.Finance); err != nil {
		return nil, err
	}
	targets, err := s.DB.ExportTargets().List(ctx)
	if err != nil {
		return nil, err
	}
	if target != "" {
		i := slices.IndexFunc(targets, func(t ims.ExportTarget) bool { return t.Code == target })
		if i < 0 {
			return nil, ims.FieldError("target", "Export target %s does not exist", target)
		}
		if targets[i].Disabled {
			return nil, ims.FieldError("target", "Export target %s is disabled", target)
		}
		targets = targets[i : i+1]
	}
	funds, err := s.funds(ctx)
	if err != nil {
		return nil, err
	}
	var made []ims.ExportBatch
	var errs []error
	for _, t := range targets {
		if t.Disabled || !seesTarget(p, t, funds) {
			continue
		}
		batches, err := s.exportTarget(ctx, p, t, funds)
		made = append(made, batches...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return made, errors.Join(errs...)
}

// exportTarget makes and writes t's batches: one, or as many as it takes when t has more than
// BatchPostings postings to export.
func (s *Service) exportTarget(ctx context.Context, p ims.Principal, t ims.ExportTarget, funds map[string]ims.Fund) ([]ims.ExportBatch, error) {
	var made []ims.ExportBatch
	for {
		b, content, full, err := s.makeBatch(ctx, p, t, funds)
		if err != nil {
			return made, ims.Errorf(ims.ErrorCode(err), "Export target %s: %s", t.Code, ims.ErrorMessage(err))
		}
		if b.ID == "" {
			return made, nil
		}
		made = append(made, b)
		s.Metrics.ExportBatchWritten(t.Code)
		if err := s.write(b, content); err != nil {
			return made, err
		}
		if !full {
			return made, nil
		}
	}
}

// batchPostings is the most postings a batch takes.
func (s *Service) batchPostings() int {
	return cmp.Or(s.BatchPostings, DefaultBatchPostings)
}

// makeBatch records the batch of the entries t has not exported (of its first BatchPostings
// postings), or returns a zero batch when there are none; full says it took as many postings as a
// batch may, so there may be more. The unit of work locks the ledger's chain head first
// (sqldb.DB.InTx), so no posting commits while it reads and two instances exporting at once take
// turns: the second finds nothing left. The keys of export_postings would refuse a second export of a posting anyway.
func (s *Service) makeBatch(ctx context.Context, p ims.Principal, t ims.ExportTarget, funds map[string]ims.Fund) (b ims.ExportBatch, content []byte, full bool, err error) {
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		b, content, full = ims.ExportBatch{}, nil, false
		entries, err := tx.UnexportedEntries(ctx, t, s.batchPostings())
		if err != nil || len(entries) == 0 {
			return err
		}
		var rows []ims.ExportRow
		if t.Kind == ims.ExportJournal {
			if rows, err = ims.JournalExportRows(t, funds, entries); err != nil {
				return err
			}
		} else {
			rows = ims.AccountPostingRows(t, funds, entries, s.loc)
		}
		seq, err := tx.NextExportSeq(ctx, t.Code)
		if err != nil {
			return err
		}
		now := s.DB.Now()
		nb := ims.ExportBatch{ID: ims.BatchID(t.Code, seq), Target: t.Code, Seq: seq, Entries: int64(len(entries)),
			Lines: int64(len(rows)), FileName: t.FileName(seq), CreatedAt: now, Actor: p.Actor()}
		for _, r := range rows {
			nb.Total += r.Amount
		}
		file, err := t.Layout.Render(ims.ExportFile{BatchID: nb.ID, Seq: seq, Created: ims.BusinessDate(now, s.loc), Rows: rows})
		if err != nil {
			return err
		}
		sum := sha256.Sum256(file)
		nb.SHA256 = hex.EncodeToString(sum[:])
		postings := postingsOf(entries)
		nb.First, nb.Last = postings[0], postings[len(postings)-1]
		if err := tx.InsertExportBatch(ctx, nb, file, postings); err != nil {
			return err
		}
		if err := tx.Audit(ctx, p, "create", "export batch", nb.ID, nil, nb); err != nil {
			return err
		}
		b, content, full = nb, file, len(postings) == s.batchPostings()
		// Enqueued with the batch, so a subscriber hears of every batch and of no batch rolled back.
		return webhooks.Enqueue(ctx, tx, ims.WebhookEvent{Type: ims.EventExportBatchWritten, Data: nb})
	})
	return b, content, full, err
}

// postingsOf returns the distinct posting ids of entries, in order.
func postingsOf(entries []ims.ExportEntry) []int64 {
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, e.PostingID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func (s *Service) funds(ctx context.Context) (map[string]ims.Fund, error) {
	list, err := s.DB.Funds().List(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]ims.Fund, len(list))
	for _, f := range list {
		m[f.Code] = f
	}
	return m, nil
}

// Batches returns the latest batches (of one target, or of all when target is blank), newest
// first, at most limit, that p may see: a Finance or Reporting user sees a journal's batches only
// when they see every fund, and an account postings target's when they see every fund it owns.
func (s *Service) Batches(ctx context.Context, p ims.Principal, target string, limit int) (_ []ims.ExportBatch, err error) {
	defer ims.Wrap(&err, "exports.Batches")
	if err := requireReader(p); err != nil {
		return nil, err
	}
	targets, err := s.visibleTargets(ctx, p)
	if err != nil {
		return nil, err
	}
	list, err := s.DB.ExportBatches(ctx, target, cmp.Or(limit, 50))
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(list, func(b ims.ExportBatch) bool { return !targets[b.Target] }), nil
}

// Batch returns batch id with its file's exact bytes, for a caller who may see it (see Batches);
// NotFound otherwise, so a batch's existence is not told to someone who may not read it.
func (s *Service) Batch(ctx context.Context, p ims.Principal, id string) (_ ims.ExportBatch, _ []byte, err error) {
	defer ims.Wrap(&err, "exports.Batch(%q)", id)
	if err := requireReader(p); err != nil {
		return ims.ExportBatch{}, nil, err
	}
	b, content, err := s.DB.ExportBatch(ctx, id)
	if err != nil {
		return b, nil, err
	}
	targets, err := s.visibleTargets(ctx, p)
	if err != nil {
		return b, nil, err
	}
	if !targets[b.Target] {
		return ims.ExportBatch{}, nil, ims.Errorf(ims.NotFound, "Export batch %s does not exist", id)
	}
	return b, content, nil
}

// Rewrite writes batch id's file to the export folder again, for a Finance user: the same bytes,
// for a system that lost or never collected it.
func (s *Service) Rewrite(ctx context.Context, p ims.Principal, id string) (_ ims.ExportBatch, err error) {
	defer ims.Wrap(&err, "exports.Rewrite(%q)", id)
	if err := p.Require(ims.Finance); err != nil {
		return ims.ExportBatch{}, err
	}
	if s.Dir == "" {
		return ims.ExportBatch{}, ims.Errorf(ims.Invalid, "No export folder is set (IMS_EXPORT_DIR): download the file instead")
	}
	b, content, err := s.Batch(ctx, p, id)
	if err != nil {
		return b, err
	}
	if err := s.write(b, content); err != nil {
		return b, err
	}
	return b, s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit(ctx, p, "rewrite", "export batch", b.ID, nil, map[string]string{"file_name": b.FileName})
	})
}

func (s *Service) visibleTargets(ctx context.Context, p ims.Principal) (map[string]bool, error) {
	targets, err := s.DB.ExportTargets().List(ctx)
	if err != nil {
		return nil, err
	}
	funds, err := s.funds(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, t := range targets {
		out[t.Code] = seesTarget(p, t, funds)
	}
	return out, nil
}

// seesTarget reports whether p may see what t's files hold: a journal holds every fund (funds), an
// account postings file the funds it owns. Fails closed: a target owning no fund is seen by nobody
// limited by fund groups.
func seesTarget(p ims.Principal, t ims.ExportTarget, funds map[string]ims.Fund) bool {
	if p.SeesAllFunds() {
		return true
	}
	owned := t.Funds
	if t.Kind == ims.ExportJournal {
		owned = slices.Collect(maps.Keys(funds))
	}
	if len(owned) == 0 {
		return false
	}
	for _, f := range owned {
		if !p.SeesFund(f) {
			return false
		}
	}
	return true
}

func requireReader(p ims.Principal) error {
	if p.HasRole(ims.Reporting) {
		return nil
	}
	return p.Require(ims.Finance)
}
