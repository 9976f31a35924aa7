"""What the interchange app does on the cases app's events: an erasure drops the published data
file, which may quote the erased name, once the erasure commits (docs/erasure.md)."""

import pytest

from cases.models import Case
from privacy import erasure
from tests.factories import CaseFactory, PartyFactory, ProceedingFactory, ProceedingPartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(settings, tmp_path):
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"
    case = CaseFactory(publication=Case.Publication.PUBLISHED)
    party = PartyFactory(natural_person=True, name="Odile Vasseur")
    ProceedingPartyFactory(proceeding=ProceedingFactory(case=case), party=party)
    return party


def published_files(settings) -> list[str]:
    return sorted(p.name for p in settings.PUBLIC_DATA_DIR.glob("caselaw-public-*"))


def test_an_erasure_drops_the_published_data_file_once_committed(
    client, settings, person, django_capture_on_commit_callbacks
):
    assert client.get("/en/data/").status_code == 200
    before = published_files(settings)
    assert len(before) == 2  # the file and its meta
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        erasure.erase_person(party=person)
    assert published_files(settings) == before  # not before the erasure commits
    for callback in callbacks:
        callback()
    assert published_files(settings) == []


def test_a_dry_run_keeps_the_published_data_file(
    client, settings, person, django_capture_on_commit_callbacks
):
    assert client.get("/en/data/").status_code == 200
    before = published_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_person(party=person, dry_run=True)
    assert published_files(settings) == before
