"""Deleting or unpublishing never publishes anything.

A ruling of a deleted case's proceeding is detached (its proceeding emptied), and an event
whose cases are all deleted is left without case: neither becomes public case law by that.
Only a curator makes a record reference case law (`reference`). Each test acts through the
admin as the editor would (the delete confirmation posts `post=yes`), then reads every public
output as an anonymous visitor.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.models import Event, Ruling
from citations.services import citation_create
from tests import shared
from tests.factories import build_world
from tests.formdata import posted_data
from tests.security.outputs import SECRET_EVENT, SECRET_RULING, public_outputs


@pytest.fixture(autouse=True)
def _plain(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def build():
    world = build_world()
    # B's draft ruling and event carry text nobody outside B may read.
    ruling = world.b.ruling
    ruling.short_name = SECRET_RULING
    ruling.summary_fr = f"Résumé {SECRET_RULING}"
    ruling.title_fr = f"Ordonnance {SECRET_RULING}"
    services.ruling_save(ruling=ruling)
    event = world.b.event
    event.title_fr = f"Fait {SECRET_EVENT}"
    services.record_save(instance=event)
    # A's case is public, so that the public outputs hold something.
    services.case_set_publication(cases=[world.a.case], publication="published")
    return world


world_once = shared.module_fixture(build, name="world_once")


@pytest.fixture
def world(world_once, request):
    return shared.fresh(world_once, request, build)


def assert_nothing_leaks(world, ruling: Ruling, event: Event | None = None):
    client = Client()
    for name, body in public_outputs(client, world).items():
        # The search page repeats the query: there, look for what only a result would show.
        markers = [ruling.slug, f"Ordonnance {SECRET_RULING}", f"Résumé {SECRET_RULING}"]
        if "search" not in name:
            markers.append(SECRET_RULING)
            markers += [SECRET_EVENT] if event is not None else []
        elif event is not None:
            markers.append(f"Fait {SECRET_EVENT}")
        for marker in markers:
            assert marker not in body, (name, marker)
    for lang in ("fr", "en"):
        with translation.override(lang):
            assert client.get(ruling.get_absolute_url()).status_code == 404
            graph = reverse("ruling_graph_json", kwargs={"slug": ruling.slug})
            assert client.get(graph).status_code == 404
    assert client.get(f"/api/v1/rulings/{ruling.slug}/").status_code == 404
    assert client.get(f"/ecli/{ruling.ecli}/").status_code == 404 if ruling.ecli else True
    if event is not None:
        events = client.get("/api/v1/events/").json()
        rows = events["results"] if isinstance(events, dict) else events
        assert all(SECRET_EVENT not in str(row) for row in rows)


def delete_through_admin(client: Client, model_name: str, obj) -> None:
    url = reverse(f"admin:cases_{model_name}_delete", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    # The confirmation form holds the CSRF token (not checked by the test client) and post=yes.
    assert 'name="post" value="yes"' in page.content.decode()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, response.content[:2000]


def test_editor_deleting_a_draft_case_publishes_neither_its_ruling_nor_its_event(world):
    b = world.b
    assert_nothing_leaks(world, b.ruling, b.event)  # draft: hidden before

    client = Client()
    client.force_login(b.editor)
    delete_through_admin(client, "case", b.case)

    ruling = Ruling.objects.get(pk=b.ruling.pk)  # kept for a curator to decide on
    assert ruling.proceeding_id is None
    assert not ruling.reference
    assert not Event.objects.get(pk=b.event.pk).cases.exists()
    assert_nothing_leaks(world, ruling, b.event)


def test_editor_deleting_a_draft_proceeding_publishes_nothing(world):
    b = world.b
    client = Client()
    client.force_login(b.editor)
    delete_through_admin(client, "proceeding", b.proceeding)
    ruling = Ruling.objects.get(pk=b.ruling.pk)
    assert ruling.proceeding_id is None
    assert_nothing_leaks(world, ruling)


def test_the_draft_citation_of_a_deleted_case_leaves_no_trace_on_the_cited_ruling(world):
    b = world.b
    reference = world.reference_ruling
    client = Client()
    client.force_login(b.editor)
    delete_through_admin(client, "case", b.case)
    with translation.override("fr"):
        page = Client().get(reference.get_absolute_url()).content.decode()
    assert SECRET_RULING not in page
    assert b.ruling.slug not in page


def test_an_orphaned_ruling_is_seen_in_the_admin_by_curators_only(world):
    b = world.b
    client = Client()
    client.force_login(b.editor)
    delete_through_admin(client, "case", b.case)
    url = reverse("admin:cases_ruling_change", args=[b.ruling.pk])
    for user in (world.a.editor, world.a.publisher, b.editor, b.publisher):
        viewer = Client()
        viewer.force_login(user)
        assert viewer.get(url).status_code in (302, 403, 404), user
        listing = viewer.get(reverse("admin:cases_ruling_changelist")).content.decode()
        assert SECRET_RULING not in listing, user
    curator = Client()
    curator.force_login(world.curator)
    assert curator.get(url).status_code == 200


def test_a_curator_makes_an_orphaned_ruling_reference_case_law(world):
    b = world.b
    services.record_delete(instance=b.case, by=b.publisher)
    curator = Client()
    curator.force_login(world.curator)
    url = reverse("admin:cases_ruling_change", args=[b.ruling.pk])
    page = curator.get(url)
    data = posted_data(page)
    assert "reference" not in data  # unchecked until the curator ticks it
    data["reference"] = "on"
    response = curator.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    assert Ruling.objects.get(pk=b.ruling.pk).reference
    with translation.override("fr"):
        assert Client().get(b.ruling.get_absolute_url()).status_code == 200


def test_an_editor_cannot_make_a_ruling_reference_case_law(world):
    client = Client()
    client.force_login(world.a.editor)
    url = reverse("admin:cases_ruling_change", args=[world.a.ruling.pk])
    page = client.get(url)
    assert 'name="reference"' not in page.content.decode()
    data = posted_data(page)
    data["reference"] = "on"
    data["proceeding"] = ""
    client.post(url, data)
    ruling = Ruling.objects.get(pk=world.a.ruling.pk)
    assert not ruling.reference


def test_unpublishing_a_case_hides_its_ruling_and_event(world):
    a = world.a
    services.case_set_publication(cases=[a.case], publication="draft")
    with translation.override("fr"):
        assert Client().get(a.ruling.get_absolute_url()).status_code == 404
    assert all(
        row["slug"] != a.ruling.slug for row in Client().get("/api/v1/rulings/").json()["results"]
    )


def test_an_event_of_a_public_and_a_deleted_case_stays_public_for_the_public_case(world):
    a, b = world.a, world.b
    event = Event.objects.create(occurred_on=dt.date(2021, 1, 1), title_fr="Fait partagé")
    event.cases.set([a.case, b.case])
    services.record_delete(instance=b.case, by=b.publisher)
    body = Client().get("/api/v1/events/").content.decode()
    assert "Fait partagé" in body
    services.record_delete(instance=a.case, by=a.publisher)
    body = Client().get("/api/v1/events/").content.decode()
    assert "Fait partagé" not in body


def test_reference_case_law_stays_public_when_a_case_citing_it_is_deleted(world):
    reference = world.reference_ruling
    services.record_delete(instance=world.a.case, by=world.a.publisher)
    with translation.override("fr"):
        assert Client().get(reference.get_absolute_url()).status_code == 200


def test_a_citation_from_a_draft_ruling_is_not_revealed_by_a_deletion(world):
    b = world.b
    # B's draft ruling cites A's public ruling: after the delete it must not appear as citing.
    citation_create(citing=b.ruling, cited=world.a.ruling)
    services.record_delete(instance=b.case, by=b.publisher)
    with translation.override("fr"):
        page = Client().get(world.a.ruling.get_absolute_url()).content.decode()
    assert SECRET_RULING not in page


# The delete confirmation -------------------------------------------------------------------


def test_the_delete_confirmation_lists_the_rulings_and_events_that_go_with_the_case(world):
    b = world.b
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the explanation quoted is English
    client.force_login(b.editor)
    page = client.get(reverse("admin:cases_case_delete", args=[b.case.pk])).content.decode()
    # Deleted with it (Django's cascade), and kept unpublished (detached): both are listed.
    assert str(b.proceeding) in page
    assert str(b.status_update)[:20] in page
    assert SECRET_RULING in page
    assert SECRET_EVENT in page
    assert "curator" in page


def test_the_delete_confirmation_names_no_foreign_draft(world):
    a, b = world.a, world.b
    # A's public ruling is cited by B's draft ruling, and an event joins both cases.
    citation_create(citing=b.ruling, cited=a.ruling)
    shared = Event.objects.create(occurred_on=dt.date(2021, 1, 1), title_fr="Fait commun")
    shared.cases.set([a.case, b.case])
    client = Client()
    client.force_login(a.publisher)
    for url in (
        reverse("admin:cases_ruling_delete", args=[a.ruling.pk]),
        reverse("admin:cases_case_delete", args=[a.case.pk]),
    ):
        page = client.get(url).content.decode()
        assert SECRET_RULING not in page, url
        assert b.ruling.slug not in page, url
        assert reverse("admin:cases_ruling_change", args=[b.ruling.pk]) not in page, url
        assert "Fait commun" not in page, url
    # A's publisher may not delete B's citation: the ruling it cites stays.
    url = reverse("admin:cases_ruling_delete", args=[a.ruling.pk])
    response = client.post(url, {"post": "yes"})
    assert Ruling.objects.filter(pk=a.ruling.pk).exists(), response.status_code


# Deleting to unpublish needs a publisher -------------------------------------------------


@pytest.mark.parametrize("model_name", ["case", "proceeding", "ruling"])
def test_an_editor_cannot_delete_what_a_published_case_shows(world, model_name):
    a = world.a  # A's case is published
    obj = {"case": a.case, "proceeding": a.proceeding, "ruling": a.ruling}[model_name]
    client = Client()
    client.force_login(a.editor)
    url = reverse(f"admin:cases_{model_name}_delete", args=[obj.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code in (403, 200)  # refused, or the page saying what is missing
    assert type(obj).objects.filter(pk=obj.pk).exists()
    with pytest.raises(PermissionDenied):
        services.record_delete(instance=obj, by=a.editor)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    # A publisher of the organisation may.
    publisher = Client()
    publisher.force_login(a.publisher)
    page = publisher.get(url)
    assert page.status_code == 200
    assert publisher.post(url, {"post": "yes"}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_an_editor_cannot_bulk_delete_a_published_case(world):
    a = world.a
    client = Client()
    client.force_login(a.editor)
    url = reverse("admin:cases_case_changelist")
    data = {"action": "delete_selected", "_selected_action": [a.case.pk], "post": "yes"}
    client.post(url, data)
    assert type(a.case).objects.filter(pk=a.case.pk).exists()


def test_an_editor_cannot_delete_a_published_cases_proceeding_from_the_case_form(world):
    a = world.a
    client = Client()
    client.force_login(a.editor)
    url = reverse("admin:cases_case_change", args=[a.case.pk])
    page = client.get(url)
    data = posted_data(page)
    deletes = [name for name in data if name.startswith("proceedings-0-") and "DELETE" in name]
    assert not deletes  # no delete box offered
    data["proceedings-0-DELETE"] = "on"
    client.post(url, data)
    assert type(a.proceeding).objects.filter(pk=a.proceeding.pk).exists()


def test_an_editor_still_deletes_a_draft_case_and_edits_rows_of_a_published_one(world):
    a, b = world.a, world.b
    services.record_delete(instance=a.filing, by=a.editor)  # a row of a published case
    services.record_delete(instance=b.ruling, by=b.editor)
    services.record_delete(instance=b.case, by=b.editor)


def test_a_curator_previews_a_detached_ruling_its_former_editor_does_not(world):
    b = world.b
    services.record_delete(instance=b.case, by=b.editor)
    with translation.override("fr"):
        url = b.ruling.get_absolute_url()
    curator = Client()
    curator.force_login(world.curator)
    assert curator.get(url).status_code == 200
    editor = Client()
    editor.force_login(b.editor)
    assert editor.get(url).status_code == 404


def test_curators_find_the_rulings_waiting_for_their_decision(world):
    b = world.b
    services.record_delete(instance=b.case, by=b.editor)
    curator = Client()
    curator.force_login(world.curator)
    url = reverse("admin:cases_ruling_changelist") + "?standing=detached"
    listing = curator.get(url).content.decode()
    assert SECRET_RULING in listing
    assert reverse("admin:cases_ruling_change", args=[b.ruling.pk]) in listing
    assert reverse("admin:cases_ruling_change", args=[world.a.ruling.pk]) not in listing
    reference = curator.get(reverse("admin:cases_ruling_changelist") + "?standing=reference")
    assert SECRET_RULING not in reference.content.decode()


def test_an_editor_cannot_publish_text_through_a_reference_event_tied_to_their_draft(world):
    b = world.b
    event = Event.objects.create(occurred_on=dt.date(2021, 1, 1), title_fr="Loi", reference=True)
    event.cases.set([b.case])
    client = Client()
    client.force_login(b.editor)
    url = reverse("admin:cases_event_change", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200  # shown, as public data is
    assert 'name="title_fr"' not in page.content.decode()  # but read-only
    client.post(url, {**posted_data(page), "title_fr": f"Loi {SECRET_EVENT}"})
    assert Event.objects.get(pk=event.pk).title_fr == "Loi"
