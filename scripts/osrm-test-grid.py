"""Writes the synthetic street grid the routing tests run on, as OpenStreetMap XML.

10 x 10 streets 100 m apart, south-west corner at 36.62 N 101.78 E. Node (i, j) is column i
(west to east) and row j (south to north). What the tests rely on:
- every street is `highway=residential` (cars and people), except
- columns 3 and 7 are `highway=footway` (people only);
- row 2 is one-way eastwards for cars (`oneway=yes`);
- a river runs between rows 4 and 5: only columns 0 and 9 cross it (bridges), so (4, 4) to
  (4, 5) is 100 m as the crow flies but 900 m along the streets;
- east of the grid, a small residential loop (the "enclave", columns 11-12, rows 0-2) is joined
  to the grid only by a footway from (9, 1) to (11, 1): reachable on foot, not by car.

Usage: python3 osrm-test-grid.py OUT.osm
"""

import math
import sys

LAT0, LON0, STEP_M = 36.62, 101.78, 100.0
DLAT = STEP_M / 111_320.0
DLON = STEP_M / (111_320.0 * math.cos(math.radians(LAT0)))
N = 10


def node_id(i, j):
    return 1 + j * 100 + i


def main(out):
    nodes = {}
    for j in range(N):
        for i in range(N):
            nodes[node_id(i, j)] = (LAT0 + j * DLAT, LON0 + i * DLON)
    enclave = [(11, 0), (12, 0), (12, 1), (12, 2), (11, 2), (11, 1)]
    for i, j in enclave:
        nodes[node_id(i, j)] = (LAT0 + j * DLAT, LON0 + i * DLON)

    ways = []
    for j in range(N):
        tags = {"highway": "residential", "name": f"Row {j}"}
        if j == 2:
            tags["oneway"] = "yes"
        ways.append(([node_id(i, j) for i in range(N)], tags))
    for i in range(N):
        highway = "footway" if i in (3, 7) else "residential"
        tags = {"highway": highway, "name": f"Column {i}"}
        if i in (0, N - 1):
            ways.append(([node_id(i, j) for j in range(N)], tags))
        else:
            ways.append(([node_id(i, j) for j in range(5)], tags))
            ways.append(([node_id(i, j) for j in range(5, N)], tags))
    loop = [node_id(i, j) for i, j in enclave] + [node_id(*enclave[0])]
    ways.append((loop, {"highway": "residential", "name": "Enclave loop"}))
    ways.append(([node_id(9, 1), node_id(11, 1)], {"highway": "footway", "name": "Enclave path"}))

    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="wenlv-tests">\n')
        for nid, (lat, lon) in sorted(nodes.items()):
            f.write(f'  <node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        for k, (refs, tags) in enumerate(ways, start=1):
            f.write(f'  <way id="{k}" version="1">\n')
            for r in refs:
                f.write(f'    <nd ref="{r}"/>\n')
            for key, value in tags.items():
                f.write(f'    <tag k="{key}" v="{value}"/>\n')
            f.write("  </way>\n")
        f.write("</osm>\n")


if __name__ == "__main__":
    main(sys.argv[1])
