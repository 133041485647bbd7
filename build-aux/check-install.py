#!/usr/bin/env python3
# check-install.py — `meson install --destdir` into a temporary directory, then check what landed
#
# Copyright 2026 The Moderato authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every file a desktop needs must be installed where it looks for it: the binaries, the desktop file,
# the AppStream metadata, both icons, the schema and the translations. The installed files must pass
# the same validators as the built ones and agree with each other (Icon=, Exec=, launchable, binaries).

import argparse
import configparser
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build-dir', required=True)
    parser.add_argument('--prefix', required=True)
    parser.add_argument('--bindir', required=True)
    parser.add_argument('--datadir', required=True)
    parser.add_argument('--localedir', required=True)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--linguas', required=True, help='the languages, separated by commas')
    parser.add_argument('--expect-app', action='store_true', help='bin/moderato is built')
    parser.add_argument('--expect-cli', action='store_true', help='bin/moderato-cli is built')
    parser.add_argument('--keep', action='store_true', help='keep the temporary directory')
    args = parser.parse_args()

    destdir = tempfile.mkdtemp(prefix='moderato-install-')
    try:
        return check(args, destdir)
    finally:
        if args.keep:
            print(f'kept {destdir}')
        else:
            shutil.rmtree(destdir, ignore_errors=True)


def check(args, destdir):
    errors = []
    env = dict(os.environ)
    env.pop('DESTDIR', None)
    install = subprocess.run(['meson', 'install', '-C', args.build_dir, '--no-rebuild',
                              '--destdir', destdir],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(install.stdout)
    if install.returncode != 0:
        print(f'meson install failed with {install.returncode}', file=sys.stderr)
        return 1

    def under(path):
        # Relative option values are relative to the prefix; DESTDIR is prepended to the result.
        full = path if os.path.isabs(path) else os.path.join(args.prefix, path)
        return os.path.join(destdir, full.lstrip('/'))

    root = under(args.prefix)
    bindir = under(args.bindir)
    datadir = under(args.datadir)
    localedir = under(args.localedir)
    app_id = args.app_id

    desktop = os.path.join(datadir, 'applications', app_id + '.desktop')
    metainfo = os.path.join(datadir, 'metainfo', app_id + '.metainfo.xml')
    schemas = os.path.join(datadir, 'glib-2.0', 'schemas')
    icons = os.path.join(datadir, 'icons', 'hicolor')
    expected = [
        desktop,
        metainfo,
        os.path.join(schemas, app_id + '.gschema.xml'),
        os.path.join(icons, 'scalable', 'apps', app_id + '.svg'),
        os.path.join(icons, 'symbolic', 'apps', app_id + '-symbolic.svg'),
    ]
    languages = [lang for lang in args.linguas.split(',') if lang]
    for lang in languages:
        expected.append(os.path.join(localedir, lang, 'LC_MESSAGES', 'moderato.mo'))
    if args.expect_app:
        expected.append(os.path.join(bindir, 'moderato'))
    if args.expect_cli:
        expected.append(os.path.join(bindir, 'moderato-cli'))

    for path in expected:
        if not os.path.isfile(path):
            errors.append(f'not installed: {os.path.relpath(path, destdir)}')
        else:
            print(f'installed: {os.path.relpath(path, destdir)}')
    for name in ('moderato', 'moderato-cli'):
        path = os.path.join(bindir, name)
        if os.path.exists(path) and not os.access(path, os.X_OK):
            errors.append(f'{os.path.relpath(path, destdir)} is not executable')
    if errors:
        return report(errors)

    def validate(command):
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(f'$ {" ".join(command)}\n{proc.stdout}', end='')
        if proc.returncode != 0:
            errors.append(f'{command[0]} failed ({proc.returncode}) on the installed files')

    validate(['desktop-file-validate', desktop])
    validate(['appstreamcli', 'validate', '--no-net', '--strict', '--explain', metainfo])
    validate(['appstreamcli', 'validate-tree', '--no-net', root])
    validate(['glib-compile-schemas', '--strict', '--dry-run', schemas])

    # The files agree with each other.
    entry = configparser.RawConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(desktop, encoding='utf-8')
    section = entry['Desktop Entry']
    if section.get('Icon') != app_id:
        errors.append(f'Icon={section.get("Icon")}, expected {app_id}')
    program = section.get('Exec', '').split()[0] if section.get('Exec') else ''
    if program != 'moderato':
        errors.append(f'Exec= starts with {program!r}, expected moderato')
    for lang in languages:
        if f'Comment[{lang}]' not in section:
            errors.append(f'the desktop file has no Comment[{lang}]: the merge with po/ failed')

    component = ET.parse(metainfo).getroot()
    if component.findtext('id') != app_id:
        errors.append(f'metainfo id is {component.findtext("id")!r}')
    launchable = component.findtext('launchable')
    if launchable != os.path.basename(desktop):
        errors.append(f'metainfo launchable {launchable!r} is not the installed desktop file')
    for binary in component.findall('provides/binary'):
        wanted = {'moderato': args.expect_app, 'moderato-cli': args.expect_cli}.get(binary.text)
        if wanted is None:
            errors.append(f'metainfo provides an unknown binary {binary.text!r}')
    xml_lang = '{http://www.w3.org/XML/1998/namespace}lang'
    for lang in languages:
        if not any(s.get(xml_lang) == lang for s in component.findall('summary')):
            errors.append(f'the metainfo has no <summary xml:lang="{lang}">')

    # Each catalogue loads and translates the desktop file's comment.
    comment = section.get('Comment')
    for lang in languages:
        path = os.path.join(localedir, lang, 'LC_MESSAGES', 'moderato.mo')
        with open(path, 'rb') as f:
            catalogue = gettext.GNUTranslations(f)
        if catalogue.gettext(comment) == comment:
            errors.append(f'{lang}: moderato.mo does not translate {comment!r}')
        else:
            print(f'{lang}: {comment!r} -> {catalogue.gettext(comment)!r}')

    return report(errors)


def report(errors):
    for e in errors:
        print(f'FAIL: {e}', file=sys.stderr)
    if errors:
        return 1
    print('install OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
