#!/usr/bin/env python3
"""Run PyVRP on the OPTW/TOPTW benchmark instances, writing the same JSONL as `wenlv bench optw`.

The TOPTW as a prize-collecting VRP: every customer is an optional client whose prize is its
score; m identical vehicles (one per tour) leave the depot no earlier than its opening and must
be back by its latest time; client windows bound the *start* of service (PyVRP's convention and
the benchmark's). Travel time = distance, Euclidean truncated per leg (1 decimal for Solomon
sets, 2 for pr01-pr10), all scaled to integers exactly as the Rust reader does.

Objective: prize = score x 1000, distance cost 1 per unit. A strictly lexicographic weighting
(prize x 10^6) makes PyVRP's penalty adaptation fail (rc101 ends infeasible); prize x 1 or zero
distance cost gives clearly worse scores (tried on c101, rc101, pr09 at 1 s). With x1000 a
vertex is worth more than any detour it causes on these instances, so the objective is the
score. The score written is recomputed from the visited vertices.

Usage: python3 bench/pyvrp_optw.py --time-limit 1 --m 1,2,3,4 --seeds 1,2,3 \
           --out runs/x/pyvrp.jsonl optw/solomon100 optw/cordeau
"""

import argparse
import json
import math
import sys
import time
from decimal import Decimal
from pathlib import Path

from pyvrp import Model
from pyvrp.stop import MaxRuntime

PRIZE_SCALE = 1000
DISTANCE_COST = 1


def decimals_for(name: str) -> int:
    return 2 if name.lower().startswith("pr") else 1


def parse(path: Path):
    """Vertex lines are lines with >= 9 tokens: i x y d S f a [list] O C."""
    name = path.stem
    k = decimals_for(name)
    scale = 10**k
    rows = []
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        toks = line.split()
        if len(toks) < 9:
            continue
        if int(toks[0]) != len(rows):
            sys.exit(f"{path}, line {lineno}: vertex id {toks[0]}, expected {len(rows)}")
        rows.append(toks)
    xy = [(Decimal(t[1]), Decimal(t[2])) for t in rows]
    coord_dec = max(max(-x.as_tuple().exponent, -y.as_tuple().exponent) for x, y in xy)
    unit = 10**coord_dec
    pts = [(int(x * unit), int(y * unit)) for x, y in xy]

    def scaled(tok):
        v = Decimal(tok) * scale
        if v != v.to_integral_value():
            sys.exit(f"{path}: {tok} has more decimals than the distance precision")
        return int(v)

    verts = []
    for t in rows:
        verts.append(
            dict(service=scaled(t[3]), score=int(Decimal(t[4])), open=scaled(t[-2]), close=scaled(t[-1]))
        )
    n = len(rows)
    dist = [[0] * n for _ in range(n)]
    for a in range(n):
        for b in range(n):
            dx, dy = pts[a][0] - pts[b][0], pts[a][1] - pts[b][1]
            # floor(scale * sqrt(N) / unit) == isqrt(N * scale^2) // unit, exactly.
            dist[a][b] = math.isqrt((dx * dx + dy * dy) * scale * scale) // unit
    return name, verts, dist


def is_client(activity):
    c = activity.is_client
    return c() if callable(c) else c


def solve(verts, dist, m, seed, time_limit):
    model = Model()
    locs = [model.add_location(0, 0) for _ in verts]
    depot = model.add_depot(locs[0], tw_early=verts[0]["open"], tw_late=verts[0]["close"])
    model.add_vehicle_type(
        num_available=m,
        start_depot=depot,
        end_depot=depot,
        tw_early=verts[0]["open"],
        tw_late=verts[0]["close"],
        unit_distance_cost=DISTANCE_COST,
    )
    client_ids = []  # PyVRP client index (after the one depot) -> our vertex id
    for i, v in enumerate(verts[1:], 1):
        if v["open"] > v["close"]:
            continue
        client_ids.append(i)
        model.add_client(
            locs[i],
            service_duration=v["service"],
            tw_early=v["open"],
            tw_late=v["close"],
            prize=v["score"] * PRIZE_SCALE,
            required=False,
        )
    n = len(verts)
    for a in range(n):
        for b in range(n):
            if a != b:
                model.add_edge(locs[a], locs[b], distance=dist[a][b], duration=dist[a][b])
    start = time.perf_counter()
    res = model.solve(stop=MaxRuntime(time_limit), seed=seed, display=False)
    seconds = time.perf_counter() - start
    best = res.best
    if not best.is_feasible():
        return 0, [], seconds
    tours = [[client_ids[a.idx] for a in r if is_client(a)] for r in best.routes()]
    score = sum(verts[c]["score"] for t in tours for c in t)
    return score, tours, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time-limit", type=float, default=1.0)
    ap.add_argument("--m", default="1,2,3,4")
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--out", required=True)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--prize-scale", type=int, default=1000)
    ap.add_argument("--distance-cost", type=int, default=1)
    a = ap.parse_args()
    global PRIZE_SCALE, DISTANCE_COST
    PRIZE_SCALE, DISTANCE_COST = a.prize_scale, a.distance_cost
    files = []
    for p in map(Path, a.paths):
        files += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    ms = [int(x) for x in a.m.split(",")]
    seeds = [int(x) for x in a.seeds.split(",")]
    total = len(files) * len(ms) * len(seeds)
    done = 0
    with open(a.out, "w") as out:
        for f in files:
            name, verts, dist = parse(f)
            for m in ms:
                for seed in seeds:
                    score, tours, seconds = solve(verts, dist, m, seed, a.time_limit)
                    rec = dict(instance=name, m=m, seed=seed, time_limit_s=a.time_limit,
                               seconds=round(seconds, 4), score=score, tours=tours)
                    out.write(json.dumps(rec) + "\n")
                    out.flush()
                    done += 1
                    print(f"[{done}/{total}] {name} m={m} seed={seed}: {score}", file=sys.stderr)


if __name__ == "__main__":
    main()
