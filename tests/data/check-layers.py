#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that each folder of src/ reaches only the layers below it.

Usage: check-layers.py SOURCE_ROOT [BUILD_ROOT]

src/model is GLib only; src/protocol sees the model; src/core the model;
src/sync the store, the protocol and the model; src/server the protocol
and the model, never the local store (src/core), the client sync engine
(src/sync) or the GUI; src/cli and src/gui everything below them, not
each other.  Two checks:

  * every #include "…" of a file in a folder names a header of its own
    folder or of an allowed one (or config.h), and
  * with BUILD_ROOT, the -I options with which meson compiles those files
    (compile_commands.json) name no folder of src/ that is not allowed, so
    that, for one, the server cannot even find a header of the store.

Prints each offence and exits 1 if there is any.
"""

import json
import os
import re
import shlex
import sys

ALLOWED = {
    'model': {'model'},
    'protocol': {'protocol', 'model'},
    'core': {'core', 'model'},
    'sync': {'sync', 'core', 'protocol', 'model'},
    'server': {'server', 'protocol', 'model'},
    'cli': {'cli', 'sync', 'core', 'protocol', 'model'},
    'gui': {'gui', 'sync', 'core', 'protocol', 'model'},
}
FOLDERS = ('model', 'protocol', 'core', 'sync', 'server', 'cli', 'gui')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def headers(root):
    found = {}
    for folder in FOLDERS:
        top = os.path.join(root, 'src', folder)
        for dirpath, _dirs, names in os.walk(top):
            for name in names:
                if name.endswith('.h'):
                    found.setdefault(name, set()).add(folder)
    return found


def check_sources(root, problems):
    where = headers(root)
    for folder, allowed in ALLOWED.items():
        top = os.path.join(root, 'src', folder)
        for dirpath, _dirs, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding='utf-8') as f:
                    text = f.read()
                for header in INCLUDE.findall(text):
                    base = os.path.basename(header)
                    homes = where.get(base, set())
                    # A header that is in no folder of src/ is generated in
                    # the build directory; the -I check covers those.
                    if homes and not homes & allowed:
                        rel = os.path.relpath(path, root)
                        problems.append('%s includes "%s" from src/%s' %
                                        (rel, header, '/'.join(sorted(homes))))


def check_include_paths(root, build, problems):
    db = os.path.join(build, 'compile_commands.json')
    if not os.path.isfile(db):
        return
    src = os.path.realpath(os.path.join(root, 'src'))
    with open(db, encoding='utf-8') as f:
        commands = json.load(f)
    for entry in commands:
        path = os.path.realpath(os.path.join(entry['directory'], entry['file']))
        rel = os.path.relpath(path, src)
        folder = rel.split(os.sep)[0]
        if folder not in ALLOWED or rel.startswith('..'):
            continue
        args = entry.get('arguments') or shlex.split(entry['command'])
        for arg in args:
            if not arg.startswith('-I'):
                continue
            inc = os.path.realpath(os.path.join(entry['directory'], arg[2:]))
            inc_rel = os.path.relpath(inc, src)
            if inc_rel.startswith('..'):
                continue
            inc_folder = inc_rel.split(os.sep)[0]
            if inc_folder in FOLDERS and inc_folder not in ALLOWED[folder]:
                problems.append('src/%s is compiled with -I%s' % (rel, arg[2:]))
                break


def main(argv):
    root = argv[1] if len(argv) > 1 else '.'
    problems = []
    check_sources(root, problems)
    if len(argv) > 2:
        check_include_paths(root, argv[2], problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
