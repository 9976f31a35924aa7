"""The precedents a source lists (JADE's CITATION_JP, CELLAR's WORK_CITES_WORK, Judilibre's
rapprochements) become unverified citations when the cited decision is stored, found in the
source; otherwise they wait as "cited, not in the database" and are linked when it arrives
(docs/sources.md, "Cited precedents")."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from cases.models import Court, Ruling, RulingNumber
from citations.models import Citation, stats_of
from interchange.models import SourceRecord
from sources import precedents
from sources.models import UnresolvedCitation
from tests import factories
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

JADE = FIXTURES / "dila-jade"
TC_FILE = JADE / "CETATEXT000051918239.xml"  # TC C4347, cites "TC, 10 février 2025, n° 4333"
CE_FILE = JADE / "CETATEXT000054468101.xml"  # CE 508339, cites "CE, … 23 décembre 2013, n° 350075"


def sync_sources(*args):
    out = io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def provenance_of(citation):
    return SourceRecord.objects.get(object_id=citation.pk, content_type__model="citation")


def test_a_listed_precedent_already_stored_becomes_an_unverified_citation():
    # The Conseil d'État and its 2013 decision n° 350075 are stored (entered by a curator).
    court = Court.objects.create(
        name_fr="Conseil d'État",
        short_name_fr="CE",
        slug="ce",
        country="FR",
        ecli_code="CE",
        kind="administrative",
    )
    cited = factories.RulingFactory(
        court=court, kind="decision", decided_on=dt.date(2013, 12, 23), ecli=None, reference=True
    )
    RulingNumber.objects.create(ruling=cited, number="350075")

    out, code = sync_sources("dila-jade", "--from", str(CE_FILE))

    assert code == 0, out
    citing = Ruling.objects.get(ecli="ECLI:FR:CECHR:2026:508339.20260722")
    citation = Citation.objects.get(citing_ruling=citing, cited=cited)
    assert citation.origin == Citation.Origin.EXTRACTED
    assert citation.verified is False
    assert stats_of(Ruling.objects.get(pk=cited.pk)).count == 0  # not counted until verified
    found = provenance_of(citation)
    assert found.source == "dila-jade"
    assert "Uguen" in found.found_quote
    assert not UnresolvedCitation.objects.filter(citing=citing, key="CE n° 350075").exists()
    # Run again: the record is unchanged, nothing is written twice.
    out, code = sync_sources("dila-jade", "--from", str(CE_FILE))
    assert Citation.objects.filter(citing_ruling=citing, cited=cited).count() == 1


def test_a_precedent_not_stored_waits_and_is_linked_when_it_arrives(tmp_path):
    out, code = sync_sources("dila-jade", "--from", str(TC_FILE))
    assert code == 0, out
    citing = Ruling.objects.get(numbers__number="C4347")
    [waiting] = UnresolvedCitation.objects.filter(citing=citing)
    assert waiting.key == "TC n° 4333"
    assert waiting.found_in == "dila-jade"
    assert waiting.decided_on == dt.date(2025, 2, 10)
    assert "Ville de Paris" in waiting.text
    assert not Citation.objects.filter(citing_ruling=citing).exists()

    # The cited decision arrives: the real file, renumbered and redated by the test as the
    # decision n° 4333 of 10 February 2025 would be published.
    data = TC_FILE.read_text(encoding="utf-8")
    data = data.replace("CETATEXT000051918239", "CETATEXT000051000001")
    data = data.replace("<NUMERO>C4347</NUMERO>", "<NUMERO>C4333</NUMERO>")
    data = data.replace("<DATE_DEC>2025-07-07</DATE_DEC>", "<DATE_DEC>2025-02-10</DATE_DEC>")
    assert "C4333" in data and "2025-02-10</DATE_DEC>" in data
    (tmp_path / "CETATEXT000051000001.xml").write_text(data, encoding="utf-8")
    out, code = sync_sources("dila-jade", "--from", str(tmp_path))

    assert code == 0, out
    arrived = Ruling.objects.get(numbers__number="C4333")
    citation = Citation.objects.get(citing_ruling=citing, cited=arrived)
    assert citation.verified is False
    assert citation.origin == Citation.Origin.EXTRACTED
    assert provenance_of(citation).source == "dila-jade"
    assert not UnresolvedCitation.objects.filter(citing=citing).exists()


def test_cellar_cited_work_and_judilibre_rapprochement_are_kept_by_identifier(
    httpserver, monkeypatch, tmp_path
):
    monkeypatch.setenv("CELLAR_MIN_INTERVAL", "0")
    notice = (FIXTURES / "cjeu-cellar" / "celex_tree_62012FJ0157.xml").read_bytes()
    httpserver.expect_request("/62012FJ0157").respond_with_data(
        notice, content_type="application/xml"
    )
    out, code = sync_sources(
        "cjeu-cellar", "--from", httpserver.url_for("/"), "--query", "62012FJ0157"
    )
    assert code == 0, out
    [cellar] = UnresolvedCitation.objects.filter(found_in="cjeu-cellar")
    assert cellar.key == "ECLI:EU:F:2012:51"
    assert cellar.celex == "62011FJ0050"
    assert cellar.fragment == "N 34"
    assert precedents.fetchable(celex=cellar.celex) == ("cjeu-cellar", "62011FJ0050")

    decision = json.loads((FIXTURES / "judilibre" / "cc_sample_detail_unresolved.json").read_text())
    (tmp_path / "cc.json").write_text(json.dumps(decision))
    out, code = sync_sources("judilibre", "--from", str(tmp_path))
    assert code == 0, out
    [judilibre] = UnresolvedCitation.objects.filter(found_in="judilibre")
    assert judilibre.key == "JURITEXT000036780011"
    assert judilibre.number == "17-82.138"
    assert judilibre.url == "https://www.legifrance.gouv.fr/juri/id/JURITEXT000036780011"
    # A Légifrance id: no connector fetches it by identifier.
    assert precedents.fetchable(source_id=judilibre.source_id) is None
    assert precedents.fetchable(source_id="5fca277de35a255d41ca73ab") == (
        "judilibre",
        "5fca277de35a255d41ca73ab",
    )


def test_targets_from_what_the_sources_give():
    assert precedents.make_target(text="Rappr. 1986-06-23 Elkholti, p. 171.") is None
    target = precedents.make_target(ecli="ecli:eu:c:2020:559", celex="62018CJ0311")
    assert target.key == "ECLI:EU:C:2020:559"
    assert precedents.make_target(celex="62018cj0311").key == "CELEX 62018CJ0311"
    # One number, whatever its form, groups under one key for a court.
    assert precedents.make_target(court="TC", numbers=["04333"]).key == "TC n° 4333"
    assert precedents.make_target(court="TC", numbers=["4333"]).key == "TC n° 4333"
    # A bad ECLI is no key: the next identifier is.
    assert precedents.make_target(ecli="ECLI:XX", numbers=["350075"], court="CE").key == (
        "CE n° 350075"
    )


def test_an_ambiguous_number_resolves_to_nothing():
    court = Court.objects.create(
        name_fr="Conseil d'État", slug="ce", country="FR", ecli_code="CE", kind="administrative"
    )
    for kind in ("order", "decision"):
        ruling = factories.RulingFactory(
            court=court, kind=kind, decided_on=dt.date(2013, 12, 23), ecli=None, reference=True
        )
        RulingNumber.objects.create(ruling=ruling, number="350075")
    target = precedents.make_target(
        court="CE", numbers=["350075"], decided_on=dt.date(2013, 12, 23)
    )
    assert precedents.resolve(target) is None
