"""The rules the case pages show come from the models, not from the templates: which statuses
end the litigation (cases.choices.CONCLUDED_STATUSES), the archived mark, and how a court
writes its case numbers (Proceeding.display_number)."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases.choices import CONCLUDED_STATUSES
from cases.models import Case
from tests.factories import CaseFactory, CourtFactory, HearingFactory, ProceedingFactory

CONCLUDED = "No further step is announced."
PENDING = "No date announced yet."


def page(client, case: Case, language: str = "en") -> str:
    with translation.override(language):
        path = reverse("case_detail", kwargs={"slug": case.slug})
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_decided_closed_and_withdrawn_cases_are_the_concluded_ones():
    assert {str(status) for status in CONCLUDED_STATUSES} == {"decided", "closed", "withdrawn"}


@pytest.mark.django_db
@pytest.mark.parametrize("status", Case.Status.values)
def test_a_case_without_a_next_step_says_whether_its_litigation_has_ended(client, status):
    case = CaseFactory(status=status)

    text = page(client, case)

    concluded = status in CONCLUDED_STATUSES
    assert case.is_concluded is concluded
    assert (CONCLUDED in text) is concluded
    assert (PENDING in text) is not concluded


@pytest.mark.django_db
def test_an_archived_case_is_marked_archived_and_a_published_one_is_not(client):
    archived, published = CaseFactory(archived=True), CaseFactory()

    assert archived.is_archived and not published.is_archived
    assert "· archived" in page(client, archived)
    assert "· archived" not in page(client, published)


@pytest.mark.django_db
def test_case_numbers_are_written_as_their_court_writes_them(client):
    case = CaseFactory()
    french = ProceedingFactory(case=case, court=CourtFactory(conseil_detat=True), number="450163")
    european = ProceedingFactory(case=case, court=CourtFactory(cjeu=True), number="C-311/18")
    HearingFactory(proceeding=french)

    assert french.display_number == "n° 450163"
    assert european.display_number == "C-311/18"
    text = page(client, case, "fr")
    assert "n° 450163" in text
    assert "C-311/18" in text
    assert "n° C-311/18" not in text
    with translation.override("fr"):
        hearings = client.get(reverse("hearing_calendar") + "?when=past").content.decode()
    assert "CE</a> n° 450163" in hearings
