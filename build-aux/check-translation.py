#!/usr/bin/env python3
# check-translation.py — prove a built program speaks a language through the build tree's catalogues
#
# Copyright 2026 The Moderato authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-translation.py --localedir BUILD/po --po po/de.po [--source PATH-PREFIX] -- PROGRAM ARGS…
#
# Runs PROGRAM twice under LC_ALL=C.UTF-8: once untranslated (LANGUAGE unset) and once with
# LANGUAGE=<the .po file's language> and MODERATO_LOCALEDIR=<localedir>. Passes when the second run
# prints the translation of a message that the first run printed in English, taken from the .po
# file (only messages whose source reference starts with --source, when given). Exit status of the
# program is not judged: `--help` exits 0, a usage error 2; only the words matter.

import argparse
import os
import re
import subprocess
import sys


def unquote(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)


def read_po(path):
    """Returns [(msgid, msgstr, references)] of translated, non-fuzzy singular messages."""
    entries = []
    with open(path, encoding='utf-8') as f:
        blocks = f.read().split('\n\n')
    for block in blocks:
        refs, fuzzy, fields, current = [], False, {}, None
        for line in block.splitlines():
            if line.startswith('#:'):
                refs += line[2:].split()
            elif line.startswith('#,') and 'fuzzy' in line:
                fuzzy = True
            elif line.startswith('#'):
                continue
            else:
                m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
                if m:
                    current = m.group(1)
                    fields[current] = unquote(m.group(2))
                elif current and line.startswith('"') and line.endswith('"'):
                    fields[current] += unquote(line[1:-1])
        msgid, msgstr = fields.get('msgid'), fields.get('msgstr')
        if fuzzy or not msgid or not msgstr or 'msgid_plural' in fields or msgid == msgstr:
            continue
        entries.append((msgid, msgstr, refs))
    return entries


CONVERSION = re.compile(r'%(?:\d+\$)?[-+ 0#\']*(?:\d+|\*)?(?:\.(?:\d+|\*))?'
                        r'(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspn%]'
                        r'|%(?:\d+\$)?[-+ 0#]*\d*(?:\.\d+)?(?:G_G?[A-Z0-9_]+FORMAT|PRI[a-zA-Z0-9]+)')


def literal_part(text):
    return CONVERSION.sub('', text).strip()


def pattern(text):
    """A regex for one printf-style line: each conversion matches a non-empty run of text."""
    parts = []
    last = 0
    for m in CONVERSION.finditer(text):
        parts.append(re.escape(text[last:m.start()]))
        parts.append('%' if m.group(0) == '%%' else '.+?')
        last = m.end()
    parts.append(re.escape(text[last:]))
    return re.compile(''.join(parts))


def language_of(path):
    with open(path, encoding='utf-8') as f:
        m = re.search(r'"Language: ([A-Za-z_@]+)\\n"', f.read())
    if not m:
        sys.exit(f'{path}: no Language header')
    return m.group(1)


def run(command, env):
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, timeout=60)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--localedir', required=True)
    parser.add_argument('--po', required=True)
    parser.add_argument('--source', default=None,
                        help='only messages referenced from files starting with this path')
    parser.add_argument('command', nargs='+')
    args = parser.parse_args()

    lang = language_of(args.po)
    mo = os.path.join(args.localedir, lang, 'LC_MESSAGES', 'moderato.mo')
    if not os.path.isfile(mo):
        sys.exit(f'{mo} is missing: the catalogue was not built')

    entries = read_po(args.po)
    if args.source:
        entries = [e for e in entries if any(r.startswith(args.source) for r in e[2])]
    if not entries:
        sys.exit(f'{args.po}: no translated messages from {args.source or "any file"}')

    env = {k: v for k, v in os.environ.items()
           if not k.startswith('LC_') and k not in ('LANG', 'LANGUAGE', 'MODERATO_LOCALEDIR')}
    env['LC_ALL'] = 'C.UTF-8'
    status_c, english = run(args.command, env)
    env['LANGUAGE'] = lang
    env['MODERATO_LOCALEDIR'] = os.path.abspath(args.localedir)
    status_l, translated = run(args.command, env)

    print(f'# untranslated run (exit {status_c}):\n{english}')
    print(f'# LANGUAGE={lang} run (exit {status_l}):\n{translated}')

    # The first line of each message, as a pattern in which printf conversions match anything.
    hits = []
    for msgid, msgstr, _ in entries:
        first_id = msgid.strip().splitlines()[0].strip() if msgid.strip() else ''
        first_str = msgstr.strip().splitlines()[0].strip() if msgstr.strip() else ''
        if len(literal_part(first_id)) < 4 or len(literal_part(first_str)) < 4:
            continue
        id_re, str_re = pattern(first_id), pattern(first_str)
        if id_re.search(english) and str_re.search(translated) and not str_re.search(english):
            hits.append((first_id, first_str))
    if not hits:
        print(f'FAIL: no message of {args.po} printed by the untranslated run came out in {lang}',
              file=sys.stderr)
        return 1
    for msgid, msgstr in hits:
        print(f'translated: {msgid!r} -> {msgstr!r}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
