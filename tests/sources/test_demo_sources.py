"""The demo's real Conseil d'État decisions arrive through the connectors (demo/sources/, the
code path of `sync_sources --from`): published as reference case law with their text and
metadata as published and their provenance, once however often load_demo runs."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from cases.models import Ruling
from interchange.models import SourceRecord
from sources.models import SyncRun, UnresolvedCitation

pytestmark = pytest.mark.django_db

EXPECTED = {
    "ECLI:FR:CEORD:2021:454156.20210713": ("justice-administrative", "ORCE_454156_20210713.xml"),
    "ECLI:FR:CEORD:2021:449513.20210610": ("justice-administrative", "ORCE_449513_20210610.xml"),
    "ECLI:FR:CECHR:2026:508339.20260722": ("dila-jade", "CETATEXT000054468101"),
}


def test_the_demo_holds_real_decisions_with_their_provenance(demo):
    for ecli, (source, source_id) in EXPECTED.items():
        ruling = Ruling.objects.get(ecli=ecli)
        assert ruling.court.slug == "ce"  # the demo's Conseil d'État, not a new court
        assert ruling.reference
        assert Ruling.objects.public().filter(pk=ruling.pk).exists()
        record = SourceRecord.objects.get(content_type__model="ruling", object_id=ruling.pk)
        assert (record.source, record.source_id) == (source, source_id)
        assert record.retrieved_at is not None
    # No ECLI in the 2002 JADE file: found by its number and date.
    old = Ruling.objects.get(numbers__number="229454", decided_on=dt.date(2002, 11, 15))
    assert SourceRecord.objects.get(object_id=old.pk, content_type__model="ruling").source_id == (
        "CETATEXT000008127525"
    )
    # The text as published, names as the source pseudonymised them.
    order = Ruling.objects.get(ecli="ECLI:FR:CEORD:2021:454156.20210713")
    assert "M. C A demande au juge des référés du Conseil d'Etat" in order.full_text
    assert order.kind == "order"
    # Each source's run is recorded as a sync's would be.
    assert set(SyncRun.objects.values_list("source", flat=True)) == {
        "justice-administrative",
        "dila-jade",
    }
    # The precedent the JADE file lists, not in the demo, waits for a curator.
    assert UnresolvedCitation.objects.filter(key="CE n° 350075", found_in="dila-jade").exists()


def test_the_demo_decisions_show_on_the_public_pages(demo):
    ruling = Ruling.objects.get(ecli="ECLI:FR:CECHR:2026:508339.20260722")
    client = Client()
    with translation.override("en"):
        page = client.get(ruling.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "508339" in body
    assert "https://www.legifrance.gouv.fr/ceta/id/CETATEXT000054468101" in body
