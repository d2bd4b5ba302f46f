-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 4.
-- The search index can be brought up to date once per batch instead of
-- once per row: while ch_fts_deferred() is true (a pulled page, the demo
-- data), these triggers stand aside and temporary triggers of the
-- connection note which members changed; ch_store_flush_search() then
-- indexes them in two statements.  FTS5 writes its pending terms out at
-- every statement savepoint, so row-by-row indexing made bulk writes slow.

DROP TRIGGER member_fts_ai;
DROP TRIGGER member_fts_au;
DROP TRIGGER member_specialty_fts_ai;
DROP TRIGGER member_specialty_fts_au;

CREATE TRIGGER member_fts_ai AFTER INSERT ON member
WHEN new.deleted = 0 AND NOT ch_fts_deferred () BEGIN
  INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
  VALUES (new.rowid, ch_fold (new.given_name), ch_fold (new.family_name), ch_fold (new.company),
          ch_fold (new.email), ch_fold (new.city),
          (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
            WHERE member_id = new.id AND deleted = 0));
END;

CREATE TRIGGER member_fts_au AFTER UPDATE OF given_name, family_name, company, email, city, deleted
ON member WHEN NOT ch_fts_deferred () BEGIN
  DELETE FROM member_fts WHERE rowid = old.rowid;
  INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
  SELECT new.rowid, ch_fold (new.given_name), ch_fold (new.family_name), ch_fold (new.company),
         ch_fold (new.email), ch_fold (new.city),
         (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
           WHERE member_id = new.id AND deleted = 0)
  WHERE new.deleted = 0;
END;

CREATE TRIGGER member_specialty_fts_ai AFTER INSERT ON member_specialty
WHEN NOT ch_fts_deferred () BEGIN
  UPDATE member_fts SET specialties =
    (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
      WHERE member_id = new.member_id AND deleted = 0)
  WHERE rowid = (SELECT rowid FROM member WHERE id = new.member_id);
END;

CREATE TRIGGER member_specialty_fts_au AFTER UPDATE ON member_specialty
WHEN NOT ch_fts_deferred () BEGIN
  UPDATE member_fts SET specialties =
    (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
      WHERE member_id = new.member_id AND deleted = 0)
  WHERE rowid = (SELECT rowid FROM member WHERE id = new.member_id);
END;
