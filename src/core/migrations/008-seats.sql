-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 8: seats in the order the server
-- accepted the registrations.
--
-- registration.accepted_seq is set by the server only (the chapter version
-- at which it accepted the registration); the waitlist goes in this order,
-- never by a device's clock.  Rows not synced yet have none.

ALTER TABLE registration ADD COLUMN accepted_seq INTEGER;

-- Registrations this device had seated that the server put on the
-- waitlist instead (another device took the last seat first).  Filled
-- when a pulled row arrives (a higher version) and turns a registered
-- person waiting in the same mode; local edits keep the version and never
-- land here.  ch_events_reconcile() reports and empties it.  Not synced.
CREATE TABLE seat_move (
  registration_id TEXT PRIMARY KEY,
  chapter_id      TEXT NOT NULL
);

CREATE TRIGGER registration_seat_move AFTER UPDATE OF state ON registration
WHEN NEW.version > OLD.version AND NEW.deleted = 0
     AND OLD.state = 'registered' AND NEW.state = 'waitlisted'
     AND OLD.mode IS NEW.mode
BEGIN
  INSERT OR REPLACE INTO seat_move (registration_id, chapter_id)
    VALUES (NEW.id, NEW.chapter_id);
END;
