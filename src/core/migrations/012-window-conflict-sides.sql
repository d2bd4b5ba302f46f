-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 12: a conflict names both sides.
-- The server now also says who made the value it kept (and on which
-- device), so each device can show "Your change" and "Bjorn's change"
-- the right way round.

ALTER TABLE conflict ADD COLUMN kept_author TEXT;
ALTER TABLE conflict ADD COLUMN kept_device_id TEXT;
