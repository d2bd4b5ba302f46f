-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store (helper "idem"; the lead renumbers).
-- Changes the server refused or overrode, shown in the sync popover and by
-- "chapterhouse-cli status" until an officer dismisses them.  Unlike
-- sync_rejection (kept for older readers), an issue has its own id: one
-- mutation may give one issue per field the server kept, and a device that
-- got a new device id must not overwrite old issues by mid.
--   kind    'rejected' (the server refused the change) or 'overridden'
--           (it applied the change but kept its own value of @field)
--   reason  the server's machine code (the text shown is made from it on
--           the device, translated); message: the server's own words
--   label   the row as an officer knows it (a member's name), at the time
--   mine, theirs  JSON values: what this device sent, what the server kept

CREATE TABLE sync_issue (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  chapter_id  TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('rejected', 'overridden')),
  mid         INTEGER,
  entity      TEXT NOT NULL,
  row_id      TEXT NOT NULL,
  op          TEXT,
  label       TEXT,
  field       TEXT,
  mine        TEXT,
  theirs      TEXT,
  reason      TEXT,
  message     TEXT,
  created_at  TEXT NOT NULL,
  dismissed   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_issue_open ON sync_issue (chapter_id, dismissed);

INSERT INTO sync_issue (chapter_id, kind, mid, entity, row_id, op, mine, reason, message,
                        created_at, dismissed)
  SELECT chapter_id, 'rejected', mid, entity, row_id, op, "set", 'rejected', message,
         created_at, dismissed
  FROM sync_rejection;
