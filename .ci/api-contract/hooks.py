"""Schemathesis hooks of .ci/api-contract.sh.

Place ids are data: the schema can only give their shape (`PlaceId`: a pattern). So that
schema-valid bodies of createQuotes, planItinerary and checkItinerary name places that exist and
reach the planner and the quote engine (not only the id check), the run narrows `PlaceId` to the
ids of the server's catalogue, read from `GET /api/places` of the server under test
(`WENLV_URL`). Negative cases still send ids outside that list and must be refused.
"""

import json
import os
import urllib.request

import schemathesis


@schemathesis.hook
def before_load_schema(context, raw_schema):
    base = os.environ["WENLV_URL"]
    with urllib.request.urlopen(f"{base}/api/places?limit=500", timeout=30) as answer:
        ids = [place["id"] for place in json.load(answer)["items"]]
    if not ids:
        raise RuntimeError(f"{base}/api/places lists no places: is the demo data loaded?")
    raw_schema["components"]["schemas"]["PlaceId"]["enum"] = ids
