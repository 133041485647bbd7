#!/usr/bin/env python3
# check-po.py — every translation compiles cleanly, is UTF-8, and its printf formats match
#
# Copyright 2026 The Moderato authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po.py PO_DIR. For each language in PO_DIR/LINGUAS: PO_DIR/<lang>.po exists, declares
# charset=UTF-8 and Language: <lang> (PLATFORM.md §2: msginit leaves "charset=CHARSET", and msgfmt
# then mangles every non-ASCII string), and passes `msgfmt --check` — a translation whose %s/%d do
# not match its message would crash or garble the program at run time.

import os
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} PO_DIR', file=sys.stderr)
        return 2
    po_dir = sys.argv[1]
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f if not line.lstrip().startswith('#') for w in line.split()]
    if not languages:
        print('LINGUAS lists no language', file=sys.stderr)
        return 1

    errors = []
    for lang in languages:
        po = os.path.join(po_dir, lang + '.po')
        try:
            with open(po, encoding='utf-8') as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            errors.append(f'{po}: {e}')
            continue
        header = text.split('\n\n', 1)[0]
        if '"Content-Type: text/plain; charset=UTF-8\\n"' not in header:
            errors.append(f'{po}: the header must say "Content-Type: text/plain; charset=UTF-8"')
        if f'"Language: {lang}\\n"' not in header:
            errors.append(f'{po}: the header must say "Language: {lang}"')
        if re.search(r'^#,.*\bfuzzy\b', header, re.M):
            errors.append(f'{po}: the header is marked fuzzy, so msgfmt ignores it')
        proc = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(f'{lang}: {proc.stdout.strip()}')
        if proc.returncode != 0:
            errors.append(f'{po}: msgfmt --check failed')

    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
