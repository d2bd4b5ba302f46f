-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 20.
-- Names sort in the user's collation (issue 15): member.name_key becomes
-- ICU's collation key (a BLOB whose byte order is the language's order)
-- instead of folded text.  The keys are made in C when the store opens
-- (ch-store-collation.c), for the collation the meta row
-- "name_key_collation" names; without that row every key is made again,
-- and whenever the user's collation or ICU's collation version changes.
DELETE FROM meta WHERE key = 'name_key_collation';

-- The search folding now also spells þ ð œ ħ as th d oe h and reads
-- ligatures and full-width letters as plain ones: fold the index again.
DELETE FROM member_fts;
INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties)
SELECT m.rowid, ch_fold (m.given_name), ch_fold (m.family_name), ch_fold (m.company),
       ch_fold (m.email), ch_fold (m.city),
       (SELECT ch_fold (group_concat (s.specialty, ' ')) FROM member_specialty s
         WHERE s.member_id = m.id AND s.deleted = 0)
FROM member m WHERE m.deleted = 0;
