#!/usr/bin/env python3
"""Checks rubric set files against docs/rubric-format.md (a quick check for
people editing the data; `ocop` validates the same rules at start).

usage: data/rubrics/check_rubric.py data/rubrics/qd-26-2026/set-01.json [...]
"""
import json
import os
import sys
import unicodedata

def nfc(s):
    return unicodedata.normalize('NFC', s) == s

def check(path):
    errors = []
    def err(where, msg):
        errors.append(f"{path}: {where}: {msg}")
    try:
        doc = json.load(open(path, encoding='utf-8'))
    except Exception as e:  # noqa: BLE001
        return [f"{path}: not valid JSON: {e}"]
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    rubric_path = os.path.join(os.path.dirname(path), 'rubric.json')
    parts_expected = {'A': 40, 'B': 25, 'C': 35}
    if os.path.exists(rubric_path):
        parts_expected = json.load(open(rubric_path, encoding='utf-8'))['parts']
    if doc.get('rubric') != folder:
        err('rubric', f"is {doc.get('rubric')!r}, the folder is {folder!r}")
    name = os.path.basename(path)
    if name != f"set-{doc.get('set', 0):02d}.json":
        err('set', f"{doc.get('set')!r} does not match the file name {name}")
    for key in ('name_vi', 'name_en'):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            err(key, 'missing')
    ids = set()
    def text(where, obj, key, required=True):
        v = obj.get(key)
        if v is None:
            if required:
                err(where, f"{key} missing")
            return
        if not isinstance(v, str) or not v.strip():
            err(where, f"{key} must be non-empty text")
        elif not nfc(v):
            err(where, f"{key} is not NFC")
        elif '□' in v or v.rstrip().endswith('*'):
            err(where, f"{key} still has a box or stars: {v[:40]!r}")
    for i, d in enumerate(doc.get('disqualifiers', [])):
        text(f"disqualifiers[{i}]", d, 'text_vi')
        text(f"disqualifiers[{i}]", d, 'text_en')
    parts = doc.get('parts', [])
    expected = doc.get('part_maxima', parts_expected)
    if [p.get('id') for p in parts] != list(expected.keys()):
        err('parts', f"ids {[p.get('id') for p in parts]} expected {list(expected.keys())}")
    total = 0
    for p in parts:
        pw = f"part {p.get('id')}"
        text(pw, p, 'title_vi'); text(pw, p, 'title_en')
        if p.get('max') != expected.get(p.get('id')):
            err(pw, f"max {p.get('max')} expected {expected.get(p.get('id'))}")
        block_sum = 0
        for b in p.get('blocks', []):
            bw = f"{pw} block {b.get('id')}"
            text(bw, b, 'title_vi'); text(bw, b, 'title_en')
            if ('block', b.get('id')) in ids:
                err(bw, 'duplicate block id')
            ids.add(('block', b.get('id')))
            block_sum += b.get('max', 0)
            crit_sum = 0
            for c in b.get('criteria', []):
                cw = f"criterion {c.get('id')}"
                if not isinstance(c.get('id'), str) or not c['id']:
                    err(cw, 'id must be text like "1.1"')
                if ('crit', c.get('id')) in ids:
                    err(cw, 'duplicate criterion id')
                ids.add(('crit', c.get('id')))
                text(cw, c, 'title_vi'); text(cw, c, 'title_en')
                text(cw, c, 'note_vi', required=False)
                mx = c.get('max')
                if not isinstance(mx, (int, float)) or mx <= 0:
                    err(cw, f"max {mx!r} must be a positive number")
                    continue
                crit_sum += mx
                opts = c.get('options', [])
                if len(opts) < 1:
                    err(cw, 'no options')
                    continue
                best = 0
                for k, o in enumerate(opts, 1):
                    ow = f"{cw} option {k}"
                    text(ow, o, 'text_vi')
                    pts = o.get('points')
                    if not isinstance(pts, (int, float)) or pts < 0 or pts > mx:
                        err(ow, f"points {pts!r} outside 0..{mx}")
                    else:
                        best = max(best, pts)
                    if 'min_stars' in o and o['min_stars'] not in (3, 4, 5):
                        err(ow, f"min_stars {o['min_stars']!r} must be 3, 4 or 5")
                    extra = set(o) - {'points', 'text_vi', 'text_en', 'min_stars'}
                    if extra:
                        err(ow, f"unknown fields {sorted(extra)}")
                if best != mx:
                    err(cw, f"the best option gives {best}, the criterion's max is {mx}")
                total += best
                if c.get('yes_no') and (len(opts) != 2 or opts[0]['points'] != 0):
                    err(cw, 'yes_no needs exactly two options, "no" (0 points) first')
                if 'stop_rule' in c:
                    text(f"{cw} stop_rule", c['stop_rule'], 'text_vi')
                    text(f"{cw} stop_rule", c['stop_rule'], 'text_en')
                extra = set(c) - {'id', 'title_vi', 'title_en', 'max', 'note_vi', 'options', 'yes_no', 'stop_rule'}
                if extra:
                    err(cw, f"unknown fields {sorted(extra)}")
            if crit_sum != b.get('max'):
                err(bw, f"criteria sum to {crit_sum}, block max is {b.get('max')}")
        if block_sum != p.get('max'):
            err(pw, f"blocks sum to {block_sum}, part max is {p.get('max')}")
    if total != 100:
        err('total', f"{total} at the best options, expected 100")
    return errors

if __name__ == '__main__':
    all_errors = []
    for path in sys.argv[1:]:
        all_errors += check(path)
    for e in all_errors:
        print(e)
    print(f"{len(sys.argv) - 1} file(s), {len(all_errors)} error(s)")
    sys.exit(1 if all_errors else 0)
