"""Parties across the organisation and publication boundaries.

- A natural person's name is shown in the admin only to curators, to the organisation that
  recorded the person and to organisations whose cases name the person; everyone else sees
  "Natural person #<pk>" and can neither find the person by name nor pick them for a case.
- A party that only unpublished cases name is absent from every public output.
"""

import datetime as dt
import json

import pytest
from django.urls import reverse

from cases import permissions, services
from cases.models import Case, Filing, Hearing, Party, ProceedingParty
from interchange.export import export_document
from interchange.format import dumps
from tests import shared
from tests.factories import build_world
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

PERSON = "Zéphyrine Confidentielle"
SURNAME = "Confidentielle"
ASSOCIATION = "Collectif Brouillon Secret"


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def build():
    """Organisation A's draft names a natural person A's editor recorded, and an association
    A's editor recorded; B's draft names neither."""
    world = build_world()
    person = services.party_save(
        party=Party(
            name=PERSON,
            kind="natural_person",
            entered_by=world.a.organisation,
            website="https://zephyrine-confidentielle.example",
        )
    )
    association = services.party_save(
        party=Party(name=ASSOCIATION, kind="association", entered_by=world.a.organisation)
    )
    ProceedingParty.objects.create(proceeding=world.a.proceeding, party=person, role="applicant")
    ProceedingParty.objects.create(
        proceeding=world.a.proceeding, party=association, role="applicant"
    )
    world.a.filing.filed_by.add(person, association)
    services.hearing_save(
        hearing=Hearing(proceeding=world.a.proceeding, date=dt.date.today() + dt.timedelta(10))
    )
    world.extra.update(person=person, association=association)
    return world


world_once = shared.module_fixture(build, name="world_once")


@pytest.fixture
def world(world_once, request):
    return shared.fresh(world_once, request, build)


def admin(path: str, *args) -> str:
    return reverse(f"admin:{path}", args=args)


# The rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("curator", True),
        ("superuser", True),
        ("editor_a", True),
        ("publisher_a", True),
        ("editor_b", False),
        ("publisher_b", False),
        ("outsider", False),
    ],
)
def test_a_natural_persons_name_is_visible_to_curators_and_the_organisations_involved(
    world, role, sees
):
    user, person = world.user(role), world.extra["person"]
    assert permissions.can_see_party_name(user, person) is sees
    visible = Party.objects.filter(permissions.party_name_visible_q(user))
    assert visible.filter(pk=person.pk).exists() is sees
    # Other kinds of party are never masked.
    assert visible.filter(pk=world.extra["association"].pk).exists()


def test_a_person_named_in_an_organisations_case_becomes_visible_to_it(world):
    """Involvement counts whoever recorded the person: a curator-recorded person named by
    B's filing is visible to B, not to A."""
    person = services.party_save(party=Party(name="Marcel Curateur", kind="natural_person"))
    world.b.filing.filed_by.add(person)
    assert permissions.can_see_party_name(world.b.editor, person)
    assert not permissions.can_see_party_name(world.a.editor, person)


def test_a_name_the_court_publishes_is_visible_to_every_member(world):
    person = world.extra["person"]
    person.name_published_by_court = True
    services.party_save(party=person)
    assert permissions.can_see_party_name(world.b.editor, person)


# The admin as organisation B's editor ------------------------------------------------------


def test_the_autocomplete_does_not_find_another_organisations_person_by_name(client, world):
    person = world.extra["person"]
    params = {
        "app_label": "cases",
        "model_name": "proceedingparty",
        "field_name": "party",
        "term": SURNAME,
    }
    client.force_login(world.b.editor)
    found = client.get(admin("autocomplete"), params).json()["results"]
    assert found == []
    # Nor without a term, where every party is listed: the person cannot be picked at all.
    everything = client.get(admin("autocomplete"), {**params, "term": ""}).json()
    assert str(person.pk) not in {row["id"] for row in everything["results"]}
    assert SURNAME not in json.dumps(everything)
    filer = {"app_label": "cases", "model_name": "filing", "field_name": "filed_by"}
    assert client.get(admin("autocomplete"), {**filer, "term": SURNAME}).json()["results"] == []

    client.force_login(world.a.editor)
    found = client.get(admin("autocomplete"), params).json()["results"]
    assert found == [{"id": str(person.pk), "text": PERSON}]


def test_the_party_list_masks_the_name_and_its_search_does_not_find_it(client, world):
    person = world.extra["person"]
    client.force_login(world.b.editor)
    page = client.get(admin("cases_party_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert SURNAME not in text
    assert "zephyrine" not in text.lower()  # nor their website
    assert f"Natural person #{person.pk}" in text or f"Personne physique n° {person.pk}" in text
    searched = client.get(admin("cases_party_changelist"), {"q": SURNAME})
    assert person not in searched.context["cl"].result_list  # (the page echoes the term)
    assert PERSON not in searched.content.decode()

    client.force_login(world.a.editor)
    searched = client.get(admin("cases_party_changelist"), {"q": SURNAME})
    assert list(searched.context["cl"].result_list) == [person]


@pytest.mark.parametrize("view", ("change", "history", "delete"))
def test_the_persons_own_pages_are_refused_by_guessed_id(client, world, view):
    person = world.extra["person"]
    client.force_login(world.b.editor)
    response = client.get(admin(f"cases_party_{view}", person.pk))
    assert response.status_code == 403
    assert SURNAME not in response.content.decode()
    response = client.post(admin("cases_party_change", person.pk), {"name": "Renamed"})
    assert response.status_code == 403
    assert Party.objects.get(pk=person.pk).name == PERSON


def test_an_editor_cannot_name_a_person_they_may_not_see_in_their_case(client, world):
    """Picking the person by a guessed id would reveal the name (a case's parties are shown
    to its organisation): the form refuses it."""
    person = world.extra["person"]
    client.force_login(world.b.editor)
    url = admin("cases_proceeding_change", world.b.proceeding.pk)
    data = posted_data(client.get(url))
    rows = int(data["participants-TOTAL_FORMS"])
    data.update(
        {
            "participants-TOTAL_FORMS": str(rows + 1),
            f"participants-{rows}-party": str(person.pk),
            f"participants-{rows}-role": "respondent",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its error
    assert response.context["inline_admin_formsets"][0].formset.errors
    assert not ProceedingParty.objects.filter(proceeding=world.b.proceeding, party=person).exists()
    assert SURNAME not in response.content.decode()


def test_the_delete_confirmation_masks_the_person_and_deletes_nothing(client, world):
    """`__str__` carries the rule onto every page that names the person."""
    person = world.extra["person"]
    client.force_login(world.b.editor)
    response = client.post(
        admin("cases_party_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk, world.party.pk]},
    )
    assert SURNAME not in response.content.decode()
    assert Party.objects.filter(pk=person.pk).exists()


def test_a_case_naming_the_person_shows_the_name_to_its_organisation_only(client, world):
    """Once a curator names the person in B's proceeding, B's inline and the person's page
    show B the name: B is involved."""
    person = world.extra["person"]
    ProceedingParty.objects.create(proceeding=world.b.proceeding, party=person, role="intervener")
    client.force_login(world.b.editor)
    page = client.get(admin("cases_proceeding_change", world.b.proceeding.pk))
    assert PERSON in page.content.decode()
    assert client.get(admin("cases_party_change", person.pk)).status_code == 200


def test_the_party_list_hides_which_organisation_recorded_a_party(client, world):
    client.force_login(world.b.editor)
    page = client.get(admin("cases_party_changelist")).content.decode()
    assert "Association a" not in page
    page = client.get(admin("cases_party_change", world.extra["association"].pk))
    assert page.status_code == 200
    assert "Association a" not in page.content.decode()
    client.force_login(world.curator)
    assert "Association a" in client.get(admin("cases_party_changelist")).content.decode()


def test_a_person_recorded_by_a_member_is_named_to_them_in_the_added_message(client, world):
    client.force_login(world.b.editor)
    url = admin("cases_party_add")
    data = posted_data(client.get(url))
    data.update({"name": "Hortense Nouvelle", "kind": "natural_person"})
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    person = Party.objects.get(name="Hortense Nouvelle")
    assert person.entered_by == world.b.organisation
    assert "Hortense Nouvelle" in response.content.decode()
    client.force_login(world.a.editor)
    listing = client.get(admin("cases_party_changelist")).content.decode()
    assert "Hortense Nouvelle" not in listing


# Public outputs ----------------------------------------------------------------------------


def _public_outputs(client, party: Party) -> dict[str, str]:
    """Every public output that lists parties, as text."""
    return {
        "page": client.get(f"/fr/parties/{party.slug}/"),
        "calendar": client.get(f"/fr/parties/{party.slug}/hearings.ics"),
        "api_list": client.get("/api/v1/parties/", {"page_size": 100}),
        "api_detail": client.get(f"/api/v1/parties/{party.slug}/"),
        "api_cases": client.get("/api/v1/cases/", {"party": party.slug}),
        "search": client.get("/fr/search/", {"q": ASSOCIATION}),
        "sitemap": client.get("/sitemap.xml"),
        "case_filter": client.get("/fr/cases/", {"party": party.slug}),
        "hearing_filter": client.get("/fr/hearings/", {"party": party.slug}),
        "hearings_csv": client.get("/fr/hearings.csv", {"party": party.slug}),
    }


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_party_only_drafts_name_is_absent_from_every_public_output(client, world):
    association = world.extra["association"]
    outputs = _public_outputs(client, association)
    assert outputs["page"].status_code == 404
    assert outputs["calendar"].status_code == 404
    assert outputs["api_detail"].status_code == 404
    for name in ("api_list", "api_cases", "search", "sitemap"):
        text = _text(outputs[name])
        if name != "search":  # the search page echoes the words searched
            assert ASSOCIATION not in text, name
        assert association.slug not in text, name
    # A filter by its slug answers as for a slug that does not exist: the pages say nothing
    # matches (docs/finding.md), the CSV download refuses the name.
    nowhere = {
        "case_filter": client.get("/fr/cases/", {"party": "no-such-party"}),
        "hearing_filter": client.get("/fr/hearings/", {"party": "no-such-party"}),
        "hearings_csv": client.get("/fr/hearings.csv", {"party": "no-such-party"}),
    }
    for name, answer in nowhere.items():
        assert outputs[name].status_code == answer.status_code, name
    assert outputs["hearings_csv"].status_code == 400
    for name in ("case_filter", "hearing_filter"):
        (note,) = outputs[name].context["name_notes"]
        assert note.found.records == [], name
    document = dumps(export_document(public=True))
    assert ASSOCIATION not in document
    assert str(association.uid) not in document
    download = _text(client.get("/fr/data/casetracker-public-data.json"))
    assert ASSOCIATION not in download


def test_the_party_becomes_public_with_the_first_published_case_naming_it(client, world):
    association = world.extra["association"]
    services.case_submit_for_review(case=world.a.case, by=world.a.editor)
    services.case_publish(case=world.a.case, by=world.a.publisher)
    outputs = _public_outputs(client, association)
    assert outputs["page"].status_code == 200
    assert outputs["calendar"].status_code == 200
    assert outputs["api_detail"].status_code == 200
    for name in ("api_list", "search", "sitemap"):
        assert association.slug in _text(outputs[name]), name
    for name in ("case_filter", "hearing_filter", "hearings_csv"):
        assert outputs[name].status_code == 200, name
    assert ASSOCIATION in dumps(export_document(public=True))
    # The person is named by the published case, pseudonymised, and still has no page.
    person = world.extra["person"]
    assert client.get(f"/fr/parties/{person.slug}/").status_code == 404
    assert PERSON not in dumps(export_document(public=True))


def test_a_curator_recorded_party_only_drafts_name_is_not_public_either(client, world):
    """world.party (InterHop) is curator-recorded reference data named by A's and B's drafts."""
    assert world.party.entered_by is None
    assert client.get(f"/fr/parties/{world.party.slug}/").status_code == 404
    assert not Party.objects.public().filter(pk=world.party.pk).exists()


def test_reference_parties_no_case_names_stay_public(client, world):
    reference = services.party_save(party=Party(name="CNIL", kind="public_authority"))
    assert client.get(f"/fr/parties/{reference.slug}/").status_code == 200
    assert reference.slug in client.get("/api/v1/parties/", {"page_size": 100}).content.decode()
    # The same party recorded by an organisation is not public until a published case names it.
    reference.entered_by = world.a.organisation
    services.party_save(party=reference)
    assert client.get(f"/fr/parties/{reference.slug}/").status_code == 404


def test_a_filer_on_a_published_case_is_public(client, world):
    """Named only as the filer of a published case's filing, a party is public."""
    filer = services.party_save(
        party=Party(name="Syndicat Déposant", kind="union", entered_by=world.b.organisation)
    )
    world.b.filing.filed_by.add(filer)
    assert client.get(f"/fr/parties/{filer.slug}/").status_code == 404
    Case.objects.filter(pk=world.b.case.pk).update(publication=Case.Publication.PUBLISHED)
    assert client.get(f"/fr/parties/{filer.slug}/").status_code == 200
    assert Filing.objects.filter(filed_by=filer).count() == 1


def test_outside_a_request_a_party_is_named(world):
    """Commands (erasure, export, import) name the person: only requests are masked."""
    assert str(world.extra["person"]) == PERSON
