-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 3: the membership lifecycle.
-- A chapter's tiers (the shipped ones exist without rows; a row renames
-- one or adds the chapter's own), and indexes for the member list's
-- filters and the membership screens.

CREATE TABLE membership_tier (
  id          TEXT PRIMARY KEY,
  chapter_id  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT,
  key         TEXT,
  name        TEXT,
  paid        INTEGER,
  position    INTEGER
);
CREATE INDEX membership_tier_by_key ON membership_tier (chapter_id, key);

CREATE INDEX member_specialty_by_specialty ON member_specialty (specialty, deleted, member_id);
CREATE INDEX role_by_role ON role (role, deleted, member_id);
CREATE INDEX role_by_chapter ON role (chapter_id, deleted, starts_on);
CREATE INDEX payment_by_chapter ON payment (chapter_id, deleted, paid_on);
CREATE INDEX membership_period_by_chapter ON membership_period (chapter_id, kind, starts_on);
CREATE INDEX member_by_partner_kind ON member (chapter_id, deleted, partner_kind, name_key);
