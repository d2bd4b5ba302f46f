-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 2.
-- The search index holds ch_fold()ed text: unicode61 only strips accents,
-- so "orsted" did not find "Ørsted", "lodz" not "Łódź", "weiss" not "Weiß".
-- ch_fold() is a function every Chapterhouse connection registers.

DROP TRIGGER member_fts_ai;
DROP TRIGGER member_fts_au;
DROP TRIGGER member_specialty_fts_ai;
DROP TRIGGER member_specialty_fts_au;

CREATE TRIGGER member_fts_ai AFTER INSERT ON member WHEN new.deleted = 0 BEGIN
  INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
  VALUES (new.rowid, ch_fold (new.given_name), ch_fold (new.family_name), ch_fold (new.company),
          ch_fold (new.email), ch_fold (new.city),
          (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
            WHERE member_id = new.id AND deleted = 0));
END;

CREATE TRIGGER member_fts_au AFTER UPDATE OF given_name, family_name, company, email, city, deleted
ON member BEGIN
  DELETE FROM member_fts WHERE rowid = old.rowid;
  INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
  SELECT new.rowid, ch_fold (new.given_name), ch_fold (new.family_name), ch_fold (new.company),
         ch_fold (new.email), ch_fold (new.city),
         (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
           WHERE member_id = new.id AND deleted = 0)
  WHERE new.deleted = 0;
END;

CREATE TRIGGER member_specialty_fts_ai AFTER INSERT ON member_specialty BEGIN
  UPDATE member_fts SET specialties =
    (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
      WHERE member_id = new.member_id AND deleted = 0)
  WHERE rowid = (SELECT rowid FROM member WHERE id = new.member_id);
END;

CREATE TRIGGER member_specialty_fts_au AFTER UPDATE ON member_specialty BEGIN
  UPDATE member_fts SET specialties =
    (SELECT ch_fold (group_concat (specialty, ' ')) FROM member_specialty
      WHERE member_id = new.member_id AND deleted = 0)
  WHERE rowid = (SELECT rowid FROM member WHERE id = new.member_id);
END;

DELETE FROM member_fts;
INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
SELECT m.rowid, ch_fold (m.given_name), ch_fold (m.family_name), ch_fold (m.company),
       ch_fold (m.email), ch_fold (m.city),
       (SELECT ch_fold (group_concat (s.specialty, ' ')) FROM member_specialty s
         WHERE s.member_id = m.id AND s.deleted = 0)
FROM member m WHERE m.deleted = 0;
