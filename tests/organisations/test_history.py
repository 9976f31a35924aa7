"""Full history: who changed what and when, a readable diff in the admin, restore of any
earlier version, deleted records included, within the editor's organisation."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Filing, Hearing, Proceeding, Ruling, StatusUpdate
from citations.models import Citation
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", (Case, Proceeding, Filing, Hearing, Ruling, StatusUpdate, Citation)
)
def test_every_tracked_model_keeps_a_history_from_creation(world, model):
    name = model._meta.model_name
    obj = world.a.record(name)
    assert obj.history.filter(history_type="+").exists()


def test_history_names_who_changed_what(world):
    case = Case.objects.get(pk=world.a.case.pk)
    case.title_en = "Secret case A"
    services.case_save(case=case, by=world.a.editor)
    latest, previous = case.history.all()[:2]
    assert latest.history_user == world.a.editor
    delta = latest.diff_against(previous)
    assert "title_en" in delta.changed_fields


def test_admin_history_shows_a_readable_diff(client, world):
    case = Case.objects.get(pk=world.a.case.pk)
    case.title_en = "Secret case A"
    services.case_save(case=case, by=world.a.editor)
    client.force_login(world.a.publisher)
    page = client.get(reverse("admin:cases_case_history", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Secret case A" in body
    assert "editor_a" in body


def test_an_earlier_version_is_restored_from_the_admin(client, world):
    case = Case.objects.get(pk=world.a.case.pk)
    original = case.history.earliest("history_date")
    case.title_fr = "Titre abîmé"
    services.case_save(case=case, by=world.a.editor)
    client.force_login(world.a.editor)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, original.history_id])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, posted_data(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    restored = Case.objects.get(pk=case.pk)
    assert restored.title_fr == "Affaire secrète A"
    assert restored.version == case.version + 1
    assert restored.history.first().history_user == world.a.editor


def test_restoring_a_version_does_not_move_the_case_through_the_workflow(client, world):
    case = world.a.case
    first = Case.objects.get(pk=case.pk).history.earliest("history_date")
    services.case_publish(case=case, by=world.a.publisher)
    client.force_login(world.a.editor)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, first.history_id])
    client.post(url, posted_data(client.get(url)))
    assert Case.objects.get(pk=case.pk).publication == Case.Publication.PUBLISHED


def test_a_deleted_filing_is_listed_and_restored_by_its_organisation_only(client, world):
    filing = world.a.filing
    pk = filing.pk
    services.record_delete(instance=filing, by=world.a.editor)
    assert not Filing.objects.filter(pk=pk).exists()

    deleted_url = reverse("admin:cases_filing_deleted")
    client.force_login(world.b.editor)
    assert all(row["record"].id != pk for row in client.get(deleted_url).context["rows"])
    assert client.get(reverse("admin:cases_filing_history", args=[pk])).status_code == 403

    client.force_login(world.a.editor)
    rows = client.get(deleted_url).context["rows"]
    assert [row["record"].id for row in rows] == [pk]
    history = client.get(reverse("admin:cases_filing_history", args=[pk]))
    assert history.status_code == 200
    last_version = (
        Filing.history.filter(id=pk, history_type="~").first()
        or Filing.history.filter(id=pk, history_type="+").first()
    )
    url = reverse("admin:cases_filing_simple_history", args=[pk, last_version.history_id])
    response = client.post(url, posted_data(client.get(url)))
    assert response.status_code == 302
    restored = Filing.objects.get(pk=pk)
    assert restored.summary_fr == "Req a"
    assert restored.proceeding == world.a.proceeding


def test_another_organisation_cannot_restore_a_deleted_record(client, world):
    update = world.a.status_update
    pk = update.pk
    services.record_delete(instance=update, by=world.a.editor)
    record = StatusUpdate.history.filter(id=pk, history_type="+").first()
    client.force_login(world.b.publisher)
    url = reverse("admin:cases_statusupdate_simple_history", args=[pk, record.history_id])
    assert client.post(url, {"case": world.a.case.pk, "posted_on": "2021-03-08"}).status_code == 403
    assert not StatusUpdate.objects.filter(pk=pk).exists()


def test_reference_case_law_history_can_be_read_but_not_reverted_by_editors(client, world):
    ruling = world.reference_ruling
    record = ruling.history.first()
    client.force_login(world.a.editor)
    url = reverse("admin:cases_ruling_simple_history", args=[ruling.pk, record.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"short_name": "x"}).status_code == 403
