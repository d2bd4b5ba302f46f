-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store: a merged-away member's tombstone names the
-- member it was merged into, so rows that still name it (recorded on a
-- device that did not know of the merge) follow it to the survivor.

ALTER TABLE member ADD COLUMN merged_into TEXT;
CREATE INDEX member_merged ON member (merged_into) WHERE merged_into IS NOT NULL;
