-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 13: import batches.
-- Each import remembers which rows it created and which fields it changed
-- (with the values before), so that Undo Import can remove exactly that
-- batch with ordinary synced deletes and updates, also after a sync.
-- Local to this device: not synced.  IF NOT EXISTS: tests that wind a
-- file back to an older level run this again.

CREATE TABLE IF NOT EXISTS import_batch (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  file_name   TEXT,
  created_at  TEXT NOT NULL,
  created     INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0,
  undone_at   TEXT
);

CREATE TABLE IF NOT EXISTS import_batch_row (
  batch_id  TEXT NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  entity    TEXT NOT NULL,
  row_id    TEXT NOT NULL,
  action    TEXT NOT NULL,   -- 'insert', 'restore' or 'update'
  before    TEXT,            -- update: the changed fields as they were (JSON)
  after     TEXT,            -- update: the fields as the import set them (JSON)
  PRIMARY KEY (batch_id, seq)
);
