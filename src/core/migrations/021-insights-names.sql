-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 21: the Insights page's members' pass
-- also reads the names of the members whose renewal is near (issue 14).
--
-- The "at risk" list shows each member's name and sorts by it; reading
-- them from the wide member rows, one lookup per member at risk, was a
-- third of the page's time on a chapter of 100,000.  The covering index
-- of level 17 now carries the names too, so the pass reads nothing else.
DROP INDEX IF EXISTS member_insights;
CREATE INDEX member_insights
  ON member (chapter_id, deleted, id, tier, joined_on, left_on, dues_paid_until, left_reason,
             given_name, family_name, name_key);
