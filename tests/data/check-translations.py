#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the translations template and every translation in po/.

Usage: check-translations.py SOURCE_ROOT XGETTEXT MSGFMT [XGETTEXT ARGS...]

Fails (exit 1) and says why when
  * po/chapterhouse.pot is not what xgettext makes of the sources today (a
    string was added or changed without `ninja -C build chapterhouse-pot`),
  * po/LINGUAS and the po/*.po files do not name the same languages,
  * a language leaves a message of the sources untranslated or fuzzy
    (against a template made afresh from the sources),
  * `msgfmt --check` finds an error (headers, plural forms, c-format), or
  * a translation's printf conversions differ from the original's (also
    for messages xgettext did not flag as c-format), or a translation of a
    message ending in a newline does not end in one.
"""

import os
import re
import subprocess
import sys
import tempfile

FMT = re.compile(r'%(?:(\d+)\$)?[-+ #0\']*(?:\*|\d+)?(?:\.(?:\*|\d+))?'
                 r'(?:hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcsp%]|<PRI[diouxX](?:8|16|32|64)>)')


def conversions(text):
    return sorted(m.group(2) for m in FMT.finditer(text) if m.group(2) != '%')


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out, i = [], 0
    escapes = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a', 'b': '\b',
               'f': '\f', 'v': '\v'}
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_po(path):
    """The entries of a po file: dicts with ctxt, id, plural, strs, flags."""
    entries, cur, key = [], None, None

    def finish():
        if cur is not None and 'id' in cur:
            entries.append(cur)

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#~'):
                continue
            if not line.strip():
                continue
            if line.startswith('#'):
                if cur is not None and 'id' in cur and key is not None and key != 'comment':
                    finish()
                    cur = None
                if cur is None:
                    cur = {'flags': set(), 'strs': {}}
                if line.startswith('#,'):
                    cur['flags'] |= {f.strip() for f in line[2:].split(',')}
                key = 'comment'
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                word = m.group(1)
                if word in ('msgctxt', 'msgid') and cur is not None and 'id' in cur \
                   and key not in ('comment', 'ctxt'):
                    finish()
                    cur = None
                if cur is None:
                    cur = {'flags': set(), 'strs': {}}
                if word == 'msgctxt':
                    key = 'ctxt'
                elif word == 'msgid':
                    key = 'id'
                elif word == 'msgid_plural':
                    key = 'plural'
                else:
                    key = ('str', int(m.group(2) or 0))
                text = unquote(m.group(3))
                if isinstance(key, tuple):
                    cur['strs'][key[1]] = text
                else:
                    cur[key] = text
                continue
            if line.startswith('"') and cur is not None:
                text = unquote(line)
                if isinstance(key, tuple):
                    cur['strs'][key[1]] += text
                else:
                    cur[key] += text
    finish()
    return entries


def main(argv):
    root, xgettext, msgfmt = argv[1:4]
    xgettext_args = argv[4:]
    problems = []
    po_dir = os.path.join(root, 'po')

    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, 'fresh.pot')
        subprocess.run([xgettext, '--directory=' + root,
                        '--files-from=' + os.path.join(po_dir, 'POTFILES.in'),
                        '--output=' + fresh] + xgettext_args,
                       check=True, capture_output=True)

        def keys(path):
            return {(e.get('ctxt'), e['id'], e.get('plural')) for e in read_po(path)
                    if e['id'] != ''}

        want = keys(fresh)
        committed = os.path.join(po_dir, 'chapterhouse.pot')
        have = keys(committed) if os.path.exists(committed) else set()
        if want != have:
            added = sorted(want - have, key=str)[:8]
            gone = sorted(have - want, key=str)[:8]
            problems.append('po/chapterhouse.pot is out of date (run "ninja -C build '
                            'chapterhouse-pot"): %d messages new in the sources, e.g. %r; '
                            '%d no longer there, e.g. %r'
                            % (len(want - have), [k[1] for k in added],
                               len(have - want), [k[1] for k in gone]))

        with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
            linguas = [w for line in f for w in line.split('#')[0].split()]
        files = sorted(n[:-3] for n in os.listdir(po_dir) if n.endswith('.po'))
        if sorted(linguas) != files:
            problems.append('po/LINGUAS names %s but po/ has %s' % (sorted(linguas), files))

        for lang in files:
            po = os.path.join(po_dir, lang + '.po')
            r = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, po],
                               capture_output=True, text=True)
            if r.returncode != 0:
                problems.append('%s.po: msgfmt --check: %s' % (lang, r.stderr.strip()))
            done = {(e.get('ctxt'), e['id'], e.get('plural')) for e in read_po(po)
                    if 'fuzzy' not in e['flags'] and e['strs']
                    and all(t != '' for t in e['strs'].values())}
            missing = sorted(want - done, key=str)
            if missing:
                problems.append('%s.po leaves %d messages untranslated or fuzzy, e.g.:\n  %s'
                                % (lang, len(missing),
                                   '\n  '.join(repr(k[1]) for k in missing[:10])))
            for e in read_po(po):
                if e['id'] == '' or 'fuzzy' in e['flags']:
                    continue
                originals = [e['id']] + ([e['plural']] if 'plural' in e else [])
                for n, text in sorted(e['strs'].items()):
                    if text == '':
                        continue
                    if conversions(text) not in [conversions(o) for o in originals]:
                        problems.append('%s.po: the conversions of %r (%s) differ in %r (%s)'
                                        % (lang, e['id'], ' '.join(conversions(e['id'])),
                                           text, ' '.join(conversions(text))))
                    if e['id'].endswith('\n') != text.endswith('\n'):
                        problems.append('%s.po: %r and its translation %r do not both end '
                                        'in a newline' % (lang, e['id'], text))

    for p in problems:
        print(p)
    print('%d languages checked, %d problems' % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
