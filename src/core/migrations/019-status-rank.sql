-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 19: the status as an indexed value
-- (issue 17).  Local, derived, never synced.
--
-- Each member keeps ch_member_status() as status_rank, with the day it
-- may next change (ch_member_status_until(), NULL when never) as
-- status_until, so the member list sorts and filters by status through an
-- index instead of computing the rule for every member.  status_until = 0
-- means "to compute": a new row starts so (the column's default), and the
-- triggers below set it when something the rule reads changes.  The
-- store computes such rows before every commit, and once a day those whose
-- day has come (ch-store-status.c); the rows of this file are computed
-- so the first time it is opened at this level.
ALTER TABLE member ADD COLUMN status_rank INTEGER;
ALTER TABLE member ADD COLUMN status_until INTEGER DEFAULT 0;

-- The member list's order by status (rowid is implicit at its end), and
-- its status filter in name order.
CREATE INDEX member_by_status ON member (chapter_id, deleted, status_rank, name_key);
-- The rows to compute: status_until = 0, or a day that has come.
CREATE INDEX member_status_due ON member (status_until, chapter_id);

-- The day each chapter's ranks were last brought up to date for.
CREATE TABLE member_status_day (
  chapter_id  TEXT PRIMARY KEY,
  day         INTEGER NOT NULL
);

CREATE TRIGGER member_status_au
AFTER UPDATE OF tier, joined_on, left_on, dues_paid_until, chapter_id ON member
WHEN new.status_until IS NOT 0
     AND (old.tier IS NOT new.tier OR old.joined_on IS NOT new.joined_on
          OR old.left_on IS NOT new.left_on OR old.dues_paid_until IS NOT new.dues_paid_until
          OR old.chapter_id IS NOT new.chapter_id) BEGIN
  UPDATE member SET status_until = 0 WHERE rowid = new.rowid;
END;

-- Whether a chapter's own tier is free changes its members' status.
CREATE TRIGGER member_status_tier_ai AFTER INSERT ON membership_tier BEGIN
  UPDATE member SET status_until = 0
  WHERE chapter_id = new.chapter_id AND tier = new.key AND status_until IS NOT 0;
END;

CREATE TRIGGER member_status_tier_au AFTER UPDATE ON membership_tier
WHEN old.key IS NOT new.key OR old.paid IS NOT new.paid OR old.deleted IS NOT new.deleted
     OR old.chapter_id IS NOT new.chapter_id BEGIN
  UPDATE member SET status_until = 0
  WHERE chapter_id IN (old.chapter_id, new.chapter_id) AND tier IN (old.key, new.key)
        AND status_until IS NOT 0;
END;

CREATE TRIGGER member_status_tier_ad AFTER DELETE ON membership_tier BEGIN
  UPDATE member SET status_until = 0
  WHERE chapter_id = old.chapter_id AND tier = old.key AND status_until IS NOT 0;
END;

-- The chapter's grace days and time zone (its today).
CREATE TRIGGER member_status_chapter_au AFTER UPDATE OF grace_days, timezone ON chapter
WHEN old.grace_days IS NOT new.grace_days OR old.timezone IS NOT new.timezone BEGIN
  UPDATE member SET status_until = 0 WHERE chapter_id = new.id AND status_until IS NOT 0;
END;
