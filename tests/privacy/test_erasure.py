"""Right to erasure (privacy.erasure): the admin action, the `erase_person` command and the
service behind both. After an erasure the person's name is nowhere in the database, history
tables included, and the case reads as before with the same pseudonym letters."""

import datetime as dt
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from cases.models import Case, CaseSlugAlias, Filing, Party, Ruling, StatusUpdate
from organisations.models import Membership, Organisation
from privacy import erasure
from privacy.models import ErasureRecord
from tests.factories import (
    CaseFactory,
    CitationFactory,
    EventFactory,
    FilingFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    StatusUpdateFactory,
    make_curator,
    make_member,
    make_user,
)
from tests.formdata import posted_data
from tests.privacy.erasure import table_columns

NAME = "Odile Vasseur"
FORMS = ("odile vasseur", "vasseur odile", "odile-vasseur", "vasseur-odile")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def occurrences(*forms: str) -> dict[str, int]:
    """Rows holding any of `forms` (lower case), for every column of every table, each read
    with a raw query: what a database dump would show."""
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, description in table_columns().items():
            columns = [c.name for c in description]
            condition = " OR ".join(
                f"LOWER(CAST({quote(c)} AS TEXT)) LIKE %s" for c in columns for _f in forms
            )
            params = [f"%{f}%" for _c in columns for f in forms]
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} WHERE {condition}", params)
            count = cursor.fetchone()[0]
            if count:
                found[table] = count
    return found


@pytest.fixture
def world():
    """A published case where the person appears second (letters C... D...), her name in every
    kind of text, current and historical; and a ruling outside any case that names her."""
    case = CaseFactory(
        slug="odile-vasseur-et-autres",
        title_fr=f"{NAME} et autres c. ministre de la santé",
        title_en="Doctolib booking",
        summary_fr=f"Mme {NAME.upper()} conteste le partenariat.",
        summary_en=f"Ms {NAME} challenges the partnership.",
    )
    case.summary_fr += " Modifié."
    case.save()  # a second historical row
    CaseSlugAlias.objects.create(case=case, slug="vasseur-odile-2021")
    proceeding = ProceedingFactory(case=case, lodged_on=dt.date(2021, 2, 26))
    first = PartyFactory(natural_person=True, name="Marc Lenoir")
    person = PartyFactory(natural_person=True, name=NAME, website="https://vasseur.example")
    union = PartyFactory(name="Syndicat de la médecine générale")
    for party in (first, person, union):
        ProceedingPartyFactory(proceeding=proceeding, party=party)
    filing = FilingFactory(
        proceeding=proceeding,
        summary_fr=f"Requête de {NAME} et de M. Lenoir.",
        summary_en=f"Application by {NAME}.",
        filed_by=[person, union],
    )
    filing.full_text = "VASSEUR Odile, demeurant à Paris."
    filing.save()
    HearingFactory(proceeding=proceeding, notes_fr=f"{NAME} était présente.")
    ruling = RulingFactory(
        proceeding=proceeding,
        title_fr=f"Ordonnance {NAME}",
        full_text=f"Considérant que Mme {NAME} soutient…",
    )
    StatusUpdateFactory(case=case, text_fr=f"{NAME} a déposé une requête.", text_en="Filed.")
    EventFactory(cases=[case], description_fr=f"Conférence de presse de {NAME}.")
    elsewhere = RulingFactory(title_fr=f"Arrêt {NAME}", full_text=f"{NAME} c. France")
    CitationFactory(citing_ruling=ruling, cited=elsewhere, quote=f"comme dans l'affaire {NAME}")
    LogEntry.objects.create(
        user=make_user("earlier-curator"),
        content_type=ContentType.objects.get_for_model(Party),
        object_id=str(person.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Name"], "object": NAME}}]),
    )
    return {"case": case, "person": person, "first": first, "filing": filing, "ruling": ruling}


def public_outputs(client, case: Case) -> tuple[str, dict]:
    page = client.get(f"/fr/cases/{case.slug}/")
    api = client.get(f"/api/v1/cases/{case.slug}/")
    assert page.status_code == 200
    assert api.status_code == 200
    return page.content.decode(), api.json()


def api_parties(data: dict) -> list:
    return [
        [(p.get("name"), p.get("role")) for p in proceeding.get("parties", [])]
        for proceeding in data.get("proceedings", [])
    ]


def test_the_name_is_nowhere_in_the_database_after_erasure(world):
    before = occurrences(*FORMS)
    assert {"cases_case", "cases_historicalcase", "cases_party", "django_admin_log"} <= set(before)
    assert {"cases_historicalfiling", "cases_historicalruling", "citations_citation"} <= set(before)

    plan = erasure.erase_person(party=world["person"])

    assert occurrences(*FORMS) == {}
    assert plan.total > 0
    assert occurrences("vasseur.example") == {}


def test_texts_get_the_letters_of_the_case_or_a_neutral_placeholder(world):
    case, person = world["case"], world["person"]
    history_rows = case.history.count()

    erasure.erase_person(party=person)

    case.refresh_from_db()
    assert case.title_fr == "C... D... et autres c. ministre de la santé"
    assert case.summary_fr.startswith("Mme C... D... conteste")
    assert case.version == 2  # a form opened before the erasure is refused as stale
    assert case.history.count() == history_rows  # no new history row
    assert all("C... D..." in h.title_fr for h in case.history.all())
    filing = Filing.objects.get(pk=world["filing"].pk)
    assert filing.summary_fr == "Requête de C... D... et de M. Lenoir."
    assert filing.full_text == "C... D..., demeurant à Paris."
    assert StatusUpdate.objects.get(case=case).text_fr == "C... D... a déposé une requête."
    elsewhere = Ruling.objects.get(proceeding=None)
    assert elsewhere.title_fr == "Arrêt Personne effacée"
    party = Party.objects.get(pk=person.pk)
    assert party.name == erasure.PLACEHOLDER
    assert party.website == ""
    assert not party.name_published_by_court
    assert party.slug == f"person-{party.uid.hex[:8]}"
    record = ErasureRecord.objects.get()
    assert record.party_pk == person.pk
    assert record.via == ErasureRecord.Via.COMMAND
    assert record.rows_rewritten > 0


def test_the_case_page_and_api_keep_the_same_letters(client, world):
    case = world["case"]
    page_before, api_before = public_outputs(client, case)
    assert "C... D..." in page_before

    erasure.erase_person(party=world["person"])

    old_slug = case.slug
    case.refresh_from_db()
    assert case.slug == "c-d-et-autres"
    assert client.get(f"/fr/cases/{old_slug}/").status_code == 404
    assert client.get("/fr/cases/vasseur-odile-2021/").status_code == 404
    page_after, api_after = public_outputs(client, case)
    assert "A... B..." in page_after
    assert "C... D..." in page_after
    assert NAME not in page_after
    assert api_parties(api_after) == api_parties(api_before)
    assert NAME not in json.dumps(api_after)


def test_a_name_published_by_the_court_becomes_letters_too(world):
    person = world["person"]
    Party.objects.filter(pk=person.pk).update(name_published_by_court=True)

    erasure.erase_person(party=Party.objects.get(pk=person.pk))

    world["case"].refresh_from_db()
    assert world["case"].title_fr.startswith("C... D... ")
    assert occurrences(*FORMS) == {}


def test_other_parties_are_refused(world):
    union = Party.objects.get(name="Syndicat de la médecine générale")
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase_person(party=union)
    assert not ErasureRecord.objects.exists()


def test_a_second_erasure_is_refused(world):
    erasure.erase_person(party=world["person"])
    with pytest.raises(erasure.ErasureRefused):
        erasure.erasure_plan(party=Party.objects.get(pk=world["person"].pk))


def test_whole_names_only():
    matcher = erasure.NameMatcher("Jean Dupont")
    assert [m.kind for m in matcher.find("M.  JEAN\nDUPONT, requérant")] == [erasure.FULL]
    assert [m.kind for m in matcher.find("DUPONT Jean")] == [erasure.FULL]
    assert not matcher.find("Jean Dupont-Martin")
    assert not matcher.find("Jean Dupontel")


# The command -----------------------------------------------------------------------------


def test_dry_run_changes_nothing(world):
    before = occurrences(*FORMS)
    out = io.StringIO()

    call_command("erase_person", str(world["person"].uid), "--dry-run", stdout=out)

    assert occurrences(*FORMS) == before
    assert not ErasureRecord.objects.exists()
    assert "Dry run" in out.getvalue()
    assert NAME not in out.getvalue()


def test_the_command_erases(world):
    out = io.StringIO()
    call_command("erase_person", str(world["person"].uid), stdout=out)
    assert occurrences(*FORMS) == {}
    assert NAME not in out.getvalue()


@pytest.mark.parametrize("argument", ["not-a-uid", "00000000-0000-0000-0000-000000000000"])
def test_the_command_refuses_unknown_parties(world, argument):
    with pytest.raises(CommandError):
        call_command("erase_person", argument, stdout=io.StringIO())


def test_the_command_refuses_other_parties(world):
    union = Party.objects.get(name="Syndicat de la médecine générale")
    with pytest.raises(CommandError):
        call_command("erase_person", str(union.uid), stdout=io.StringIO())


# The admin action ------------------------------------------------------------------------

CHANGELIST = "admin:cases_party_changelist"


def run_action(client, parties, *, confirm: bool):
    data = {"action": "erase_natural_person", ACTION_CHECKBOX_NAME: [p.pk for p in parties]}
    if confirm:
        data["post"] = "yes"
    return client.post(reverse(CHANGELIST), data)


@pytest.mark.parametrize("superuser", [False, True])
def test_curators_confirm_then_erase(client, world, superuser):
    user = make_user("root", superuser=True) if superuser else make_curator()
    client.force_login(user)
    person = world["person"]

    confirmation = run_action(client, [person], confirm=False)

    assert confirmation.status_code == 200
    body = confirmation.content.decode()
    assert "erase_natural_person" in body
    plan = erasure.erasure_plan(party=person)
    assert f"{plan.total} " in body
    for label, count in plan.lines:
        assert f"<td>{escape(label[:1].upper() + label[1:])}</td><td>{count}</td>" in body
    deleted = gettext("%(model)s (deleted)") % {"model": ""}
    assert any(deleted.strip() in label for label, _count in plan.lines)  # the former slug
    assert Party.objects.get(pk=person.pk).name == NAME  # nothing written yet

    # What the browser posts: the confirmation form with its certain hits ticked.
    done = client.post(reverse(CHANGELIST), posted_data(confirmation, form_id="erase-form"))

    assert done.status_code == 302
    assert occurrences(*FORMS) == {}
    record = ErasureRecord.objects.get()
    assert record.erased_by == user
    assert record.via == ErasureRecord.Via.ADMIN


def test_editors_have_no_such_action(client, world):
    organisation = Organisation.objects.create(name="Interhop", slug="interhop")
    editor = make_member("editor", organisation, Membership.Role.EDITOR)
    client.force_login(editor)

    changelist = client.get(reverse(CHANGELIST))
    assert changelist.status_code == 200
    assert "erase_natural_person" not in changelist.content.decode()

    response = run_action(client, [world["person"]], confirm=True)

    assert response.status_code in (200, 302, 403)
    assert Party.objects.get(pk=world["person"].pk).name == NAME
    assert not ErasureRecord.objects.exists()


def test_the_action_refuses_other_parties(client, world):
    client.force_login(make_curator())
    union = Party.objects.get(name="Syndicat de la médecine générale")

    response = run_action(client, [world["person"], union], confirm=True)

    assert response.status_code == 302
    assert Party.objects.get(pk=world["person"].pk).name == NAME
    assert not ErasureRecord.objects.exists()


def test_no_page_cached_before_the_erasure_is_served_after_it(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "erasure-page-cache",
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    elsewhere = Ruling.objects.get(title_fr=f"Arrêt {NAME}")
    page = f"/fr/rulings/{elsewhere.slug}/"
    assert NAME in client.get(page).content.decode()  # stored in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_person(party=world["person"])

    elsewhere.refresh_from_db()
    after = client.get(f"/fr/rulings/{elsewhere.slug}/").content.decode()
    assert NAME not in after
    assert NAME not in client.get(page).content.decode()
