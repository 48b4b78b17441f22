#!/usr/bin/env python3
"""Checks the Chinese notes of places.csv (position_note_zh, hours_note_zh, price_note_zh)
against the researchers' English notes they translate. Run: python3 data/xining/check_notes_zh.py

Checks:
 3. a Chinese note is non-empty iff its English note is non-empty;
 4. every digit sequence of an English note occurs in its translation at least as often
    (whole digit runs compared, so "1" is not satisfied by "10");
 5. reverse: every digit sequence in a translation comes from the English note, or from
    an ALLOWED transformation (listed below);
 6. no ASCII-only translation: each non-empty Chinese note contains CJK characters.
"""
import csv, re, sys
from collections import Counter

import pathlib

SRC = pathlib.Path(__file__).with_name("places.csv")
FIELDS = ["position_note", "hours_note", "price_note"]

# ALLOWED transformations (Chinese digits not present in the English text):
#  - English month names/abbreviations become month numbers: "Apr-Oct" -> "4月至10月",
#    "15 Apr" -> "4月15日", "1 May-31 Oct" -> "5月1日至10月31日".
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
MONTH_RE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b\.?")
#  - the unit "m2" is written 平方米 ("8,000 m2" -> "8,000平方米"): the "2" there is an
#    exponent, not a number, so it is removed from the English before comparing.
UNIT_RE = re.compile(r"(?<=\d)\s*m2\b")
# "May Day" is a holiday name (五一), not the month: it must not license a "5".
MAYDAY_RE = re.compile(r"\bMay Day\b")
DIGITS = re.compile(r"\d+")
CJK = re.compile(r"[\u3400-\u9fff]")


def month_numbers(en):
    text = MAYDAY_RE.sub("", en)
    return Counter(str(MONTHS[m.group(1).lower()]) for m in MONTH_RE.finditer(text))


def main():
    errors = []
    src = list(csv.DictReader(open(SRC, encoding="utf-8", newline="")))
    out = src
    n_notes = 0
    transformed = 0
    for s, o in zip(src, out):
        for f in FIELDS:
            en = s[f].strip()
            zh = (o.get(f + "_zh") or "").strip()
            where = f"{s['id']}.{f}"
            if bool(en) != bool(zh):
                errors.append(f"{where}: English {'non-empty' if en else 'empty'} but Chinese "
                              f"{'non-empty' if zh else 'empty'}")
                continue
            if not en:
                continue
            n_notes += 1
            if not CJK.search(zh):
                errors.append(f"{where}: translation has no CJK characters: {zh!r}")
            en_d = Counter(DIGITS.findall(UNIT_RE.sub(" 平方米", en)))
            zh_d = Counter(DIGITS.findall(zh))
            missing = en_d - zh_d
            if missing:
                errors.append(f"{where}: numbers missing from translation: {dict(missing)}")
            extra = zh_d - en_d - month_numbers(en)
            if extra:
                errors.append(f"{where}: numbers in translation not in English "
                              f"(and not from a month name): {dict(extra)}")
            if zh_d - en_d:
                transformed += 1
    print(f"places: {len(src)}; non-empty notes checked: {n_notes}")
    print(f"notes using the allowed month-name -> number transformation: {transformed}")
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK: all checks passed")


if __name__ == "__main__":
    main()
