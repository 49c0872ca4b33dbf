#!/usr/bin/env python3
"""Checks the dossier as data that a build wrote: dossier.json against its
JSON Schema (docs/dossier.schema.json), and the CSV tables under data/ as
pandas, Datasette or a spreadsheet would read them: each parses with
Python's csv module, has the header the reference gives, every foreign key
resolves, and each table holds what dossier.json holds.

    python3 .ci/exports.py SITE_DIR docs/dossier.schema.json

Called by .ci/gates.sh; needs python3-jsonschema (Debian).
"""
import csv
import json
import sys
from pathlib import Path

import jsonschema

site, schema_file = Path(sys.argv[1]), Path(sys.argv[2])
problems = []


def problem(msg):
    problems.append(msg)


data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
schema = json.loads(schema_file.read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
for e in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
    problem(f"dossier.json: {'/'.join(map(str, e.path))}: {e.message}")


def read(name):
    # newline="" is what the csv module asks for: quoted fields may hold
    # line breaks.
    with open(site / "data" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    if not rows:
        problem(f"data/{name}: empty, not even a header")
        return [], []
    header, body = rows[0], rows[1:]
    for i, r in enumerate(body, 2):
        if len(r) != len(header):
            problem(f"data/{name}:{i}: {len(r)} fields; the header has {len(header)}")
    return header, [dict(zip(header, r)) for r in body]


tables = {}
want = {
    "articles.csv": ["slug", "title", "title_basis", "date", "date_basis", "source", "source_url", "author", "summary", "url"],
    "entities.csv": ["id", "kind", "slug", "name", "aliases", "role", "company", "headquarters", "website", "url"],
    "article_entities.csv": ["article", "entity"],
    "annotations.csv": ["id", "article", "number", "kind", "passage", "note", "speaker", "speaker_inferred", "about", "claim",
                        "original_url", "url"],
    "claims.csv": ["slug", "title", "summary", "unit", "measure", "verdict", "status", "comparison", "appearances", "url"],
    "claim_appearances.csv": ["claim", "annotation", "article", "value", "value_inferred", "unit", "period", "period_inferred",
                              "measure", "according_to"],
}
for name, header in want.items():
    got, rows = read(name)
    if got != header:
        problem(f"data/{name}: header {got}; want {header}")
    tables[name] = rows

keys = {
    "articles": {r["slug"] for r in tables["articles.csv"]},
    "entities": {r["id"] for r in tables["entities.csv"]},
    "annotations": {r["id"] for r in tables["annotations.csv"]},
    "claims": {r["slug"] for r in tables["claims.csv"]},
}
for what, name, col in [("articles", "articles.csv", "slug"), ("entities", "entities.csv", "id"),
                        ("annotations", "annotations.csv", "id"), ("claims", "claims.csv", "slug")]:
    if len(keys[what]) != len(tables[name]):
        problem(f"data/{name}: {col} is not unique")

# Foreign keys: (table, column, the table its values are keys of, whether
# the cell is a "; "-separated list, whether it may be empty).
foreign = [
    ("entities.csv", "company", "entities", False, True),
    ("article_entities.csv", "article", "articles", False, False),
    ("article_entities.csv", "entity", "entities", False, False),
    ("annotations.csv", "article", "articles", False, False),
    ("annotations.csv", "speaker", "entities", False, True),
    ("annotations.csv", "about", "entities", True, True),
    ("annotations.csv", "claim", "claims", False, True),
    ("claim_appearances.csv", "claim", "claims", False, False),
    ("claim_appearances.csv", "annotation", "annotations", False, False),
    ("claim_appearances.csv", "article", "articles", False, False),
]
resolved = 0
for name, col, target, is_list, optional in foreign:
    for i, r in enumerate(tables[name], 2):
        cell = r.get(col, "")
        values = [v for v in cell.split("; ")] if is_list and cell else ([cell] if cell else [])
        if not values and not optional:
            problem(f"data/{name}:{i}: {col} is empty")
        for v in values:
            if v not in keys[target]:
                problem(f"data/{name}:{i}: {col} {v!r} is not a key of {target}")
            resolved += 1

# The tables hold what dossier.json holds.
counts = [
    ("articles.csv", len(data["articles"])), ("entities.csv", len(data["entities"])),
    ("article_entities.csv", len(data["mentions"])), ("annotations.csv", len(data["annotations"])),
    ("claims.csv", len(data["claims"])),
    ("claim_appearances.csv", sum(len(c["appearances"]) for c in data["claims"])),
]
for name, n in counts:
    if len(tables[name]) != n:
        problem(f"data/{name}: {len(tables[name])} rows; dossier.json has {n}")
for r, a in zip(tables["annotations.csv"], data["annotations"]):
    for col in ("id", "article", "kind", "passage", "note"):
        if r[col] != a.get(col, ""):
            problem(f"data/annotations.csv: {r['id']}: {col} {r[col]!r}; dossier.json has {a.get(col)!r}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"dossier.json valid against {schema_file}; {len(tables)} CSV tables, "
      f"{sum(len(t) for t in tables.values())} rows, {resolved} foreign keys resolved")
