#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every source and build file starts with an SPDX licence line.

Usage: check-spdx.py [SOURCE_ROOT]

Looks at *.c, *.h, *.ui and meson.build files under src/, ui/, tests/ and
bench/, and at the meson.build files of the top level, data/ and po/. The
line "SPDX-License-Identifier: <expression>" must be in the first two lines
(a .ui template starts with the <?xml ?> declaration, so its SPDX comment is
the second line). Prints the offending files and exits 1 if any lacks it.
"""

import os
import re
import sys

DIRS = ('src', 'ui', 'tests', 'bench')
SUFFIXES = ('.c', '.h', '.ui')
EXTRA = ('meson.build', 'data/meson.build', 'po/meson.build')
SPDX = re.compile(r'SPDX-License-Identifier:\s*\S')


def wanted(name):
    return name == 'meson.build' or name.endswith(SUFFIXES)


def files(root):
    for top in DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith('.') and not d.startswith('build'))
            for name in sorted(filenames):
                if wanted(name):
                    yield os.path.relpath(os.path.join(dirpath, name), root)
    for rel in EXTRA:
        if os.path.isfile(os.path.join(root, rel)):
            yield rel


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), '..', '..'))
    checked = 0
    bad = []
    for rel in files(root):
        checked += 1
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
            head = [f.readline() for _ in range(2)]
        if not any(SPDX.search(line) for line in head):
            bad.append(rel)
    if bad:
        print('These files do not start with an SPDX-License-Identifier line '
              '(add "SPDX-License-Identifier: GPL-3.0-or-later" as a comment '
              'on line 1, or line 2 after an <?xml ?> declaration):')
        for rel in bad:
            print(f'  {rel}')
        return 1
    print(f'{checked} files checked, all carry an SPDX line')
    return 0


if __name__ == '__main__':
    sys.exit(main())
