-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 1.
-- Every synced table has: id (UUIDv7 made on the device), chapter_id,
-- version (server version last seen, 0 = never synced), deleted (tombstone),
-- updated_at (display only).  Changes go through ChStore, which writes the
-- row and its outbox entry in one transaction.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE chapter (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  name        TEXT,
  country     TEXT,
  city        TEXT,
  timezone    TEXT,
  currency    TEXT,
  dues_amount INTEGER,
  dues_period TEXT,
  grace_days  INTEGER
);

CREATE TABLE member (
  id                TEXT PRIMARY KEY,
  chapter_id        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 0,
  deleted           INTEGER NOT NULL DEFAULT 0,
  updated_at        TEXT,
  given_name        TEXT,
  family_name       TEXT,
  email             TEXT,
  phone             TEXT,
  company           TEXT,
  job_title         TEXT,
  city              TEXT,
  country           TEXT,
  partner_kind      TEXT,
  tier              TEXT,
  joined_on         TEXT,
  left_on           TEXT,
  left_reason       TEXT,
  dues_paid_until   TEXT,
  gender            TEXT,
  birth_year        INTEGER,
  consent_directory INTEGER,
  consent_email     INTEGER,
  notes             TEXT,
  -- Local, derived, never synced: folded keys for sorting and uniqueness.
  name_key          TEXT,
  email_key         TEXT
);

CREATE INDEX member_by_name ON member (chapter_id, deleted, name_key);
CREATE INDEX member_by_company ON member (chapter_id, deleted, company COLLATE NOCASE, name_key);
CREATE INDEX member_by_city ON member (chapter_id, deleted, city COLLATE NOCASE, name_key);
CREATE INDEX member_by_email ON member (chapter_id, deleted, email_key);
CREATE INDEX member_by_tier ON member (chapter_id, deleted, tier, name_key);

CREATE TABLE membership_period (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  member_id   TEXT,
  starts_on   TEXT,
  ends_on     TEXT,
  tier        TEXT,
  kind        TEXT,
  end_reason  TEXT
);
CREATE INDEX membership_period_by_member ON membership_period (member_id);

CREATE TABLE payment (
  id           TEXT PRIMARY KEY,
  chapter_id   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 0,
  deleted      INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT,
  member_id    TEXT,
  amount       INTEGER,
  currency     TEXT,
  paid_on      TEXT,
  covers_from  TEXT,
  covers_until TEXT,
  method       TEXT,
  reference    TEXT
);
CREATE INDEX payment_by_member ON payment (member_id);

CREATE TABLE role (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  member_id   TEXT,
  role        TEXT,
  starts_on   TEXT,
  ends_on     TEXT
);
CREATE INDEX role_by_member ON role (member_id);

CREATE TABLE member_specialty (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  member_id   TEXT,
  specialty   TEXT
);
CREATE INDEX member_specialty_by_member ON member_specialty (member_id);

CREATE TABLE event (
  id                 TEXT PRIMARY KEY,
  chapter_id         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 0,
  deleted            INTEGER NOT NULL DEFAULT 0,
  updated_at         TEXT,
  title              TEXT,
  description        TEXT,
  kind               TEXT,
  starts_at          TEXT,
  ends_at            TEXT,
  timezone           TEXT,
  format             TEXT,
  venue_name         TEXT,
  venue_address      TEXT,
  capacity_in_person INTEGER,
  join_url           TEXT,
  capacity_online    INTEGER,
  status             TEXT,
  sequence           INTEGER
);
CREATE INDEX event_by_start ON event (chapter_id, deleted, starts_at);

CREATE TABLE registration (
  id                TEXT PRIMARY KEY,
  chapter_id        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 0,
  deleted           INTEGER NOT NULL DEFAULT 0,
  updated_at        TEXT,
  event_id          TEXT,
  member_id         TEXT,
  guest_name        TEXT,
  guest_email       TEXT,
  mode              TEXT,
  state             TEXT,
  registered_at     TEXT,
  checked_in_at     TEXT,
  check_in_method   TEXT,
  minutes_attended  INTEGER,
  waitlist_position INTEGER
);
CREATE INDEX registration_by_event ON registration (event_id);
CREATE INDEX registration_by_member ON registration (member_id);

CREATE TABLE opportunity (
  id             TEXT PRIMARY KEY,
  chapter_id     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 0,
  deleted        INTEGER NOT NULL DEFAULT 0,
  updated_at     TEXT,
  from_member_id TEXT,
  to_member_id   TEXT,
  title          TEXT,
  specialty      TEXT,
  value_band     TEXT,
  status         TEXT,
  given_on       TEXT,
  closed_on      TEXT,
  notes          TEXT
);

CREATE TABLE conflict (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  entity      TEXT,
  row_id      TEXT,
  field_group TEXT,
  theirs      TEXT,
  mine        TEXT,
  author      TEXT,
  device_id   TEXT,
  created_at  TEXT,
  resolved    INTEGER,
  resolution  TEXT,
  resolved_by TEXT
);
CREATE INDEX conflict_open ON conflict (chapter_id, deleted, resolved);

-- Local changes waiting for the server.  mid rises per device and is never
-- reused (AUTOINCREMENT).  base and set are JSON objects of field values.
CREATE TABLE outbox (
  mid        INTEGER PRIMARY KEY AUTOINCREMENT,
  chapter_id TEXT NOT NULL,
  entity     TEXT NOT NULL,
  row_id     TEXT NOT NULL,
  op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'restore')),
  base       TEXT NOT NULL,
  "set"      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX outbox_by_row ON outbox (entity, row_id);

-- Mutations the server refused, shown to the user.
CREATE TABLE sync_rejection (
  mid        INTEGER PRIMARY KEY,
  chapter_id TEXT NOT NULL,
  entity     TEXT NOT NULL,
  row_id     TEXT NOT NULL,
  op         TEXT NOT NULL,
  "set"      TEXT NOT NULL,
  message    TEXT,
  created_at TEXT NOT NULL,
  dismissed  INTEGER NOT NULL DEFAULT 0
);

-- Link of a local chapter to a server chapter, and where its feed stands.
CREATE TABLE sync_state (
  chapter_id   TEXT PRIMARY KEY,
  server_url   TEXT NOT NULL,
  epoch        TEXT,
  cursor       INTEGER NOT NULL DEFAULT 0,
  last_sync_at TEXT,
  last_error   TEXT
) WITHOUT ROWID;

-- Full-text search over members.  The tokenizer folds case and diacritics,
-- so "muller" finds "Müller"; prefix indexes keep typing fast.
CREATE VIRTUAL TABLE member_fts USING fts5 (
  given_name, family_name, company, email, city, specialties,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3'
);

CREATE TRIGGER member_fts_ai AFTER INSERT ON member WHEN new.deleted = 0 BEGIN
  INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
  VALUES (new.rowid, new.given_name, new.family_name, new.company, new.email, new.city,
          (SELECT group_concat (specialty, ' ') FROM member_specialty
            WHERE member_id = new.id AND deleted = 0));
END;

CREATE TRIGGER member_fts_ad AFTER DELETE ON member BEGIN
  DELETE FROM member_fts WHERE rowid = old.rowid;
END;

CREATE TRIGGER member_fts_au AFTER UPDATE OF given_name, family_name, company, email, city, deleted
ON member BEGIN
  DELETE FROM member_fts WHERE rowid = old.rowid;
  INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
  SELECT new.rowid, new.given_name, new.family_name, new.company, new.email, new.city,
         (SELECT group_concat (specialty, ' ') FROM member_specialty
           WHERE member_id = new.id AND deleted = 0)
  WHERE new.deleted = 0;
END;

CREATE TRIGGER member_specialty_fts_ai AFTER INSERT ON member_specialty BEGIN
  UPDATE member_fts SET specialties =
    (SELECT group_concat (specialty, ' ') FROM member_specialty
      WHERE member_id = new.member_id AND deleted = 0)
  WHERE rowid = (SELECT rowid FROM member WHERE id = new.member_id);
END;

CREATE TRIGGER member_specialty_fts_au AFTER UPDATE ON member_specialty BEGIN
  UPDATE member_fts SET specialties =
    (SELECT group_concat (specialty, ' ') FROM member_specialty
      WHERE member_id = new.member_id AND deleted = 0)
  WHERE rowid = (SELECT rowid FROM member WHERE id = new.member_id);
END;
