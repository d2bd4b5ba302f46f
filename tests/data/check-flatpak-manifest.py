#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifests offline, as Flathub's linter would.

Usage: check-flatpak-manifest.py MANIFEST.json BASE_APP_ID [--devel]

Flatpak cannot be built on the developers' machines (no network), so this
checks what can be checked without it:

  * the app id (BASE_APP_ID, or BASE_APP_ID.Devel with --devel) and the
    command "chapterhouse", on the GNOME runtime and SDK of a version that is
    not end-of-life;
  * finish-args are exactly the minimal set below: files go through the
    document portal, the sync token through the Secret portal, so nothing
    else (no --filesystem, no --talk-name) is needed;
  * every module is an object or a module file next to the manifest; every
    bundled module (all but the last) has x-checker-data on each of its
    archive and git sources so that Flathub's checker proposes updates, and
    archives pin a real sha256;
  * the last module builds Chapterhouse with meson, without the server
    (-Dserver=false) and with the right -Ddevelopment;
  * the Flathub manifest builds a pinned git commit (an https URL, a
    40-hex commit) and has no "dir" source anywhere; the .Devel manifest
    builds this tree (a "dir" source with path "..").
"""

import json
import os
import re
import sys

MINIMAL_FINISH_ARGS = {
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
    '--share=network',
}

# GNOME runtimes Flathub marks end-of-life (the current and the previous
# stable release are supported; 3.x and 40-49 are past).  Add the old one
# here when moving the manifests to a new runtime.
EOL_RUNTIMES = {str(v) for v in range(40, 50)}


def load_module(base_dir, module, errors):
    if isinstance(module, dict):
        return module
    if isinstance(module, str):
        path = os.path.join(base_dir, module)
        try:
            with open(path, encoding='utf-8') as f:
                return json.load(f)
        except (OSError, ValueError) as e:
            errors.append(f'module file {module}: {e}')
            return None
    errors.append(f'module {module!r} is neither an object nor a file name')
    return None


def main():
    args = [a for a in sys.argv[1:] if a != '--devel']
    devel = '--devel' in sys.argv[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path, base_id = args
    errors = []

    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{path}: cannot be read as JSON: {e}')
        return 1

    want_id = base_id + '.Devel' if devel else base_id
    got_id = manifest.get('id', manifest.get('app-id'))
    if got_id != want_id:
        errors.append(f'id is {got_id!r}, expected {want_id!r}')
    for key, want in (('command', 'chapterhouse'), ('runtime', 'org.gnome.Platform'),
                      ('sdk', 'org.gnome.Sdk')):
        if manifest.get(key) != want:
            errors.append(f'{key} is {manifest.get(key)!r}, expected {want!r}')
    version = manifest.get('runtime-version')
    if not isinstance(version, str) or not re.fullmatch(r'\d+', version):
        errors.append(f'runtime-version {version!r} is not a GNOME release number')
    elif version in EOL_RUNTIMES or version.startswith('3.') or int(version) < 40:
        errors.append(f'runtime org.gnome.Platform//{version} is end-of-life')

    finish_args = manifest.get('finish-args', [])
    if len(finish_args) != len(set(finish_args)):
        errors.append('finish-args has duplicates')
    extra = sorted(set(finish_args) - MINIMAL_FINISH_ARGS)
    lacking = sorted(MINIMAL_FINISH_ARGS - set(finish_args))
    if extra:
        errors.append('finish-args grants more than the minimal set: ' + ', '.join(extra))
    if lacking:
        errors.append('finish-args lacks: ' + ', '.join(lacking))

    base_dir = os.path.dirname(os.path.abspath(path))
    modules = [load_module(base_dir, m, errors) for m in manifest.get('modules', [])]
    modules = [m for m in modules if m is not None]
    if not modules:
        errors.append('no modules')
        modules = [{}]

    for module in modules:
        name = module.get('name', '?')
        for source in module.get('sources', []):
            kind = source.get('type')
            if kind == 'dir' and not devel:
                errors.append(f'module {name}: a "dir" source is for the .Devel manifest only')
            if kind in ('archive', 'file') and 'url' in source:
                digest = source.get('sha256', '')
                if not re.fullmatch(r'[0-9a-f]{64}', digest) or len(set(digest)) < 4:
                    errors.append(f'module {name}: {source["url"]} has no real sha256')
            if module is not modules[-1] and kind in ('archive', 'git', 'file'):
                checker = source.get('x-checker-data')
                if not isinstance(checker, dict) or 'type' not in checker:
                    errors.append(f'module {name}: source {source.get("url")} has no '
                                  'x-checker-data')

    app = modules[-1]
    if app.get('name') != 'chapterhouse':
        errors.append('the last module must be "chapterhouse"')
    else:
        if app.get('buildsystem') != 'meson':
            errors.append('the chapterhouse module must use buildsystem meson')
        opts = app.get('config-opts', [])
        if '-Dserver=false' not in opts:
            errors.append('the chapterhouse module must build without the server '
                          '(-Dserver=false)')
        want_dev = '-Ddevelopment=' + ('true' if devel else 'false')
        if want_dev not in opts:
            errors.append(f'the chapterhouse module must have {want_dev}')
        sources = app.get('sources', [])
        if devel:
            if not any(s.get('type') == 'dir' and s.get('path') == '..' for s in sources):
                errors.append('the .Devel manifest must build this tree '
                              '(a source of type "dir" with path "..")')
        else:
            gits = [s for s in sources if s.get('type') == 'git']
            if len(gits) != 1 or len(sources) != 1:
                errors.append('the chapterhouse module must have one source, of type "git"')
            for s in gits:
                if not str(s.get('url', '')).startswith('https://'):
                    errors.append('the git source must be an https:// URL')
                if not re.fullmatch(r'[0-9a-f]{40}', str(s.get('commit', ''))):
                    errors.append('the git source must pin a commit (40 hex digits)')

    if errors:
        for e in errors:
            print(f'{path}: {e}')
        return 1
    print(f'{path}: ok ({want_id}, runtime {version}, {len(modules)} modules, '
          f'finish-args {sorted(finish_args)})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
