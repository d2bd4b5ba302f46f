-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store: the Insights page's indexes (issue 14).
--
-- The figures read every member's dates and every membership period.
-- Members' rows are wide (names, notes, addresses), so on a chapter of
-- 100,000 a scan of the table, or a lookup per period, reads hundreds of
-- megabytes; these two covering indexes hold only what the status rule
-- and the periods need, and let the worker read them and nothing else.
-- IF NOT EXISTS: tests take files back to an older level and the later
-- levels run again.
CREATE INDEX IF NOT EXISTS member_insights
  ON member (chapter_id, deleted, id, tier, joined_on, left_on, dues_paid_until, left_reason);
CREATE INDEX IF NOT EXISTS membership_period_insights
  ON membership_period (member_id, deleted, kind, starts_on, ends_on, tier);
-- Joins and leaves of a period: a range of each date.
CREATE INDEX IF NOT EXISTS member_by_joined_on ON member (chapter_id, deleted, joined_on);
CREATE INDEX IF NOT EXISTS member_by_left_on ON member (chapter_id, deleted, left_on, left_reason);
