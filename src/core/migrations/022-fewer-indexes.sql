-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 22: fewer indexes (issue 17).
--
-- Every index is written with each row and, after a new device's first
-- download or a large import, made again from its whole table
-- (ch-store-bulk.c, ch-import-write.c).  These served no query, or only
-- one a smaller index serves as well (the query plans of every statement
-- of src/core and of the member list; bench/BENCHMARKS.md, "Fewer
-- indexes, the next page fetched ahead…"):
--
-- * member_by_name (chapter_id, deleted, name_key, tier, joined_on,
--   left_on, dues_paid_until): the status columns were for the status
--   sort of level 5, which reads the stored status (member_by_status,
--   level 19) now; member_by_name_key (level 18) is its first columns and
--   serves the name order.
-- * member_by_joined_on, member_by_left_on (level 17): the Insights page
--   reads the members in one pass over member_insights.
-- * membership_period_by_member: membership_period_insights begins with
--   member_id.
-- * membership_period_by_chapter (chapter_id, kind, starts_on): its one
--   query counts the upgrades (ch_membership_count_conversions()), a
--   sixteenth of the periods; a partial index of those serves it.
DROP INDEX IF EXISTS member_by_name;
DROP INDEX IF EXISTS member_by_joined_on;
DROP INDEX IF EXISTS member_by_left_on;
DROP INDEX IF EXISTS membership_period_by_member;
DROP INDEX IF EXISTS membership_period_by_chapter;
CREATE INDEX IF NOT EXISTS membership_period_upgrades
  ON membership_period (chapter_id, starts_on)
  WHERE kind = 'upgrade' AND deleted = 0;

-- A download cut off by an older Chapterhouse lists the indexes it
-- dropped, to make them again: not these any more.
UPDATE meta SET value = (
  SELECT json_group_array (json (j.value)) FROM json_each (meta.value) AS j
  WHERE json_extract (j.value, '$.name') NOT IN
        ('member_by_name', 'member_by_joined_on', 'member_by_left_on',
         'membership_period_by_member', 'membership_period_by_chapter'))
WHERE key = 'bulk_indexes' AND json_valid (value);
