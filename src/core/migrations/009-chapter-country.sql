-- SPDX-License-Identifier: GPL-3.0-or-later
-- Chapterhouse local store, level 9.
-- Countries are kept as ISO 3166-1 codes ("SE"), as the server keeps them;
-- older versions kept whatever was typed ("Sweden", "Sverige").  Names
-- that ch_country_code() recognises become codes; other text stays as it
-- is (it is shown as typed) and is not sent anywhere.
--
-- So that the server and the other devices learn the codes too, without a
-- false conflict:
--  * changes still waiting in the outbox carry the code instead of the name;
--  * a row the server already has, with no waiting change of its country,
--    gets an update from the old text (what the server holds) to the code.

UPDATE outbox
   SET "set" = json_set ("set", '$.country', ch_country_code (json_extract ("set", '$.country')))
 WHERE entity IN ('chapter', 'member')
   AND json_type ("set", '$.country') = 'text'
   AND ch_country_code (json_extract ("set", '$.country')) IS NOT NULL
   AND ch_country_code (json_extract ("set", '$.country')) IS NOT json_extract ("set", '$.country');

INSERT INTO outbox (chapter_id, entity, row_id, op, base, "set", created_at)
SELECT chapter_id, 'chapter', id, 'update',
       json_object ('country', country), json_object ('country', ch_country_code (country)),
       strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM chapter
 WHERE version > 0 AND deleted = 0
   AND ch_country_code (country) IS NOT NULL AND ch_country_code (country) IS NOT country
   AND NOT EXISTS (SELECT 1 FROM outbox o
                    WHERE o.entity = 'chapter' AND o.row_id = chapter.id
                      AND json_type (o."set", '$.country') IS NOT NULL);

INSERT INTO outbox (chapter_id, entity, row_id, op, base, "set", created_at)
SELECT chapter_id, 'member', id, 'update',
       json_object ('country', country), json_object ('country', ch_country_code (country)),
       strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM member
 WHERE version > 0 AND deleted = 0
   AND ch_country_code (country) IS NOT NULL AND ch_country_code (country) IS NOT country
   AND NOT EXISTS (SELECT 1 FROM outbox o
                    WHERE o.entity = 'member' AND o.row_id = member.id
                      AND json_type (o."set", '$.country') IS NOT NULL);

UPDATE chapter SET country = ch_country_code (country)
 WHERE ch_country_code (country) IS NOT NULL AND ch_country_code (country) IS NOT country;

UPDATE member SET country = ch_country_code (country)
 WHERE ch_country_code (country) IS NOT NULL AND ch_country_code (country) IS NOT country;
