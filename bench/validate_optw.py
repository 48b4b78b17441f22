#!/usr/bin/env python3
"""Replay every tour of a benchmark JSONL file (ours or PyVRP's) under the benchmark's rules —
truncated distances, windows on the start of service, return by the depot's latest time, each
vertex at most once — and check the reported score. Exits non-zero on the first bad line.

Usage: python3 bench/validate_optw.py JSONL INSTANCE_FOLDER...
"""

import json
import sys
from pathlib import Path

from pyvrp_optw import parse


def main():
    jsonl, folders = sys.argv[1], [Path(p) for p in sys.argv[2:]]
    files = {f.stem: f for d in folders for f in d.glob("*.txt")}
    cache = {}
    count = 0
    for lineno, line in enumerate(open(jsonl), 1):
        r = json.loads(line)
        if r["instance"] not in cache:
            cache[r["instance"]] = parse(files[r["instance"]])
        _, verts, dist = cache[r["instance"]]
        where = f"{jsonl}, line {lineno} ({r['instance']} m={r['m']} seed={r['seed']})"
        if len(r["tours"]) > r["m"]:
            sys.exit(f"{where}: {len(r['tours'])} tours for m={r['m']}")
        seen, score = set(), 0
        for tour in r["tours"]:
            t, prev = verts[0]["open"], 0
            for v in tour:
                if v == 0 or v in seen:
                    sys.exit(f"{where}: vertex {v} repeated or the depot")
                seen.add(v)
                arrival = t + dist[prev][v]
                start = max(arrival, verts[v]["open"])
                if start > verts[v]["close"]:
                    sys.exit(f"{where}: vertex {v} starts at {start} after {verts[v]['close']}")
                t, prev = start + verts[v]["service"], v
                score += verts[v]["score"]
            if t + dist[prev][0] > verts[0]["close"]:
                sys.exit(f"{where}: returns at {t + dist[prev][0]} after {verts[0]['close']}")
        if score != r["score"]:
            sys.exit(f"{where}: reported score {r['score']}, tours give {score}")
        count += 1
    print(f"{jsonl}: {count} runs, all feasible, scores as reported")


if __name__ == "__main__":
    main()
