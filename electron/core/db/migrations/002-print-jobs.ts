/**
 * Receipt print jobs by the renderer's job id, so a retry after a paper refill never prints the
 * same receipt twice.
 */
import type { Migration } from '../migrate.ts';

export const m002: Migration = {
  version: 2,
  name: 'print-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        job_id TEXT PRIMARY KEY NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'waiting-for-paper', 'printed', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- resumePending(): the jobs waiting for paper, oldest first.
      CREATE INDEX print_jobs_status_updated ON print_jobs (status, updated_at);
    `);
  },
};
