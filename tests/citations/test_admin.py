"""The "extract citations" admin action on rulings and filings."""

import pytest
from django.urls import reverse

from cases.models import Filing, Ruling
from citations.models import Citation
from tests.citations.helpers import DOCTOLIB_EXCERPT

pytestmark = pytest.mark.django_db


def test_extracting_from_a_ruling_proposes_unverified_citations_and_lists_unresolved(
    demo, admin_client
):
    doctolib = Ruling.objects.get(short_name="Doctolib")
    doctolib.full_text = DOCTOLIB_EXCERPT + " CE, Ass., 21 avr. 2021, n° 393099."
    doctolib.save()
    Citation.objects.filter(citing_ruling=doctolib).delete()
    response = admin_client.post(
        reverse("admin:cases_ruling_changelist"),
        {"action": "extract_citations", "_selected_action": [doctolib.pk]},
    )
    assert response.status_code == 200
    created = Citation.objects.filter(citing_ruling=doctolib)
    assert {c.cited.short_name for c in created} == {"Schrems II", "Health Data Hub"}
    assert all(c.origin == "extracted" and not c.verified for c in created)
    body = response.content.decode()
    assert "393099" in body  # unresolved, listed so the ruling can be added


def test_extracting_twice_changes_nothing(demo, admin_client):
    doctolib = Ruling.objects.get(short_name="Doctolib")
    doctolib.full_text = DOCTOLIB_EXCERPT
    doctolib.save()
    data = {"action": "extract_citations", "_selected_action": [doctolib.pk]}
    admin_client.post(reverse("admin:cases_ruling_changelist"), data)
    count = Citation.objects.count()
    admin_client.post(reverse("admin:cases_ruling_changelist"), data)
    assert Citation.objects.count() == count


def test_extracting_from_a_filing(demo, admin_client):
    filing = Filing.objects.first()
    filing.full_text = "Les requérants invoquent l'arrêt C-311/18 et l'ECLI:EU:C:2015:650."
    filing.save()
    admin_client.post(
        reverse("admin:cases_filing_changelist"),
        {"action": "extract_citations", "_selected_action": [filing.pk]},
    )
    assert {c.cited.short_name for c in Citation.objects.filter(citing_filing=filing)} == {
        "Schrems II",
        "Schrems I",
    }
