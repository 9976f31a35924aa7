"""A synced ruling a curator deleted comes in again at the next sync: the provenance its
deletion left behind (a generic relation does not cascade) does not hold its source identifier."""

import io

import pytest
from django.core.management import call_command

from cases.models import Ruling
from interchange.models import SourceRecord
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

FILE = FIXTURES / "dila-jade" / "CETATEXT000054468101.xml"
ECLI = "ECLI:FR:CECHR:2026:508339.20260722"


def sync():
    out = io.StringIO()
    try:
        call_command("sync_sources", "dila-jade", "--from", str(FILE), stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def test_a_deleted_ruling_comes_in_again():
    assert sync()[1] == 0
    Ruling.objects.get(ecli=ECLI).delete()
    assert SourceRecord.objects.filter(source_id="CETATEXT000054468101").exists()  # left over

    out, code = sync()

    assert code == 0, out
    assert "1 created" in out
    ruling = Ruling.objects.get(ecli=ECLI)
    [record] = SourceRecord.objects.filter(source_id="CETATEXT000054468101")
    assert record.object_id == ruling.pk
