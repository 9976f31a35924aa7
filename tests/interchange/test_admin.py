"""The admin's "Import a file" page (interchange/admin.py): the import command's all-or-nothing
import, limited to what the uploader may change, assigning the uploader's organisation."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import (
    Case,
    Court,
    Event,
)
from organisations.models import Membership, Organisation
from tests.factories import make_user
from tests.interchange.helpers import URL, document, problems, state, upload


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Admin pages over plain HTTP with unhashed static files, whatever DEBUG is."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def new_case(court: Court, **fields) -> dict:
    return {
        "uid": str(uuid.uuid4()),
        "title_fr": "Affaire importée",
        "status": "filed",
        "publication": "draft",
        "proceedings": [
            {
                "uid": str(uuid.uuid4()),
                "court": str(court.uid),
                "number": "470001",
                "procedure": "refere_liberte",
                "hearings": [
                    {"uid": str(uuid.uuid4()), "date": "2030-01-15", "status": "scheduled"}
                ],
            }
        ],
        **fields,
    }


def court_record(court: Court, **changes) -> dict:
    record = {
        "uid": str(court.uid),
        "slug": court.slug,
        "name_fr": court.name_fr,
        "name_en": court.name_en,
        "short_name_fr": court.short_name_fr,
        "short_name_en": court.short_name_en,
        "country": court.country,
        "ecli_code": court.ecli_code,
        "kind": court.kind,
    }
    return {**record, **changes}


def test_the_page_keeps_its_admin_url_and_the_cases_list_links_to_it(client, world):
    assert URL == "/admin/cases/case/import/"
    client.force_login(world.a.editor)
    changelist = client.get(reverse("admin:cases_case_changelist"))
    assert changelist.status_code == 200
    assert f'<a href="{URL}">' in changelist.content.decode()
    page = client.get(URL)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()


def test_editor_uploads_a_case_created_in_their_organisation(client, world):
    row = new_case(world.court)
    response = upload(client, world.a.editor, document(cases=[row]))
    assert response.status_code == 302, response.context and problems(response)
    case = Case.objects.get(uid=row["uid"])
    assert case.organisation == world.a.organisation
    assert case.proceedings.get().hearings.count() == 1
    # the history names the uploader
    assert case.history.latest().history_user == world.a.editor


def test_editor_may_repeat_reference_data_unchanged(client, world):
    row = new_case(world.court)
    response = upload(
        client, world.a.editor, document(courts=[court_record(world.court)], cases=[row])
    )
    assert response.status_code == 302
    assert Case.objects.filter(uid=row["uid"]).exists()


def test_a_file_touching_another_organisations_case_is_refused_and_nothing_written(client, world):
    before = state()
    theirs = {
        "uid": str(world.b.case.uid),
        "title_fr": "Renamed by A",
        "status": "filed",
        "publication": "draft",
    }
    file = document(cases=[new_case(world.court), theirs])
    response = upload(client, world.a.editor, file, language="en")
    assert response.status_code == 200
    found = problems(response)
    assert found[0][0] == "cases[1]"
    assert "another organisation" in found[0][1]
    assert state() == before
    response = upload(client, world.a.editor, file)  # the admin in French
    assert "problème(s) dans le fichier ; rien n" in str(
        response.context["form"].non_field_errors()
    )
    assert state() == before
    assert "Renamed by A" not in response.content.decode()


def test_a_proceeding_taken_from_another_organisations_case_is_refused(client, world):
    before = state()
    row = new_case(world.court)
    row["proceedings"][0]["uid"] = str(world.b.proceeding.uid)
    response = upload(client, world.a.editor, document(cases=[row]))
    assert response.status_code == 200
    assert [p for p, _ in problems(response)] == ["cases[0].proceedings[0]"]
    assert state() == before


def test_naming_an_organisation_the_editor_is_not_in_is_refused(client, world):
    before = state()
    orgs = [
        {
            "uid": str(world.b.organisation.uid),
            "slug": world.b.organisation.slug,
            "name": world.b.organisation.name,
        }
    ]
    row = new_case(world.court, organisation=str(world.b.organisation.uid))
    response = upload(
        client, world.a.editor, document(organisations=orgs, cases=[row]), language="en"
    )
    assert response.status_code == 200
    assert problems(response)[0][0] == "cases[0]"
    assert "may not assign" in problems(response)[0][1]
    assert state() == before


def test_an_unknown_organisation_is_never_created_by_an_upload(client, world):
    before = state()
    orgs = [{"uid": str(uuid.uuid4()), "slug": "nouvelle", "name": "Nouvelle association"}]
    response = upload(client, world.curator, document(organisations=orgs), language="en")
    assert response.status_code == 200
    assert problems(response)[0][0] == "organisations[0]"
    assert "unknown organisation" in problems(response)[0][1]
    assert state() == before


def test_editor_changing_a_court_is_refused_curator_may(client, world):
    before = state()
    file = document(courts=[court_record(world.court, name_fr="Conseil d'État (renommé)")])
    response = upload(client, world.a.editor, file, language="en")
    assert response.status_code == 200
    ((position, reason),) = problems(response)
    assert position == "courts[0]"
    assert reason.startswith("this court is shared reference data: only curators may change")
    assert state() == before
    response = upload(client, world.curator, file)
    assert response.status_code == 302
    assert Court.objects.get(pk=world.court.pk).name_fr == "Conseil d'État (renommé)"


def test_editor_creating_reference_data_is_refused(client, world):
    before = state()
    court = {"uid": str(uuid.uuid4()), "slug": "cass", "country": "FR", "kind": "judicial"}
    party = {"uid": str(uuid.uuid4()), "slug": "x", "name": "X", "kind": "association"}
    ruling = {
        "uid": str(uuid.uuid4()),
        "court": str(world.court.uid),
        "proceeding": None,
        "kind": "judgment",
        "decided_on": "2020-01-01",
        "numbers": ["430000"],
    }
    event = {"uid": str(uuid.uuid4()), "occurred_on": "2020-01-01", "kind": "other"}
    file = document(courts=[court], parties=[party], rulings=[ruling], events=[event])
    response = upload(client, world.a.editor, file)
    assert response.status_code == 200, response.content
    positions = [p for p, _ in problems(response)]
    assert positions == ["courts[0]", "parties[0]", "rulings[0]", "events[0]"]
    assert state() == before


def test_editor_may_not_publish_through_an_upload_publisher_may(client, world):
    before = state()
    row = new_case(world.court, publication="published")
    response = upload(client, world.a.editor, document(cases=[row]))
    assert response.status_code == 200
    assert problems(response)[0][0] == "cases[0]"
    assert "responsable de publication" in problems(response)[0][1]
    assert state() == before
    response = upload(client, world.a.publisher, document(cases=[row]))
    assert response.status_code == 302
    assert Case.objects.get(uid=row["uid"]).publication == "published"


def test_member_of_several_organisations_chooses_one(client, world):
    editor = world.a.editor
    Membership.objects.create(user=editor, organisation=world.b.organisation, role="editor")
    row = new_case(world.court)
    response = upload(client, editor, document(cases=[row]))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Case.objects.filter(uid=row["uid"]).exists()
    response = upload(client, editor, document(cases=[row]), organisation=world.b.organisation.pk)
    assert response.status_code == 302
    assert Case.objects.get(uid=row["uid"]).organisation == world.b.organisation


def test_organisation_choice_is_limited_to_the_uploaders(client, world):
    editor = world.a.editor
    other = Organisation.objects.create(name="Tierce", slug="tierce")
    Membership.objects.create(user=editor, organisation=world.b.organisation, role="editor")
    row = new_case(world.court)
    response = upload(client, editor, document(cases=[row]), organisation=other.pk)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Case.objects.filter(uid=row["uid"]).exists()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"format": "casetracker-caselaw", ', "not valid JSON"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
    ],
)
def test_malformed_file_is_a_form_error(client, world, content, expected):
    before = state()
    response = upload(client, world.a.editor, content)
    assert response.status_code == 200
    assert expected in str(response.context["form"].errors["file"])
    assert state() == before


def test_schema_error_is_a_form_error_with_its_position(client, world):
    before = state()
    row = new_case(world.court)
    row["proceedings"][0]["hearings"][0]["date"] = "15 January 2030"
    response = upload(client, world.a.editor, document(cases=[row]))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert problems(response)[0][0] == "cases[0].proceedings[0].hearings[0].date"
    assert "cases[0].proceedings[0].hearings[0].date" in response.content.decode()
    assert state() == before


def test_oversized_file_is_a_form_error(client, world, settings):
    settings.CASETRACKER_IMPORT_MAX_BYTES = 200
    before = state()
    response = upload(client, world.a.editor, document(cases=[new_case(world.court)]))
    assert response.status_code == 200
    assert "le plus gros fichier accepté" in str(response.context["form"].errors["file"])
    assert state() == before


def test_dry_run_writes_nothing_and_shows_what_would_change(client, world):
    before = state()
    row = new_case(world.court)
    response = upload(client, world.a.editor, document(cases=[row]), dry_run="on")
    assert response.status_code == 200
    assert not problems(response)
    created = [n for (_kind, outcome), n in response.context["stats"] if outcome == "created"]
    assert sum(created) == 3  # the case, its proceeding and its hearing
    assert "Essai à blanc : le fichier est valide" in str(response.context["done"])
    assert state() == before


def test_dry_run_reports_problems_too(client, world):
    before = state()
    file = document(courts=[court_record(world.court, name_fr="Autre nom")])
    response = upload(client, world.a.editor, file, dry_run="on")
    assert problems(response)[0][0] == "courts[0]"
    assert state() == before


def test_anonymous_and_non_staff_are_redirected_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    response = upload(client, make_user("visitor", staff=False), document())
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_organisation_get_403(client, world):
    before = state()
    response = upload(client, world.outsider, document(cases=[new_case(world.court)]))
    assert response.status_code == 403
    assert state() == before


def test_the_page_and_its_button(client, world):
    client.force_login(world.a.editor)
    page = client.get(URL)
    assert page.status_code == 200
    assert "organisation" not in page.context["form"].fields  # a single organisation
    changelist = client.get(reverse("admin:cases_case_changelist"))
    assert URL in changelist.content.decode()


def test_editor_may_update_their_own_case_and_add_an_event_to_it(client, world):
    mine = {
        "uid": str(world.a.case.uid),
        "title_fr": "Affaire A renommée",
        "status": "filed",
        "publication": "draft",
    }
    event = {
        "uid": str(uuid.uuid4()),
        "occurred_on": "2021-01-01",
        "kind": "other",
        "title_fr": "Fait nouveau",
        "cases": [str(world.a.case.uid)],
    }
    response = upload(client, world.a.editor, document(cases=[mine], events=[event]))
    assert response.status_code == 302
    assert Case.objects.get(pk=world.a.case.pk).title_fr == "Affaire A renommée"
    assert Case.objects.get(pk=world.a.case.pk).organisation == world.a.organisation
    assert Event.objects.get(uid=event["uid"]).cases.get() == world.a.case


def test_editor_may_not_attach_an_event_to_another_organisations_case(client, world):
    before = state()
    event = {
        "uid": str(uuid.uuid4()),
        "occurred_on": "2021-01-01",
        "kind": "other",
        "cases": [str(world.b.case.uid)],
    }
    response = upload(client, world.a.editor, document(events=[event]), language="en")
    assert response.status_code == 200
    assert problems(response)[0] == (
        "events[0]",
        f"unknown case {world.b.case.uid} (not in the file nor in the database)",
    )
    assert state() == before
