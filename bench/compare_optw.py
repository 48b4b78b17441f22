#!/usr/bin/env python3
"""Side-by-side table of two benchmark runs (JSONL from `wenlv bench optw` and
`bench/pyvrp_optw.py`): per set and m, the average gap of the median score to the best-known
score for each, and on how many instance x m pairs ours is >= the other's (medians over seeds).

Usage: python3 bench/compare_optw.py --bks bench/optw/bks.csv ours.jsonl pyvrp.jsonl
"""

import argparse
import csv
import json
import statistics
from collections import defaultdict


def medians(path):
    scores = defaultdict(list)
    for line in open(path):
        if line.strip():
            r = json.loads(line)
            scores[(r["instance"], r["m"])].append(r["score"])
    return {k: statistics.median(v) for k, v in scores.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bks", required=True)
    ap.add_argument("--names", default="ours,pyvrp")
    ap.add_argument("ours")
    ap.add_argument("other")
    a = ap.parse_args()
    n1, n2 = a.names.split(",")
    bks = {}
    for row in csv.DictReader(open(a.bks)):
        bks[(row["instance"], int(row["m"]))] = (row["set"], int(row["bks_score"]), "proven" in row["source"])
    ours, other = medians(a.ours), medians(a.other)
    rows = defaultdict(lambda: dict(n=0, g1=0.0, g2=0.0, ge=0, gt=0, lt=0))
    for key in sorted(set(ours) & set(other)):
        if key not in bks:
            continue
        s, b, _ = bks[key]
        for group in [(s, key[1]), (s, "all"), ("all", "all")]:
            r = rows[group]
            r["n"] += 1
            r["g1"] += 100 * (b - ours[key]) / b
            r["g2"] += 100 * (b - other[key]) / b
            r["ge"] += ours[key] >= other[key]
            r["gt"] += ours[key] > other[key]
            r["lt"] += ours[key] < other[key]
    print(f"| set | m | pairs | {n1} gap % | {n2} gap % | {n1} ≥ {n2} | {n1} > {n2} | {n1} < {n2} |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    order = sorted(rows, key=lambda k: (k[0] == "all", k[0], k[1] == "all", str(k[1])))
    for s, m in order:
        r = rows[(s, m)]
        n = r["n"]
        print(f"| {s} | {m} | {n} | {r['g1'] / n:.2f} | {r['g2'] / n:.2f} | "
              f"{r['ge']} ({100 * r['ge'] / n:.0f}%) | {r['gt']} | {r['lt']} |")


if __name__ == "__main__":
    main()
