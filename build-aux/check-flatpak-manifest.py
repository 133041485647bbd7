#!/usr/bin/env python3
# check-flatpak-manifest.py — offline lint of the Flatpak manifest
#
# Copyright 2026 The Moderato authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-flatpak-manifest.py policy  MANIFEST APP_ID
#     JSON syntax (duplicate keys too) and the sandbox policy: the app id, the GNOME runtime, a meson
#     module with run-tests, and finish-args that grant network, IPC, Wayland with X11 fallback and DRI
#     and nothing broader. The keyring is reached through the Secret portal, so no
#     --talk-name=org.freedesktop.secrets and no filesystem access.
# check-flatpak-manifest.py builder MANIFEST
#     `G_DEBUG=fatal-warnings flatpak-builder --show-manifest` (unknown keys, source types and value
#     types become fatal) and every local path of `flatpak-builder --show-deps` exists, resolved from
#     the manifest's directory. Exits 77 (skipped) without flatpak-builder.

import json
import os
import shutil
import subprocess
import sys

SKIP = 77

REQUIRED_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}
REQUIRED_CLEANUP = {'/include', '/lib/pkgconfig', '*.a', '*.la'}


def no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f'duplicate key {key!r}')
        seen[key] = value
    return seen


def policy(manifest, app_id):
    errors = []
    try:
        with open(manifest, encoding='utf-8') as f:
            data = json.load(f, object_pairs_hook=no_duplicates)
    except (OSError, ValueError) as e:
        print(f'{manifest}: {e}', file=sys.stderr)
        return 1

    def expect(key, value):
        if data.get(key) != value:
            errors.append(f'{key} is {data.get(key)!r}, expected {value!r}')

    expect('id', app_id)
    expect('runtime', 'org.gnome.Platform')
    expect('sdk', 'org.gnome.Sdk')
    expect('command', 'moderato')
    if not isinstance(data.get('runtime-version'), str) or not data['runtime-version']:
        errors.append('runtime-version must be a non-empty string such as "47"')

    args = data.get('finish-args', [])
    for missing in sorted(REQUIRED_ARGS - set(args)):
        errors.append(f'finish-args lacks {missing}')
    for extra in args:
        if extra not in REQUIRED_ARGS:
            errors.append(f'finish-args grants {extra}: nothing beyond {sorted(REQUIRED_ARGS)} '
                          'is needed (the keyring goes through the Secret portal)')

    for missing in sorted(REQUIRED_CLEANUP - set(data.get('cleanup', []))):
        errors.append(f'cleanup lacks {missing}')

    modules = data.get('modules', [])
    app_modules = [m for m in modules if isinstance(m, dict) and m.get('name') == 'moderato']
    if len(app_modules) != 1:
        errors.append('there must be exactly one module named "moderato"')
    else:
        module = app_modules[0]
        if module.get('buildsystem') != 'meson':
            errors.append('the moderato module must use buildsystem "meson"')
        if module.get('run-tests') is not True:
            errors.append('the moderato module must set "run-tests": true')
        dirs = [s for s in module.get('sources', []) if isinstance(s, dict) and s.get('type') == 'dir']
        if len(dirs) != 1:
            errors.append('the moderato module must build from one "dir" source')
        else:
            root = os.path.normpath(os.path.join(os.path.dirname(manifest), dirs[0].get('path', '')))
            build_file = os.path.join(root, 'meson.build')
            try:
                with open(build_file, encoding='utf-8') as f:
                    if "project('moderato'" not in f.read():
                        errors.append(f'{build_file} is not the moderato project')
            except OSError:
                errors.append(f'the dir source {dirs[0].get("path")!r} holds no meson.build')
        if module is not modules[-1]:
            errors.append('the moderato module must be the last module')

    for e in errors:
        print(f'{manifest}: {e}', file=sys.stderr)
    if errors:
        return 1
    print(f'{manifest}: policy OK ({len(args)} finish-args)')
    return 0


def builder(manifest):
    flatpak_builder = shutil.which('flatpak-builder')
    if flatpak_builder is None:
        print('flatpak-builder is not installed: skipped')
        return SKIP
    manifest = os.path.abspath(manifest)
    directory = os.path.dirname(manifest)
    env = dict(os.environ, G_DEBUG='fatal-warnings')

    shown = subprocess.run([flatpak_builder, '--show-manifest', manifest], cwd=directory, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if shown.returncode != 0 or shown.stderr.strip():
        print(f'flatpak-builder --show-manifest failed ({shown.returncode}):\n{shown.stderr}',
              file=sys.stderr)
        return 1
    json.loads(shown.stdout)

    deps = subprocess.run([flatpak_builder, '--show-deps', manifest], cwd=directory, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if deps.returncode != 0:
        print(f'flatpak-builder --show-deps failed ({deps.returncode}):\n{deps.stderr}',
              file=sys.stderr)
        return 1
    paths = [line.strip() for line in deps.stdout.splitlines() if line.strip()]
    if not paths:
        print('flatpak-builder --show-deps listed no local path (the app source is one)',
              file=sys.stderr)
        return 1
    missing = [p for p in paths if not os.path.exists(os.path.join(directory, p))]
    for p in missing:
        print(f'{manifest}: refers to {p}, which does not exist', file=sys.stderr)
    if missing:
        return 1
    print(f'{manifest}: flatpak-builder accepts it; local paths exist: {", ".join(paths)}')
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == 'policy':
        return policy(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 3 and sys.argv[1] == 'builder':
        return builder(sys.argv[2])
    print(f'usage: {sys.argv[0]} policy MANIFEST APP_ID | builder MANIFEST', file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
