#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in is complete and names only real files.

Usage: check-potfiles.py [--update] [SOURCE_ROOT]

Fails (exit 1) and prints the file names when
  * a file under src/ or ui/ (C sources and headers, GtkBuilder templates)
    or a desktop/metainfo/schema file under data/ has translatable strings
    but is listed neither in po/POTFILES.in nor in po/POTFILES.skip, or
  * po/POTFILES.in (or POTFILES.skip) names a file that does not exist, or
    names a file twice.

Files are found by walking the source tree, so a new file is checked before
it is committed. Build directories and hidden directories are skipped.

With --update, po/POTFILES.in is rewritten instead: its leading comment is
kept, missing files are added, files that no longer exist are dropped, and
the list is sorted.
"""

import os
import re
import sys

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), Q_(…), with or without a space
# before the parenthesis (GNU style puts one there).
C_MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|'
    r'g_dgettext|g_dcgettext)\s*\('
)
UI_MARKER = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']')

SCANNED_DIRS = ('src', 'ui')
C_SUFFIXES = ('.c', '.h')
UI_SUFFIXES = ('.ui',)
# Data files are translatable by what they are, not by a marker.
DATA_SUFFIXES = ('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in', '.gschema.xml')


def read_list(path):
    """Entries of a POTFILES-style list (comments, blanks and [type:…] tags skipped)."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # xgettext/intltool allow "[encoding: UTF-8]" and "[type: gettext/glade]x.ui"
            line = re.sub(r'^\[[^\]]*\]\s*', '', line)
            if line:
                entries.append((lineno, line))
    return entries


def is_translatable(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return False
    if path.endswith(UI_SUFFIXES):
        return UI_MARKER.search(text) is not None
    # A marker inside a comment or a string literal also counts: that is
    # rare, and a false positive only asks for one more POTFILES.in line.
    return C_MARKERS.search(text) is not None


def walk(root, top):
    base = os.path.join(root, top)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith('.') and not d.startswith('build')
                             and d != '_build' and d != 'subprojects')
        for name in sorted(filenames):
            yield os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/')


def find_candidates(root):
    candidates = []
    for top in SCANNED_DIRS:
        for rel in walk(root, top):
            if rel.endswith(C_SUFFIXES + UI_SUFFIXES) and is_translatable(os.path.join(root, rel)):
                candidates.append(rel)
    for rel in walk(root, 'data'):
        if rel.endswith(DATA_SUFFIXES):
            candidates.append(rel)
    return candidates


def update(root, potfiles_in, potfiles_skip):
    header = []
    if os.path.exists(potfiles_in):
        with open(potfiles_in, encoding='utf-8') as f:
            for line in f:
                if not line.startswith('#'):
                    break
                header.append(line.rstrip('\n'))
    skipped = {e for _, e in read_list(potfiles_skip)}
    entries = {e for _, e in read_list(potfiles_in) if os.path.isfile(os.path.join(root, e))}
    entries |= {c for c in find_candidates(root) if c not in skipped}
    with open(potfiles_in, 'w', encoding='utf-8') as f:
        f.write('\n'.join(header + sorted(entries)) + '\n')
    print(f'po/POTFILES.in: {len(entries)} files')
    return 0


def main():
    args = sys.argv[1:]
    do_update = '--update' in args
    args = [a for a in args if a != '--update']
    root = os.path.abspath(args[0] if args else
                           os.path.join(os.path.dirname(__file__), '..', '..'))
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    potfiles_skip = os.path.join(root, 'po', 'POTFILES.skip')

    if do_update:
        return update(root, potfiles_in, potfiles_skip)
    if not os.path.exists(potfiles_in):
        print('po/POTFILES.in does not exist', file=sys.stderr)
        return 1

    listed = read_list(potfiles_in)
    skipped = read_list(potfiles_skip)
    problems = 0

    seen = {}
    for lineno, entry in listed:
        if entry in seen:
            print(f'po/POTFILES.in:{lineno}: {entry} is listed twice '
                  f'(first on line {seen[entry]})')
            problems += 1
        seen.setdefault(entry, lineno)

    for list_name, entries in (('POTFILES.in', listed), ('POTFILES.skip', skipped)):
        for lineno, entry in entries:
            if not os.path.isfile(os.path.join(root, entry)):
                print(f'po/{list_name}:{lineno}: {entry} does not exist')
                problems += 1

    known = {e for _, e in listed} | {e for _, e in skipped}

    candidates = find_candidates(root)
    missing = [rel for rel in candidates if rel not in known]
    if missing:
        print('These files have translatable strings but are not in po/POTFILES.in '
              '(add them, or to po/POTFILES.skip if they must not be translated; '
              'tests/data/check-potfiles.py --update adds them):')
        for rel in missing:
            print(f'  {rel}')
        problems += len(missing)

    if problems:
        return 1
    print(f'po/POTFILES.in is complete: {len(listed)} files listed, '
          f'{len(candidates)} translatable files found')
    return 0


if __name__ == '__main__':
    sys.exit(main())
