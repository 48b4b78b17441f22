#!/usr/bin/env python3
"""Derives places.csv (the product format) from research/places.csv.

Run once; the output was then reviewed by hand and is the product's truth. Hours, prices,
notes and the Chinese descriptions are curated per place below, because free text cannot be
turned into rules mechanically without inventing facts.

Usage: python3 derive_places.py > places.csv
"""
import csv
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from derive_curated import C  # noqa: E402  (hand-reviewed hours, prices, notes)
from derive_zh import ZH  # noqa: E402  (Chinese renderings of the sourced descriptions)

COLUMNS = [
    "id", "name_zh", "name_en", "description_zh", "description_en", "category", "a_level",
    "district", "lat", "lon", "position_note", "visit_minutes", "themes", "opening_hours",
    "last_admission_minutes", "hours_note", "price_peak", "price_off", "price_note", "sources",
]


def money(text):
    text = text.strip()
    if not text:
        return ""
    whole, _, frac = text.partition(".")
    return f"{int(whole)}.{(frac + '00')[:2]}"


def main():
    rows = list(csv.DictReader(open(HERE / "research" / "places.csv", encoding="utf-8")))
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    for r in rows:
        c = C[r["id"]]
        notes = r["notes"].split(" | ")
        desc = notes[0][len("desc: "):] if notes[0].startswith("desc: ") else ""
        rest = " | ".join(notes[1:] if notes[0].startswith("desc: ") else notes)
        if desc == "not verified.":
            desc = ""
        desc_en = desc[:1].upper() + desc[1:]
        has_pos = bool(r["lat_wgs84"])
        # Without a position, the research's words on where it is; with one, its caveat if any.
        position_note = c.get("pos", "") if has_pos else r["coord_note"]
        sources = r["sources"]
        if rest:
            sources += " | research notes: " + rest
        out.writerow({
            "id": r["id"],
            "name_zh": r["name_zh"],
            "name_en": r["name_en"],
            "description_zh": ZH[r["id"]],
            "description_en": desc_en,
            "category": r["category"],
            "a_level": r["a_level"],
            "district": r["district"],
            # Shortest round-trip form, as the product's CSV export writes floats.
            "lat": repr(float(r["lat_wgs84"])) if has_pos else "",
            "lon": repr(float(r["lon_wgs84"])) if has_pos else "",
            "position_note": position_note,
            "visit_minutes": "",
            "themes": r["themes"],
            "opening_hours": c.get("oh", ""),
            "last_admission_minutes": c.get("last", ""),
            "hours_note": c.get("hn", ""),
            "price_peak": money(r["ticket_cny_peak"]),
            "price_off": money(r["ticket_cny_off"]),
            "price_note": c.get("pn", ""),
            "sources": sources,
        })


if __name__ == "__main__":
    main()
