"""A proceeding may come from one in another case; while that case is unpublished, neither
the API nor the case page may reveal the parent proceeding."""

import pytest

from cases.models import Proceeding
from tests.factories import CaseFactory, ProceedingFactory, draft_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal_of_a_draft():
    hidden = ProceedingFactory(case=draft_case(), number="C-999/20")
    return ProceedingFactory(
        case=CaseFactory(), parent=hidden, origin=Proceeding.Origin.APPEAL, number="C-1000/21"
    )


@pytest.fixture
def appeal_of_a_public():
    public = ProceedingFactory(case=CaseFactory(), number="C-998/20")
    return ProceedingFactory(
        case=CaseFactory(), parent=public, origin=Proceeding.Origin.APPEAL, number="C-1001/21"
    )


def api_proceeding(client, proceeding) -> dict:
    data = client.get(f"/api/v1/cases/{proceeding.case.slug}/").json()
    return next(p for p in data["proceedings"] if p["uid"] == str(proceeding.uid))


def test_the_api_hides_a_parent_proceeding_of_a_draft_case(client, appeal_of_a_draft):
    assert api_proceeding(client, appeal_of_a_draft)["parent"] is None
    assert str(appeal_of_a_draft.parent.uid) not in client.get("/api/v1/cases/").content.decode()


def test_the_api_shows_a_parent_proceeding_of_a_public_case(client, appeal_of_a_public):
    assert api_proceeding(client, appeal_of_a_public)["parent"] == str(
        appeal_of_a_public.parent.uid
    )


def test_the_case_page_hides_the_number_of_a_draft_parent(client, appeal_of_a_draft):
    page = client.get(f"/en/cases/{appeal_of_a_draft.case.slug}/").content.decode()
    assert "C-1000/21" in page
    assert "C-999/20" not in page


def test_the_case_page_names_a_public_parent(client, appeal_of_a_public):
    page = client.get(f"/en/cases/{appeal_of_a_public.case.slug}/").content.decode()
    assert "C-998/20" in page
