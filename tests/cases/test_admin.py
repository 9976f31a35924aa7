"""The admin as editors use it: every page of every registered model loads, and saves go
through the services (identifier checks, publication, hearing history, ruling slugs)."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, Hearing, HearingChange, Party, Ruling, RulingNumber
from tests import factories
from tests.cases.helpers import REGISTERED, admin_url, make_instance
from tests.formdata import posted_data

# Every page loads -------------------------------------------------------------------------


def test_the_admin_is_served_at_the_configured_admin_url():
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"


def test_the_admin_configuration_passes_the_system_checks():
    call_command("check", "--fail-level", "WARNING", verbosity=0)


@pytest.mark.django_db
def test_the_admin_index_loads(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_the_changelist_loads_with_a_row_and_with_a_search(admin_client, admin_user, model):
    make_instance(model, admin_user)
    url = admin_url(model, "changelist")

    response = admin_client.get(url)
    searched = admin_client.get(url, {"q": "x"})

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert searched.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_the_add_page_loads_unless_adding_is_refused(admin_client, admin_user, rf, model):
    request = rf.get("/")
    request.user = admin_user
    can_add = admin.site._registry[model].has_add_permission(request)

    response = admin_client.get(admin_url(model, "add"))

    if can_add:
        assert response.status_code == 200
    else:
        # History, lockout, delivery and source-sync records are written by the system,
        # never typed in.
        assert model is HearingChange or model._meta.app_label in {"axes", "alerts", "sources"}
        assert model._meta.label != "sources.SavedQuery"
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_the_change_page_loads(admin_client, admin_user, model):
    instance = make_instance(model, admin_user)

    response = admin_client.get(admin_url(model, "change", instance.pk))

    assert response.status_code == 200
    assert response.context["original"] == instance


# Rulings ----------------------------------------------------------------------------------


@pytest.fixture
def ruling_add_data(admin_client):
    """The ruling add form, filled in for Schrems II, with one case number in the inline."""
    court = factories.CourtFactory(cjeu=True)
    data = posted_data(admin_client.get(admin_url(Ruling, "add")))
    data.update(
        {
            "court": str(court.pk),
            "kind": Ruling.Kind.JUDGMENT,
            "decided_on": "2020-07-16",
            "ecli": "ECLI:EU:C:2020:559",
            "short_name": "Schrems II",
            "title_en": "Data Protection Commissioner v Facebook Ireland and Schrems",
            "numbers-0-number": "C-311/18",
        }
    )
    return data


@pytest.mark.django_db
def test_the_ruling_add_form_names_the_wrong_part_of_a_malformed_ecli(
    admin_client, ruling_add_data
):
    ruling_add_data["ecli"] = "ECLI:E1:C:2020:559"

    response = admin_client.post(admin_url(Ruling, "add"), ruling_add_data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["ecli"]
    assert "country" in errors["ecli"][0]
    assert not Ruling.objects.exists()
    assert not RulingNumber.objects.exists()


@pytest.mark.django_db
def test_adding_a_ruling_normalises_the_inline_case_number_and_builds_the_slug_from_it(
    admin_client, ruling_add_data
):
    ruling_add_data["numbers-0-number"] = "c\u2011311/18"
    ruling_add_data["ecli"] = "ecli:eu:c:2020:559"

    response = admin_client.post(admin_url(Ruling, "add"), ruling_add_data)

    assert response.status_code == 302
    ruling = Ruling.objects.get()
    assert list(ruling.numbers.values_list("number", flat=True)) == ["C-311/18"]
    assert ruling.slug == "cjue-2020-07-16-c-311-18"
    assert ruling.ecli == "ECLI:EU:C:2020:559"


# Cases ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("publish", Case.Publication.DRAFT, Case.Publication.PUBLISHED),
        ("submit_for_review", Case.Publication.DRAFT, Case.Publication.REVIEW),
        ("archive", Case.Publication.PUBLISHED, Case.Publication.ARCHIVED),
        ("unpublish", Case.Publication.PUBLISHED, Case.Publication.DRAFT),
    ],
)
def test_a_publication_action_changes_the_selected_cases_only(admin_client, action, before, after):
    selected = factories.CaseFactory.create_batch(2, publication=before)
    other = factories.CaseFactory(publication=before)

    response = admin_client.post(
        admin_url(Case, "changelist"),
        {"action": action, "_selected_action": [case.pk for case in selected]},
    )

    assert response.status_code == 302
    assert {c.publication for c in Case.objects.filter(pk__in=[c.pk for c in selected])} == {after}
    other.refresh_from_db()
    assert other.publication == before


@pytest.mark.django_db
def test_the_case_form_logs_a_status_change_with_the_date_and_note_given(admin_client, admin_user):
    case = factories.CaseFactory(status=Case.Status.AWAITING_DECISION)
    data = posted_data(admin_client.get(admin_url(Case, "change", case.pk)))
    data.update(status=Case.Status.DECIDED, status_changed_on="2021-03-12", status_note="Rejet.")

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    assert response.status_code == 302
    entry = case.status_changes.get()
    assert (entry.from_status, entry.to_status) == ("awaiting_decision", "decided")
    assert (entry.changed_on, entry.note, entry.changed_by) == (
        dt.date(2021, 3, 12),
        "Rejet.",
        admin_user,
    )


@pytest.mark.django_db
def test_adding_a_case_builds_its_slug_and_logs_its_first_status(admin_client, admin_user):
    data = posted_data(admin_client.get(admin_url(Case, "add")))
    data.update(
        title_fr="Doctolib / AWS",
        status=Case.Status.FILED,
        status_changed_on="2021-02-26",
        publication=Case.Publication.DRAFT,
    )

    response = admin_client.post(admin_url(Case, "add"), data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.slug == "doctolib-aws"
    entry = case.status_changes.get()
    assert (entry.to_status, entry.changed_on, entry.changed_by) == (
        "filed",
        dt.date(2021, 2, 26),
        admin_user,
    )


@pytest.mark.django_db
def test_changing_a_case_slug_in_the_admin_keeps_the_old_one_as_an_alias(admin_client):
    case = factories.CaseFactory(slug="doctolib")
    data = posted_data(admin_client.get(admin_url(Case, "change", case.pk)))
    data["slug"] = "doctolib-aws"

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.slug == "doctolib-aws"
    assert list(case.slug_aliases.values_list("slug", flat=True)) == ["doctolib"]


# Hearings ---------------------------------------------------------------------------------


@pytest.fixture
def hearing():
    return factories.HearingFactory(date=dt.date(2021, 3, 5), start_time=dt.time(10, 30))


@pytest.mark.django_db
def test_moving_a_hearing_in_its_admin_page_records_the_change_with_its_reason(
    admin_client, admin_user, hearing
):
    url = admin_url(Hearing, "change", hearing.pk)
    data = posted_data(admin_client.get(url))
    data.update(date="2021-03-08", change_reason="Renvoi à la demande du ministère.")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    change = HearingChange.objects.get(hearing=hearing)
    assert (change.old_date, change.new_date) == (dt.date(2021, 3, 5), dt.date(2021, 3, 8))
    assert change.reason == "Renvoi à la demande du ministère."
    assert change.changed_by == admin_user
    hearing.refresh_from_db()
    assert (hearing.date, hearing.sequence) == (dt.date(2021, 3, 8), 1)


@pytest.mark.django_db
def test_editing_a_hearing_place_in_its_admin_page_records_no_change(admin_client, hearing):
    url = admin_url(Hearing, "change", hearing.pk)
    data = posted_data(admin_client.get(url))
    data.update(location="Salle du contentieux", change_reason="Nouvelle salle.")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    hearing.refresh_from_db()
    assert (hearing.location, hearing.sequence) == ("Salle du contentieux", 0)
    assert not HearingChange.objects.exists()


@pytest.mark.django_db
def test_moving_a_hearing_in_the_proceeding_inline_records_the_change_with_its_reason(
    admin_client, hearing
):
    url = admin_url(type(hearing.proceeding), "change", hearing.proceeding.pk)
    data = posted_data(admin_client.get(url))
    data.update({"hearings-0-start_time": "14:30", "hearings-0-change_reason": "Horaire modifié."})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    change = HearingChange.objects.get(hearing=hearing)
    assert (change.old_start_time, change.new_start_time) == (dt.time(10, 30), dt.time(14, 30))
    assert change.reason == "Horaire modifié."


@pytest.mark.django_db
def test_adding_a_hearing_in_the_admin_records_it_as_set(admin_client, admin_user):
    proceeding = factories.ProceedingFactory()
    data = posted_data(admin_client.get(admin_url(Hearing, "add")))
    data.update(
        proceeding=str(proceeding.pk),
        date="2021-03-08",
        start_time="10:30",
        status=Hearing.Status.SCHEDULED,
    )

    response = admin_client.post(admin_url(Hearing, "add"), data)

    assert response.status_code == 302
    change = HearingChange.objects.get()
    assert (change.old_date, change.new_date, change.new_start_time) == (
        None,
        dt.date(2021, 3, 8),
        dt.time(10, 30),
    )
    assert change.changed_by == admin_user
    assert Hearing.objects.get().sequence == 0


@pytest.mark.django_db
def test_a_natural_person_added_in_the_admin_gets_a_slug_without_their_name(admin_client):
    data = posted_data(admin_client.get(admin_url(Party, "add")))
    data.update(name="Camille Durand", slug="camille-durand", kind=Party.Kind.NATURAL_PERSON)

    response = admin_client.post(admin_url(Party, "add"), data)

    assert response.status_code == 302
    person = Party.objects.get()
    assert person.slug == f"person-{person.uid.hex[:8]}"
