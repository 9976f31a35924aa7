"""Timeline entries rendered once per set of inputs ({% timeline_entry %},
cases/templatetags/timeline_memo.py): the same HTML as the include it replaces, and never a
stale entry: publication, erasure of a person, a bulk edit, the language, who is looking."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.template import Context, Template
from django.utils import translation

from cases import services
from cases.models import Case, Filing, Party, Proceeding, ProceedingParty
from cases.selectors import global_timeline
from cases.templatetags import timeline_memo
from privacy.erasure import erase_person
from tests.factories.cases import make_case, make_hearing, make_ruling

OLD_CASE = Template(
    "{% for entry in timeline %}{% include 'includes/timeline_entry.html' with entry=entry "
    "names=party_names show_case=False %}{% endfor %}"
)
NEW_CASE = Template(
    "{% load timeline_memo %}{% for entry in timeline %}"
    "{% timeline_entry entry party_names False %}{% endfor %}"
)
OLD_GLOBAL = Template(
    "{% for entry in items %}{% include 'includes/timeline_entry.html' with entry=entry "
    "show_case=True %}{% endfor %}"
)
NEW_GLOBAL = Template(
    "{% load timeline_memo %}{% for entry in items %}{% timeline_entry entry None True %}"
    "{% endfor %}"
)

NAME = "Zéphyrine Quasimodo-Lenoir"


@pytest.fixture(autouse=True)
def empty_memo():
    timeline_memo.ENTRIES.clear()
    yield
    timeline_memo.ENTRIES.clear()


def case_context(client, case, language) -> dict:
    response = client.get(f"/{language}/cases/{case.slug}/")
    assert response.status_code == 200
    return {k: response.context[k] for k in ("timeline", "party_names", "LANGUAGE_CODE")}


def assert_same_html(old: Template, new: Template, context: dict, language: str) -> str:
    with translation.override(language):
        expected = old.render(Context(context))
        timeline_memo.ENTRIES.clear()
        cold = new.render(Context(context))
        warm = new.render(Context(context))
    assert cold == expected
    assert warm == expected
    return expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_same_html_as_the_include_on_the_demo(client, demo, language):
    entries = 0
    for case in Case.objects.public():
        context = case_context(client, case, language)
        html = assert_same_html(OLD_CASE, NEW_CASE, context, language)
        entries += html.count("<li class=")
        # the page itself holds exactly that HTML
        page = client.get(f"/{language}/cases/{case.slug}/").content.decode()
        assert html in page
    assert entries > 10
    items, _next = global_timeline(size=200)
    context = {"items": items, "LANGUAGE_CODE": language}
    assert assert_same_html(OLD_GLOBAL, NEW_GLOBAL, context, language).count("<li class=") > 10


@pytest.mark.parametrize("language", ["fr", "en"])
def test_same_html_as_the_include_on_synthetic_data(client, db, language):
    call_command("generate_synthetic", cases=40, rulings=80, citations=100, seed=5, verbosity=0)
    case = Case.objects.public().annotate(n=Count("proceedings__filings")).order_by("-n").first()
    context = case_context(client, case, language)
    html = assert_same_html(OLD_CASE, NEW_CASE, context, language)
    assert html.count("<li class=") >= 5


@pytest.fixture
def world(db):
    """A public case in which a natural person named by the court filed an application that
    names her, a hearing and a ruling."""
    case, proceeding = make_case(title="Memo timeline case")
    person = services.party_save(
        party=Party(name=NAME, kind=Party.Kind.NATURAL_PERSON, name_published_by_court=True)
    )
    ProceedingParty.objects.create(
        proceeding=proceeding, party=person, role=ProceedingParty.Role.APPLICANT
    )
    filing = Filing(
        proceeding=proceeding,
        kind=Filing.Kind.APPLICATION,
        registered_on=dt.date(2021, 2, 26),
        summary_en=f"Application by {NAME} against the decree.",
        summary_fr=f"Requête de {NAME} contre le décret.",
    )
    filing.full_clean()
    filing.save()
    filing.filed_by.add(person)
    make_hearing(proceeding)
    make_ruling(proceeding)
    return {"case": case, "proceeding": proceeding, "person": person, "filing": filing}


def page(client, case, language="en") -> str:
    """The case page's timeline (what the memo renders), not the rest of the page."""
    response = client.get(f"/{language}/cases/{case.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<ol class="timeline">')
    return html[start : html.index("</ol>", start)]


def test_an_erased_person_never_comes_back_from_a_kept_entry(client, world):
    case = world["case"]
    first = page(client, case)
    assert "Quasimodo" in first
    assert len(timeline_memo.ENTRIES) >= 3
    assert "Quasimodo" in page(client, case)  # served from the memo
    assert timeline_memo.ENTRIES.hits >= 3
    erase_person(party=world["person"])
    for language in ("en", "fr"):
        text = page(client, case, language)
        assert "Quasimodo" not in text
        assert "Zéphyrine" not in text


def test_a_person_no_longer_named_by_the_court_gets_her_letters(client, world):
    case = world["case"]
    assert "Quasimodo" in page(client, case)
    # a bulk update: no version, no updated_at, no signal
    Party.objects.filter(pk=world["person"].pk).update(name_published_by_court=False)
    Filing.objects.filter(pk=world["filing"].pk).update(
        summary_en="Application against the decree.", summary_fr="Requête contre le décret."
    )
    text = page(client, case)
    assert "Quasimodo" not in text
    assert "A... B..." in text


def test_unpublished_then_published_again_shows_the_current_text(client, world):
    case, filing = world["case"], world["filing"]
    assert "against the decree" in page(client, case)
    Case.objects.filter(pk=case.pk).update(publication=Case.Publication.DRAFT)
    assert client.get(f"/en/cases/{case.slug}/").status_code == 404
    # edited while withdrawn, by a path that bumps nothing
    Filing.objects.filter(pk=filing.pk).update(summary_en="Withdrawn and rewritten.")
    Case.objects.filter(pk=case.pk).update(publication=Case.Publication.PUBLISHED)
    text = page(client, case)
    assert "Withdrawn and rewritten." in text
    assert "against the decree" not in text


def test_a_draft_previewed_by_an_editor_is_not_served_to_the_public(client, world):
    case, filing = world["case"], world["filing"]
    Case.objects.filter(pk=case.pk).update(publication=Case.Publication.DRAFT)
    editor = get_user_model().objects.create_superuser("memo-editor", "e@example.org", "x" * 12)
    Filing.objects.filter(pk=filing.pk).update(summary_en="Draft-only wording.")
    client.force_login(editor)
    assert "Draft-only wording." in page(client, case)
    client.logout()
    assert client.get(f"/en/cases/{case.slug}/").status_code == 404
    # published with a different text: the public never gets the previewed fragment
    Filing.objects.filter(pk=filing.pk).update(summary_en="Public wording.")
    Case.objects.filter(pk=case.pk).update(publication=Case.Publication.PUBLISHED)
    text = page(client, case)
    assert "Public wording." in text
    assert "Draft-only wording." not in text


def test_each_language_gets_its_own_entry(client, world):
    case = world["case"]
    english, french = page(client, case, "en"), page(client, case, "fr")
    assert "Application by" in english and "Application by" not in french
    assert "Requête de" in french and "Requête de" not in english
    assert "Requête de" in page(client, case, "fr")
    assert "Application by" in page(client, case, "en")


def test_a_renamed_court_and_a_moved_hearing_show_at_once(client, world):
    case, proceeding = world["case"], world["proceeding"]
    page(client, case)
    court = proceeding.court
    type(court).objects.filter(pk=court.pk).update(short_name_en="NEWCOURT")
    Proceeding.objects.filter(pk=proceeding.pk).update(number="777777")
    hearing = proceeding.hearings.get()
    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2030, 4, 1), start_time=None, reason="Moved"
    )
    text = page(client, case)
    assert "NEWCOURT" in text
    assert "777777" in text
    assert "1 April 2030" in text


def test_the_page_keeps_its_query_budget(client, world, django_assert_max_num_queries):
    page(client, world["case"])
    with django_assert_max_num_queries(20):
        page(client, world["case"])
