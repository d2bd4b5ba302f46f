-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 10.
-- The chapter's rule for a renewal paid during the grace days: "continue"
-- (NULL, the default: from the day after the dues ran out) or
-- "payment-day" (from the day it was paid).

ALTER TABLE chapter ADD COLUMN renewal_start TEXT;
