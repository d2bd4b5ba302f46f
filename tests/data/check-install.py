#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Install the build into a scratch DESTDIR and check the tree.

Usage: check-install.py BUILD_ROOT APP_ID BASE_ID GUI SERVER MAN LINGUAS_FILE

Runs `meson install --destdir` (no rebuild, nothing outside the scratch
directory is touched) and checks that every file a desktop, a software
centre, a shell and man(1) look for is where they look: the programs, the
desktop entry, the metainfo, the icons, the GSettings schema, the D-Bus
service, the translations of po/LINGUAS, the manual pages and the bash
completion.  GUI, SERVER and MAN are "true" or "false" (what this build
makes).
"""

import os
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 8:
        print(__doc__, file=sys.stderr)
        return 2
    build, app_id, base_id, gui, server, man, linguas_file = sys.argv[1:]
    gui, server, man = gui == 'true', server == 'true', man == 'true'

    with open(linguas_file, encoding='utf-8') as f:
        linguas = [w for line in f if not line.lstrip().startswith('#')
                   for w in line.split()]

    with tempfile.TemporaryDirectory(prefix='chapterhouse-install-') as dest:
        env = dict(os.environ, DESTDIR=dest)
        run = subprocess.run(['meson', 'install', '-C', build, '--no-rebuild', '--quiet',
                              '--destdir', dest],
                             env=env, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            print('meson install failed')
            return 1

        # Every installed path, relative to the prefix (the one directory
        # under DESTDIR that holds bin/ or share/).
        installed = set()
        for dirpath, _dirs, names in os.walk(dest):
            for name in names:
                installed.add(os.path.relpath(os.path.join(dirpath, name), dest))

        def ends(suffix):
            return [p for p in installed if p.endswith(suffix)]

        want = ['bin/chapterhouse-cli',
                f'share/glib-2.0/schemas/{base_id}.gschema.xml',
                'share/bash-completion/completions/chapterhouse-cli']
        if gui:
            want += ['bin/chapterhouse',
                     f'share/applications/{app_id}.desktop',
                     f'share/metainfo/{app_id}.metainfo.xml',
                     f'share/icons/hicolor/scalable/apps/{app_id}.svg',
                     f'share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg',
                     f'share/dbus-1/services/{app_id}.service']
            # The user guide, under the base id (help/meson.build).
            want += [f'share/help/C/{base_id}/{page}'
                     for page in ('index.page', 'first-start.page', 'members.page',
                                  'dues.page', 'event.page', 'sync.page', 'import.page',
                                  'email.page', 'report.page', 'legal.xml')]
        if server:
            want += ['bin/chapterhouse-server', 'lib/systemd/system/chapterhouse-server.service']
        if man:
            want += ['share/man/man1/chapterhouse-cli.1']
            if server:
                want += ['share/man/man1/chapterhouse-server.1']
        for lang in linguas:
            want.append(f'share/locale/{lang}/LC_MESSAGES/chapterhouse.mo')

        missing = [w for w in want if not ends('/' + w)]
        for w in missing:
            print(f'not installed: {w}')

        # No file of the server when it is not built (the Flatpak).
        strays = [] if server else ends('/bin/chapterhouse-server')
        for s in strays:
            print(f'installed without -Dserver: {s}')

        # The D-Bus service starts the installed program.
        for p in ends(f'/dbus-1/services/{app_id}.service'):
            with open(os.path.join(dest, p), encoding='utf-8') as f:
                text = f.read()
            if f'Name={app_id}' not in text or 'chapterhouse --gapplication-service' not in text:
                print(f'{p}: does not start {app_id} with --gapplication-service')
                missing.append(p)

        # The desktop entry and the metainfo speak every language of
        # po/LINGUAS (i18n.merge_file() reads the catalogues).
        for p in ends(f'/applications/{app_id}.desktop'):
            with open(os.path.join(dest, p), encoding='utf-8') as f:
                text = f.read()
            for lang in linguas:
                if f'Comment[{lang}]=' not in text:
                    print(f'{p}: no Comment[{lang}]')
                    missing.append(p)
        for p in ends(f'/metainfo/{app_id}.metainfo.xml'):
            with open(os.path.join(dest, p), encoding='utf-8') as f:
                text = f.read()
            for lang in linguas:
                if f'xml:lang="{lang}"' not in text:
                    print(f'{p}: nothing in {lang}')
                    missing.append(p)

        # The manual pages are roff with a NAME section and the commands.
        for p in ends('/man1/chapterhouse-cli.1'):
            with open(os.path.join(dest, p), encoding='utf-8') as f:
                text = f.read()
            for needle in ('.SH NAME', 'members list', 'CHAPTERHOUSE_DB'):
                if needle not in text:
                    print(f'{p}: lacks {needle!r}')
                    missing.append(p)

        if missing or strays:
            return 1
        print(f'{len(installed)} files installed; all {len(want)} expected ones in place')
        return 0


if __name__ == '__main__':
    sys.exit(main())
