-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store: an erased member's tombstone says when and by
-- whom it was erased; every personal field of it is null (ch-erase.h).

ALTER TABLE member ADD COLUMN erased_on TEXT;
ALTER TABLE member ADD COLUMN erased_by TEXT;
