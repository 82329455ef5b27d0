#!/usr/bin/env python3
"""Check data/registry/product-sets.csv.

Usage: python3 check_product_sets.py [CSV] [QD26_TXT]

Structural checks always run. If the plain-text copy of Decision
26/2026/QD-TTg is available, every row is also compared with Phu luc I and
the set order with the 26-item list at the top of Phu luc II; name
differences against Phu luc II are printed (they are expected, see README).
"""
import csv, io, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CSV_PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "product-sets.csv")
TXT_PATH = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/reference/ocop-criteria/qd-26-2026-ttg.txt"
HEADER = ["set", "group_code", "group_vi", "group_en", "subgroup_no", "subgroup_vi",
          "subgroup_en", "name_vi", "name_en", "ministry_vi"]

errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

raw = open(CSV_PATH, "rb").read()
check(not raw.startswith(b"\xef\xbb\xbf"), "file starts with a BOM")
check(b"\r" not in raw, "file contains CR characters")
check(raw.endswith(b"\n"), "file does not end with a newline")
text = raw.decode("utf-8")
check(unicodedata.is_normalized("NFC", text), "file is not NFC")

rows = list(csv.reader(io.StringIO(text, newline="")))
check(rows[0] == HEADER, f"bad header {rows[0]}")
body = rows[1:]
check(len(body) == 26, f"expected 26 rows, got {len(body)}")

# Minimal RFC 4180 quoting: re-serialising must give the same bytes.
buf = io.StringIO()
csv.writer(buf, lineterminator="\n").writerows(rows)
check(buf.getvalue() == text, "file is not in canonical minimal-quoting form")

for r in body:
    check(len(r) == len(HEADER), f"row {r[:1]} has {len(r)} fields")
    for f in r:
        check(f == " ".join(f.split()) and f != "", f"row {r[0]}: empty/unnormalised whitespace in {f!r}")
        check(unicodedata.is_normalized("NFC", f), f"row {r[0]}: field not NFC: {f!r}")

check([r[0] for r in body] == [str(i) for i in range(1, 27)], "set column is not 1..26 in order")
groups = {}
subgroups = {}
for r in body:
    groups.setdefault(r[1], set()).add((r[2], r[3]))
    subgroups.setdefault(r[4], set()).add((r[1], r[5], r[6]))
check(list(groups) == ["I", "II", "III", "IV", "V", "VI"], f"groups {list(groups)}")
check(all(len(v) == 1 for v in groups.values()), "a group code has more than one name")
check(list(subgroups) == [str(i) for i in range(1, 18)], f"subgroups {list(subgroups)}")
check(all(len(v) == 1 for v in subgroups.values()), "a subgroup number has more than one name/group")
check(len({r[7] for r in body}) == 26, "name_vi values are not unique")
for code, names in groups.items():
    (vi, _), = names
    check(vi[0].isupper() and vi[1:] == vi[1:].lower(), f"group {code} not in sentence case: {vi}")

# Cross-check against the legal text, if present.
if os.path.exists(TXT_PATH):
    lines = open(TXT_PATH, encoding="utf-8").read().split("\n")
    a = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC I")
    b = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC II")
    c = next(i for i, l in enumerate(lines) if i > b and re.match(r"1\. Bộ sản phẩm:", l))
    def cells(lo, hi):
        return [" ".join(x.split()) for x in "\n".join(lines[lo:hi]).split(" | ")]
    pl1 = cells(a, b)
    pl1[-1] = pl1[-1].split("_____")[0].strip()           # drop footnote
    pl1 = pl1[pl1.index("Cơ quan chủ trì quản lý1") + 1:]  # drop title + header
    check(len(pl1) % 3 == 0, "Phu luc I table does not split into 3-cell rows")
    expect, grp, sub, n = [], None, None, 0
    for stt, name, ministry in zip(pl1[0::3], pl1[1::3], pl1[2::3]):
        if re.fullmatch(r"[IVX]+", stt):
            grp = (stt, name.lower())
        elif stt.isdigit():
            n += 1
            sub = (str(n), name.removeprefix("Nhóm: "))
            if ministry:
                expect.append((grp, sub, sub[1], ministry))
        else:
            expect.append((grp, sub, name.removeprefix("Phân nhóm: "), ministry))
    check(len(expect) == 26, f"Phu luc I yields {len(expect)} leaf rows")
    for r, (g, s, name, ministry) in zip(body, expect):
        got = ((r[1], r[2].lower()), (r[4], r[5]), r[7], r[9])
        check(got == (g, s, name, ministry), f"set {r[0]} differs from Phu luc I: {got} vs {(g, s, name, ministry)}")
    pl2 = cells(b, c)
    pl2 = pl2[pl2.index("Nội dung") + 1:]
    pl2 = [x.removeprefix("Bộ sản phẩm: ") for x in pl2[1::2]]
    check([x for x in pl2] and len(pl2) == 26, f"Phu luc II list has {len(pl2)} items")
    print("Differences between name_vi (Phu luc I) and the Phu luc II list:")
    for r, p in zip(body, pl2):
        if r[7] != p:
            print(f"  {r[0]:>2}: PL I {r[7]!r}  |  PL II {p!r}")
else:
    print(f"note: {TXT_PATH} not found; legal-text cross-check skipped")

if errors:
    print("FAIL"); print("\n".join("  " + e for e in errors)); sys.exit(1)
print(f"OK: {len(body)} sets, {len(subgroups)} subgroups, {len(groups)} groups, all NFC")
