-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 11: gender as a stable code.
-- Older versions took free text ("Kvinna", "female", "M"), which counted
-- as separate groups.  Each answer becomes its code (woman, man,
-- non-binary, prefer-not) through ch_gender_normalize(), the same rule
-- the program uses; words that match none stay as the member's own
-- self-description.  Every change is an ordinary outbox update, so the
-- server and the other devices get the same value and nobody disagrees.

INSERT INTO outbox (chapter_id, entity, row_id, op, base, "set", created_at)
  SELECT chapter_id, 'member', id, 'update',
         json_object('gender', gender),
         json_object('gender', ch_gender_normalize(gender)),
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM member
  WHERE deleted = 0 AND gender IS NOT NULL AND ch_gender_normalize(gender) IS NOT gender
  ORDER BY rowid;

UPDATE member SET gender = ch_gender_normalize(gender)
  WHERE deleted = 0 AND gender IS NOT NULL AND ch_gender_normalize(gender) IS NOT gender;
