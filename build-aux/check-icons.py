#!/usr/bin/env python3
# check-icons.py — lint the application icons in data/icons
#
# Copyright 2026 The Moderato authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The full-colour icon must be a square 128 px canvas; the symbolic one a 16 px canvas in one colour
# (GTK recolours it). Neither may hold raster images, text (fonts differ between systems), scripts
# or references to other files, so the icon looks the same everywhere it is drawn.

import argparse
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
XLINK_HREF = '{http://www.w3.org/1999/xlink}href'
COLOUR_ATTRS = ('fill', 'stroke', 'stop-color', 'color', 'flood-color', 'lighting-color')


def fail(errors, path, message):
    errors.append(f'{path}: {message}')


def colours(root):
    found = set()
    for el in root.iter():
        values = [el.get(a) for a in COLOUR_ATTRS]
        style = el.get('style') or ''
        for decl in style.split(';'):
            if ':' in decl:
                key, value = decl.split(':', 1)
                if key.strip() in COLOUR_ATTRS:
                    values.append(value)
        for v in values:
            if v is None:
                continue
            v = v.strip().lower()
            if v in ('none', 'currentcolor', 'inherit', ''):
                continue
            found.add(v)
    return found


def check(path, size, symbolic, errors):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        fail(errors, path, f'not well-formed SVG: {e}')
        return
    if root.tag != SVG + 'svg':
        fail(errors, path, f'root element is {root.tag}, not an SVG <svg>')
        return
    view_box = (root.get('viewBox') or '').split()
    if view_box != ['0', '0', str(size), str(size)]:
        fail(errors, path, f'viewBox is {root.get("viewBox")!r}, expected "0 0 {size} {size}"')
    for attr in ('width', 'height'):
        if root.get(attr) != str(size):
            fail(errors, path, f'{attr} is {root.get(attr)!r}, expected "{size}"')
    for el in root.iter():
        tag = el.tag.replace(SVG, '')
        if tag in ('image', 'text', 'script', 'foreignObject', 'use'):
            fail(errors, path, f'contains <{tag}>')
        href = el.get('href') or el.get(XLINK_HREF)
        if href is not None:
            fail(errors, path, f'<{tag}> refers to {href!r}')
    drawn = [el for el in root.iter() if el.tag.replace(SVG, '') in
             ('path', 'rect', 'circle', 'ellipse', 'polygon', 'polyline', 'line')]
    if not drawn:
        fail(errors, path, 'draws nothing')
    if symbolic:
        found = colours(root)
        plain = {c for c in found if not c.startswith('url(')}
        if len(plain) != 1 or len(found) != len(plain):
            fail(errors, path, f'a symbolic icon must use exactly one plain colour, uses {sorted(found)}')
        if root.find('.//' + SVG + 'linearGradient') is not None or \
           root.find('.//' + SVG + 'radialGradient') is not None:
            fail(errors, path, 'a symbolic icon must not use gradients')
    else:
        for c in colours(root):
            if not (c.startswith('url(#') or re.fullmatch(r'#[0-9a-f]{3}([0-9a-f]{3})?', c)):
                fail(errors, path, f'unexpected colour value {c!r}')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('icons_dir')
    args = parser.parse_args()

    base = args.icons_dir.rstrip('/') + '/hicolor'
    errors = []
    check(f'{base}/scalable/apps/{args.app_id}.svg', 128, False, errors)
    check(f'{base}/symbolic/apps/{args.app_id}-symbolic.svg', 16, True, errors)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print('icons OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
