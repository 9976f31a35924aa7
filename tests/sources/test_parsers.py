"""Each parser on the real samples of tests/fixtures/sources/ (provenance in each SOURCE.md)."""

import datetime as dt
import json

import pytest

from sources.parsers import cellar, jade, judilibre, justice_administrative
from sources.xmlsafe import RecordError
from tests.sources.conftest import FIXTURES

JADE = FIXTURES / "dila-jade"
ADMIN = FIXTURES / "justice-administrative"
JUDILIBRE = FIXTURES / "judilibre"


def test_jade_recent_decision_with_ecli_and_cited_precedent():
    record = jade.parse_jade((JADE / "CETATEXT000054468101.xml").read_bytes())
    assert record.source == "dila-jade"
    assert record.source_id == "CETATEXT000054468101"
    assert record.court == "Conseil d'État"
    assert record.ecli == "ECLI:FR:CECHR:2026:508339.20260722"
    assert record.numbers == ("508339",)
    assert record.decided_on == dt.date(2026, 7, 22)
    assert record.formation == "9ème - 10ème chambres réunies"
    assert record.full_text.startswith("Vu la procédure suivante :\n")
    assert "<br/>" not in record.full_text
    assert "Mme B... A..." in record.full_text  # pseudonyms as published
    [cited] = record.cited
    assert cited.court == "CE"
    assert cited.numbers == ("350075",)
    assert cited.decided_on == dt.date(2013, 12, 23)  # "23 décembre 2013"
    assert record.urls == ("https://www.legifrance.gouv.fr/ceta/id/CETATEXT000054468101",)


def test_jade_old_decision_escaped_html_and_iso_date_in_citation():
    record = jade.parse_jade((JADE / "CETATEXT000008127525.xml").read_bytes())
    assert record.court == "Conseil d'Etat"  # spelled without accent, as published
    assert record.ecli == ""
    [cited] = record.cited
    assert cited.text == "Rappr. 1986-06-23 Elkholti, p. 171."  # &lt;br/&gt; gone
    assert cited.decided_on == dt.date(1986, 6, 23)


def test_jade_tribunal_des_conflits_number_kept_as_published():
    record = jade.parse_jade((JADE / "CETATEXT000051918239.xml").read_bytes())
    assert record.court == "Tribunal des Conflits"
    assert record.numbers == ("C4347",)
    [cited] = record.cited
    assert cited.court == "TC"
    assert cited.numbers == ("4333",)
    assert cited.decided_on == dt.date(2025, 2, 10)


def test_jade_no_citation():
    record = jade.parse_jade((JADE / "CETATEXT000007422869.xml").read_bytes())
    assert record.court == "Cour administrative d'appel de Versailles"
    assert record.numbers == ("04VE01914",)
    assert record.cited == ()


@pytest.mark.parametrize(
    ("numero", "expected"),
    [("174245 174246", ("174245", "174246")), ("93861 ! 94360", ("93861", "94360")), ("", ())],
)
def test_jade_numero_holding_several_numbers_or_none(numero, expected):
    data = (JADE / "CETATEXT000008127525.xml").read_bytes()
    data = data.replace(b"<NUMERO>229454</NUMERO>", f"<NUMERO>{numero}</NUMERO>".encode())
    assert jade.parse_jade(data).numbers == expected


def test_administrative_order_with_bom_and_crlf():
    data = (ADMIN / "ORCE_454160_20210728.xml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    record = justice_administrative.parse_decision(data, name="ORCE_454160_20210728.xml")
    assert record.source_id == "ORCE_454160_20210728.xml"
    assert record.court == "Section du Contentieux"  # trailing space gone
    assert record.court_code == "CE"
    assert record.ecli == "ECLI:FR:CESEC:2021:454160.20210728"
    assert record.numbers == ("454160",)
    assert record.kind == "Ordonnance"
    assert record.decided_on == dt.date(2021, 7, 28)
    assert record.formation == "Section du Contentieux"
    assert record.extra["procedure"] == "Rectif. d'erreur matérielle"
    assert "\r" not in record.full_text
    assert "M. A B demande" in record.full_text


def test_administrative_tribunal_order_with_br_and_empty_audience():
    data = (ADMIN / "ORTA_2520143_20251205.xml").read_bytes()
    record = justice_administrative.parse_decision(data, name="ORTA_2520143_20251205.xml")
    assert record.court == "Tribunal Administratif de Cergy-Pontoise"
    assert record.court_code == "TA95"
    assert record.ecli == ""
    assert record.formation == ""
    assert record.extra["outcome"] == "Désistement"
    assert "Mme C... A... B..." in record.full_text
    assert record.full_text.startswith("Vu la procédure suivante :\n")


def test_administrative_empty_text_is_a_record_error():
    data = (ADMIN / "ORCE_454159_20210728.xml").read_bytes()
    start, end = data.index(b"<Texte_Integral>"), data.index(b"</Texte_Integral>")
    data = data[:start] + b"<Texte_Integral>" + data[end:]
    with pytest.raises(RecordError, match=r"ORCE_454159_20210728\.xml: empty Texte_Integral"):
        justice_administrative.parse_decision(data, name="x")


def test_judilibre_cour_de_cassation_decision():
    item = json.loads((JUDILIBRE / "cc_sample_detail_unresolved.json").read_text())
    record = judilibre.parse_decision(item)
    assert record.source_id == "5fca277de35a255d41ca73ab"
    assert record.court_code == "cc"
    assert record.ecli == "ECLI:FR:CCASS:2020:CO00740"
    assert record.numbers == ("19-19.463",)
    assert record.decided_on == dt.date(2020, 11, 18)
    assert record.formation == "fs"
    assert "Audience publique du 18 novembre 2020" in record.full_text
    assert record.cited[0].source_id == "JURITEXT000036780011"


def test_judilibre_list_items_number_as_a_list():
    listing = json.loads((JUDILIBRE / "cc_sample_list_excerpt.json").read_text())
    records = [judilibre.parse_decision(i) for i in judilibre.results(listing["unresolved"])]
    assert len(records) == 28
    assert all(r.numbers for r in records)
    assert all(isinstance(n, str) for r in records for n in r.numbers)


def test_judilibre_tribunal_de_commerce_without_ecli():
    item = json.loads((JUDILIBRE / "tcom_sample_detail_unresolved.json").read_text())
    record = judilibre.parse_decision(item)
    assert record.ecli == ""
    assert record.court_code == "tcom"
    assert "[A]" in record.full_text or "[B]" in record.full_text


def test_judilibre_malformed_item():
    with pytest.raises(RecordError, match="without id"):
        judilibre.parse_decision({"decision_date": "2020-01-01"})
    with pytest.raises(RecordError, match="no decision_date"):
        judilibre.parse_decision({"id": "abc", "decision_date": "not a date"})


def test_cellar_tree_notice():
    data = (FIXTURES / "cjeu-cellar" / "celex_tree_62012FJ0157.xml").read_bytes()
    record = cellar.parse_notice(data)
    assert record.source_id == record.celex == "62012FJ0157"
    assert record.ecli == "ECLI:EU:F:2014:164"
    assert record.numbers == ("F-157/12",)
    assert record.kind == "JUDG"
    assert record.decided_on == dt.date(2014, 6, 19)
    assert record.parties == ("BN", "Parlement européen")
    assert record.extra["procedure"] == "Staff cases - inadmissible"
    [cited] = record.cited
    assert (cited.celex, cited.ecli, cited.fragment) == ("62011FJ0050", "ECLI:EU:F:2012:51", "N 34")


def test_xml_with_entities_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<TEXTE_JURI_ADMIN>&b;</TEXTE_JURI_ADMIN>"
    )
    with pytest.raises(RecordError, match="refused XML"):
        jade.parse_jade(bomb)


def test_external_entity_is_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'
    with pytest.raises(RecordError, match="refused XML"):
        justice_administrative.parse_decision(xxe, name="x.xml")


def test_record_over_the_size_limit_is_refused():
    with pytest.raises(RecordError, match="over the limit"):
        jade.parse_jade(b"<a>" + b"x" * (6 * 1024 * 1024) + b"</a>")


def test_not_well_formed():
    with pytest.raises(RecordError, match="not well-formed"):
        jade.parse_jade(b"<TEXTE_JURI_ADMIN><META>")
