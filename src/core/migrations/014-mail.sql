-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store: e-mail to members (issue 13).
--
-- mail_account, mail_template and mail_outbox are this device's own (not
-- synced): the chapter's SMTP account (its password is in the keyring,
-- never here), the chapter's edits of the built-in templates, and the
-- messages waiting to go or gone.  A message's state is written before
-- and after its SMTP transaction, so a kill in between leaves it "unsure"
-- and it is never sent again without the officer asking.
-- mail_record is synced: "Renewal reminder, 2026-12-02" on the member's
-- page of every officer.

CREATE TABLE IF NOT EXISTS mail_account (
  chapter_id    TEXT PRIMARY KEY,
  server        TEXT NOT NULL,
  port          INTEGER NOT NULL,
  security      TEXT NOT NULL,
  user_name     TEXT,
  from_address  TEXT NOT NULL,
  from_name     TEXT,
  reply_to      TEXT,
  signature     TEXT,
  password_file TEXT,
  ca_file       TEXT,
  updated_at    TEXT
);

CREATE TABLE IF NOT EXISTS mail_template (
  chapter_id  TEXT NOT NULL,
  key         TEXT NOT NULL,
  subject     TEXT NOT NULL,
  body        TEXT NOT NULL,
  updated_at  TEXT,
  PRIMARY KEY (chapter_id, key)
);

CREATE TABLE IF NOT EXISTS mail_outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  chapter_id      TEXT NOT NULL,
  batch_id        TEXT NOT NULL,
  member_id       TEXT,
  template_key    TEXT NOT NULL,
  title           TEXT NOT NULL,
  to_address      TEXT NOT NULL,
  to_name         TEXT,
  subject         TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  message         BLOB NOT NULL,
  state           TEXT NOT NULL DEFAULT 'queued',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  queued_at       TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX IF NOT EXISTS mail_outbox_by_state ON mail_outbox (chapter_id, state, id);

CREATE TABLE IF NOT EXISTS mail_record (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  member_id   TEXT,
  template    TEXT,
  title       TEXT,
  subject     TEXT,
  sent_at     TEXT,
  sent_by     TEXT
);
CREATE INDEX IF NOT EXISTS mail_record_by_member ON mail_record (member_id, sent_at);
