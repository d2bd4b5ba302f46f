-- SPDX-License-Identifier: GPL-3.0-or-later
-- Level 15: the opportunities ledger (the "givers' game").
--
-- The opportunity table has been in the schema since level 1, unused; the
-- ledger adds the day it was accepted (given → accepted → won | lost, each
-- step dated: given_on, accepted_on, closed_on) and the indexes its
-- lists, the givers' board and a member's page read.
ALTER TABLE opportunity ADD COLUMN accepted_on TEXT;

CREATE INDEX IF NOT EXISTS opportunity_by_chapter_given
  ON opportunity (chapter_id, deleted, given_on);
CREATE INDEX IF NOT EXISTS opportunity_by_from ON opportunity (from_member_id, given_on);
CREATE INDEX IF NOT EXISTS opportunity_by_to ON opportunity (to_member_id, given_on);
