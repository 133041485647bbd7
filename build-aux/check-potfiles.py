#!/usr/bin/env python3
# check-potfiles.py — po/POTFILES.in must list exactly the files that hold translatable strings
#
# Copyright 2026 The Moderato authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a file under src/ or data/ marks a string for translation (_(), N_(), C_(), NC_(),
# translatable="yes", or is a desktop/metainfo/schema file) but is missing from POTFILES.in, and
# when POTFILES.in names a file that does not exist or names one twice.
# With --update, rewrites POTFILES.in instead: its comments, then every such file, sorted.

import os
import re
import sys

SCANNED_DIRS = ('src', 'data')
TEXT_SUFFIXES = ('.c', '.h', '.ui', '.in', '.xml', '.js', '.py')
MARKER = re.compile(r'(?<![A-Za-z0-9_])(?:N_|C_|NC_|_)\s*\(|translatable\s*=\s*"yes"')
# Files whose content is translatable by their type, without markers.
ALWAYS = re.compile(r'\.(desktop\.in|metainfo\.xml\.in|appdata\.xml\.in|gschema\.xml)$')


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            entries.append((number, line))
    return entries


def strip_c_comments(text):
    """Drops /* */ and // comments, keeping string and character literals intact."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith('/*', i):
            end = text.find('*/', i + 2)
            i = n if end < 0 else end + 2
            out.append(' ')
        elif text.startswith('//', i):
            end = text.find('\n', i)
            i = n if end < 0 else end
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def needs_translation(path):
    if ALWAYS.search(path):
        return True
    if not path.endswith(TEXT_SUFFIXES):
        return False
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if path.endswith(('.c', '.h')):
        text = strip_c_comments(text)
    return MARKER.search(text) is not None


def main():
    argv = sys.argv[1:]
    update = '--update' in argv
    argv = [a for a in argv if a != '--update']
    if len(argv) != 1:
        print(f'usage: {sys.argv[0]} [--update] SOURCE_ROOT', file=sys.stderr)
        return 2
    root = argv[0]
    os.chdir(root)
    potfiles = os.path.join('po', 'POTFILES.in')
    entries = read_potfiles(potfiles)
    errors = []

    listed = set()
    for number, entry in entries:
        if entry in listed:
            errors.append(f'{potfiles}:{number}: {entry} is listed twice')
        listed.add(entry)
        if not os.path.isfile(entry):
            errors.append(f'{potfiles}:{number}: {entry} does not exist')

    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if needs_translation(path):
                    found.append(path)

    if update:
        with open(potfiles, encoding='utf-8') as f:
            header = [line for line in f if line.startswith('#')]
        kept = [e for _, e in entries if os.path.isfile(e)]
        with open(potfiles, 'w', encoding='utf-8') as f:
            f.writelines(header)
            f.writelines(p + '\n' for p in sorted(set(found) | set(kept)))
        print(f'{potfiles} updated: {len(set(found) | set(kept))} files')
        return 0

    missing = [p for p in found if p not in listed]
    for p in missing:
        errors.append(f'{potfiles}: missing {p} (it has strings marked for translation)')

    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print(f'POTFILES.in OK: {len(entries)} files listed, {len(found)} with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
