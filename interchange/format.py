"""The casetracker interchange format: one JSON document with courts, topics, parties,
counsel, cases (with their proceedings, filings, hearings and histories), rulings, events and
citations, every record keyed by its permanent uid. docs/interchange.md describes it and
interchange/schema.json (also docs/schema/caselaw.schema.json) is its JSON Schema.

Plain constants and functions, no Django: scripts may import this module without set-up."""

import json
from functools import cache
from pathlib import Path

FORMAT = "casetracker-caselaw"
VERSION = 2
SCHEMA_PATH = Path(__file__).with_name("schema.json")


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def dumps(document: dict) -> str:
    """The canonical text of a document: stable key order, so that equal data gives an equal
    file (export → import → export is byte-identical)."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
