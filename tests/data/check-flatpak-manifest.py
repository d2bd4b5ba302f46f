#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against the project's names and sandbox policy.

Usage: check-flatpak-manifest.py MANIFEST.json BASE_APP_ID

The manifest must be valid JSON; its app-id must be the plain application id
(the .Devel flavour is not shipped as a Flatpak); it runs `chapterhouse` on
the GNOME runtime with the GNOME SDK; its finish-args are exactly the minimal
set below (secrets go through the Secret portal, files through the document
portal, so nothing else is needed); and the last module builds this source
tree with meson. Archive sources must pin a real sha256.
"""

import json
import re
import sys

MINIMAL_FINISH_ARGS = {
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--share=network',
}


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, base_id = sys.argv[1], sys.argv[2]
    errors = []

    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{path}: cannot be read as JSON: {e}')
        return 1

    def expect(key, want):
        got = manifest.get(key)
        if got != want:
            errors.append(f'{key} is {got!r}, expected {want!r}')

    expect('app-id', base_id)
    expect('command', 'chapterhouse')
    expect('runtime', 'org.gnome.Platform')
    expect('sdk', 'org.gnome.Sdk')
    if not isinstance(manifest.get('runtime-version'), str) or not manifest['runtime-version']:
        errors.append('runtime-version is missing')

    finish_args = manifest.get('finish-args', [])
    if len(finish_args) != len(set(finish_args)):
        errors.append('finish-args has duplicates')
    extra = sorted(set(finish_args) - MINIMAL_FINISH_ARGS)
    lacking = sorted(MINIMAL_FINISH_ARGS - set(finish_args))
    if extra:
        errors.append('finish-args grants more than the minimal set: ' + ', '.join(extra))
    if lacking:
        errors.append('finish-args lacks: ' + ', '.join(lacking))

    modules = manifest.get('modules', [])
    if not modules:
        errors.append('no modules')
    else:
        app = modules[-1]
        if not isinstance(app, dict) or app.get('name') != 'chapterhouse':
            errors.append('the last module must be "chapterhouse"')
        else:
            if app.get('buildsystem') != 'meson':
                errors.append('the chapterhouse module must use buildsystem meson')
            sources = app.get('sources', [])
            if not any(s.get('type') == 'dir' and s.get('path') == '..' for s in sources):
                errors.append('the chapterhouse module must build this tree '
                              '(a source of type "dir" with path "..")')

    for module in modules:
        if not isinstance(module, dict):
            continue  # a path to a module file
        for source in module.get('sources', []):
            if source.get('type') in ('archive', 'file') and 'url' in source:
                digest = source.get('sha256', '')
                if not re.fullmatch(r'[0-9a-f]{64}', digest) or len(set(digest)) < 4:
                    errors.append(f'module {module.get("name")}: {source["url"]} '
                                  'has no real sha256')

    if errors:
        for e in errors:
            print(f'{path}: {e}')
        return 1
    print(f'{path}: ok ({len(modules)} modules, finish-args {sorted(finish_args)})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
