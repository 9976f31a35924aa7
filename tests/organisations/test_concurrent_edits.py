"""No silent overwrite: the second of two concurrent saves is refused, saying what changed
meanwhile (optimistic locking on a version number)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from cases import services
from cases.models import Case, Hearing, Proceeding, Ruling
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db


def test_the_second_of_two_case_saves_is_refused_with_what_changed(world):
    first = Case.objects.get(pk=world.a.case.pk)
    second = Case.objects.get(pk=world.a.case.pk)
    first.title_fr = "Titre de Alice"
    services.case_save(case=first, by=world.a.editor)
    second.summary_fr = "Résumé de Bob"
    with pytest.raises(services.ConcurrentEdit) as refused:
        services.case_save(case=second, by=world.a.publisher)
    assert any("Titre de Alice" in line for line in refused.value.changes)
    assert "editor_a" in refused.value.messages[0]
    stored = Case.objects.get(pk=world.a.case.pk)
    assert (stored.title_fr, stored.summary_fr) == ("Titre de Alice", "")
    assert stored.version == first.version == 2


def test_a_refused_save_leaves_the_callers_version_alone(world):
    stale = Case.objects.get(pk=world.a.case.pk)
    fresh = Case.objects.get(pk=world.a.case.pk)
    services.case_save(case=fresh)
    with pytest.raises(services.ConcurrentEdit):
        services.case_save(case=stale)
    assert stale.version == 1


@pytest.mark.parametrize("model", (Hearing, Ruling, Proceeding))
def test_the_other_save_services_refuse_stale_versions_too(world, model):
    name = model._meta.model_name
    stale = model.objects.get(pk=world.a.record(name).pk)
    fresh = model.objects.get(pk=stale.pk)
    save = {
        Hearing: lambda obj: services.hearing_save(hearing=obj),
        Ruling: lambda obj: services.ruling_save(ruling=obj),
        Proceeding: lambda obj: services.record_save(instance=obj),
    }[model]
    save(fresh)
    with pytest.raises(services.ConcurrentEdit):
        save(stale)


def test_a_workflow_move_does_not_overwrite_an_edit_and_bumps_the_version(world, english):
    editing = Case.objects.get(pk=world.a.case.pk)
    services.case_submit_for_review(case=world.a.case, by=world.a.editor)
    editing.title_fr = "Titre changé"
    with pytest.raises(services.ConcurrentEdit) as refused:
        services.case_save(case=editing, by=world.a.editor)
    assert any("in review" in line for line in refused.value.changes)


def test_the_admin_refuses_a_stale_form_and_shows_what_changed_meanwhile(client, world):
    url = reverse("admin:cases_case_change", args=[world.a.case.pk])
    client.force_login(world.a.editor)
    stale = posted_data(client.get(url))

    meanwhile = Case.objects.get(pk=world.a.case.pk)
    meanwhile.title_fr = "Titre du collègue"
    services.case_save(case=meanwhile, by=world.a.publisher)

    stale["summary_fr"] = "Mon résumé"
    response = client.post(url, stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "publisher_a" in body
    assert "Titre du collègue" in body
    assert "pas été enregistrées" in body
    stored = Case.objects.get(pk=world.a.case.pk)
    assert (stored.title_fr, stored.summary_fr) == ("Titre du collègue", "")


def test_the_admin_refuses_a_stale_inline_row(client, world):
    url = reverse("admin:cases_proceeding_change", args=[world.a.proceeding.pk])
    client.force_login(world.a.editor)
    stale = posted_data(client.get(url))
    services.hearing_reschedule(
        hearing=Hearing.objects.get(pk=world.a.hearing.pk),
        date=world.a.hearing.date,
        start_time=None,
        reason="moved",
        by=world.a.publisher,
    )
    prefix = next(key for key in stale if key.endswith("-0-location") and "hearings" in key)
    stale[prefix] = "Salle du contentieux"
    response = client.post(url, stale)
    assert response.status_code == 200
    assert Hearing.objects.get(pk=world.a.hearing.pk).location == ""


def test_an_unchanged_form_saves_and_a_fresh_form_after_refusal_goes_through(client, world):
    url = reverse("admin:cases_case_change", args=[world.a.case.pk])
    client.force_login(world.a.editor)
    data = posted_data(client.get(url))
    data["summary_fr"] = "Résumé"
    assert client.post(url, data).status_code == 302
    data = posted_data(client.get(url))
    data["summary_en"] = "Summary"
    assert client.post(url, data).status_code == 302
    stored = Case.objects.get(pk=world.a.case.pk)
    assert (stored.summary_fr, stored.summary_en, stored.version) == ("Résumé", "Summary", 3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_truly_simultaneous_saves_cannot_both_win(world):
    """Both editors read version 1 and save at the same moment: the row lock makes the second
    wait for the first, see version 2, and be refused."""
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(field, value):
        try:
            case = Case.objects.get(pk=world.a.case.pk)
            setattr(case, field, value)
            barrier.wait(timeout=10)
            services.case_save(case=case)
            outcomes.append("saved")
        except services.ConcurrentEdit:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=("title_fr", "Alice")),
        threading.Thread(target=edit, args=("summary_fr", "Bob")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    stored = Case.objects.get(pk=world.a.case.pk)
    assert stored.version == 2
    assert (stored.title_fr == "Alice") != (stored.summary_fr == "Bob")
