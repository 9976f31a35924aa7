"""to_interchange: one record, one interchange document of one ruling, with its provenance when
the format holds it (version 2)."""

import datetime as dt
import json

import pytest

from interchange.conformance import conforms
from sources import adapter
from sources.parsers import cellar, jade, judilibre
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db
RETRIEVED = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def test_jade_record_as_one_ruling_conforming_to_the_schema():
    data = (FIXTURES / "dila-jade" / "CETATEXT000054468101.xml").read_bytes()
    document = adapter.to_interchange(jade.parse_jade(data, retrieved_at=RETRIEVED))
    assert conforms(document)
    [court] = document["courts"]
    assert (court["slug"], court["ecli_code"], court["country"]) == ("ce", "CE", "FR")
    [ruling] = document["rulings"]
    assert ruling["court"] == court["uid"]
    assert ruling["kind"] == "decision"
    assert ruling["ecli"] == "ECLI:FR:CECHR:2026:508339.20260722"
    assert ruling["numbers"] == ["508339"]
    assert ruling["source_url"].endswith("CETATEXT000054468101")


def test_court_uid_is_stable_and_a_stored_court_is_used_as_it_is():
    data = (FIXTURES / "dila-jade" / "CETATEXT000007422869.xml").read_bytes()
    record = jade.parse_jade(data)
    first = adapter.to_interchange(record)["courts"][0]
    assert first["slug"] == "caa-versailles"
    assert first == adapter.to_interchange(record)["courts"][0]
    assert adapter.to_interchange(record)["rulings"][0]["kind"] == "judgment"


def test_provenance_under_format_version_2(monkeypatch):
    monkeypatch.setattr(adapter, "PROVENANCE", True)
    data = (FIXTURES / "cjeu-cellar" / "celex_tree_62012FJ0157.xml").read_bytes()
    document = adapter.to_interchange(cellar.parse_notice(data, retrieved_at=RETRIEVED))
    [ruling] = document["rulings"]
    assert ruling["provenance"] == {
        "source": "cjeu-cellar",
        "source_id": "62012FJ0157",
        "urls": ["http://publications.europa.eu/resource/celex/62012FJ0157"],
        "retrieved_at": "2026-12-07T03:00:00+00:00",
        "verified": False,
        "note": "",
    }
    assert ruling["celex"] == "62012FJ0157"
    assert ruling["kind"] == "judgment"
    assert document["courts"][0]["slug"] == "tfpue"


def test_judilibre_kinds():
    item = json.loads((FIXTURES / "judilibre" / "cc_sample_detail_unresolved.json").read_text())
    assert adapter.kind_of(judilibre.parse_decision({**item, "type": "arret"})) == "judgment"
    assert adapter.kind_of(judilibre.parse_decision({**item, "type": "ordonnance"})) == "order"
    assert adapter.kind_of(judilibre.parse_decision(item)) == "decision"  # "other"
