"""Right to erasure finds every form of the name.

"Zéphyrin Quasimodo" erased: the name without its accent, "M. Quasimodo", "Z. Quasimodo",
"QUASIMODO Zéphyrin", in a status update, its history, the admin log, a ruling summary and a
second party row holding the same person. The curator sees every hit before anything is
rewritten; certain hits are ticked, possible ones (the surname alone, or a civility outside the
person's cases) are not and stay unless ticked. Afterwards no form is left in the database, the
public outputs, or the page cache."""

import io
import json
import re
import unicodedata
import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from cases.models import Party, Ruling, StatusUpdate
from casetracker import pagecache
from privacy import erasure
from tests.factories import (
    CaseFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    StatusUpdateFactory,
    make_curator,
    make_user,
)
from tests.formdata import posted_data
from tests.privacy.erasure import NAME, POSSIBLE, UNRELATED, table_columns

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"


def fold(text: str) -> str:
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def leftovers(text: str, *allowed: str) -> list[str]:
    """Every "quasimodo" left in `text` (accents and case folded, JSON escapes decoded), with
    some context, once the `allowed` phrases are taken out."""
    folded = fold(text)
    for phrase in (*allowed, UNRELATED):
        folded = folded.replace(fold(phrase), "")
    return [folded[max(0, m.start() - 30) : m.end() + 30] for m in re.finditer("quasimodo", folded)]


# PostgreSQL's text-search vectors (type tsvector): the stored search columns are generated
# from their row's texts, which are read here themselves; their lexemes split a kept phrase
# ("rue Saint-Quasimodo" gives 'saint', 'quasimodo') into what looks like the bare name.
TSVECTOR = 3614


def database_leftovers(*allowed: str) -> dict[str, list[str]]:
    """What a database dump would show: every text cell of every table, read raw."""
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, description in table_columns().items():
            columns = [
                c.name
                for c in description
                if not (connection.vendor == "postgresql" and c.type_code == TSVECTOR)
            ]
            cursor.execute(
                f"SELECT {', '.join(f'CAST({quote(c)} AS TEXT)' for c in columns)} "
                f"FROM {quote(table)}"
            )
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, str) and (left := leftovers(value, *allowed)):
                        found.setdefault(table, []).extend(left)
    return found


def public_texts(client, world) -> dict[str, str]:
    case = world["case"]
    case.refresh_from_db()
    urls = [
        f"/fr/cases/{case.slug}/",
        f"/en/cases/{case.slug}/",
        f"/fr/cases/{case.slug}/feed.atom",
        "/fr/feeds/status.atom",
        "/fr/feeds/rulings.atom",
        "/en/feeds/status.atom",
        f"/api/v1/cases/{case.slug}/",
        "/fr/data/casetracker-public-data.json",
    ]
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        texts[url] = content.decode()
    return texts


def test_every_form_of_the_name_is_a_hit():
    matcher = erasure.NameMatcher(NAME)
    certain = [
        "Zéphyrin Quasimodo",
        "Zephyrin Quasimodo",
        "ZEPHYRIN QUASIMODO",
        "Quasimodo Zéphyrin",
        "QUASIMODO, Zephyrin",
        "zéphyrin-quasimodo",
        "Z\\u00e9phyrin Quasimodo",
    ]
    short = [
        "M. Quasimodo",
        "Mme Quasimodo",
        "Mlle Quasimodo",
        "Me Quasimodo",
        "Dr Quasimodo",
        "Pr. Quasimodo",
        "Mr Quasimodo",
        "Mrs Quasimodo",
        "Ms Quasimodo",
        "Monsieur Quasimodo",
        "Madame QUASIMODO",
        "Maître Quasimodo",
        "Z. Quasimodo",
        "Z Quasimodo",
        "Quasimodo Z.",
    ]
    for text in certain:
        found = matcher.find(f"Vu la requête de {text}, enregistrée.")
        assert [(m.kind, m.text) for m in found] == [(erasure.FULL, text)], text
    for text in short:
        found = matcher.find(f"Vu la requête de {text}, enregistrée.")
        assert [(m.kind, m.text) for m in found] == [(erasure.SHORT, text)], text
    assert [m.kind for m in matcher.find("la jurisprudence Quasimodo")] == [erasure.SURNAME]
    for text in ("Saint-Quasimodo", "Quasimodo-Martin", "Quasimodos", "A. Quasimodo-Martin"):
        assert matcher.find(text) == [], text


def test_compound_names_hyphens_apostrophes_and_particles():
    matcher = erasure.NameMatcher("Jean-Pierre d'Artagnan")
    for text in ("Jean-Pierre d'Artagnan", "Jean Pierre d\u2019Artagnan", "D'ARTAGNAN Jean-Pierre"):
        assert [m.kind for m in matcher.find(text)] == [erasure.FULL], text
    for text in ("J.-P. d'Artagnan", "J.P. d\u2019Artagnan", "M. d'Artagnan"):
        assert [m.kind for m in matcher.find(text)] == [erasure.SHORT], text
    matcher = erasure.NameMatcher("Marie de La Tour")
    assert [m.kind for m in matcher.find("Mme de la Tour")] == [erasure.SHORT]
    assert [m.kind for m in matcher.find("DE LA TOUR Marie")] == [erasure.FULL]
    matcher = erasure.NameMatcher("DUPONT Jean")
    assert [m.kind for m in matcher.find("Jean Dupont et M. Dupont")] == [
        erasure.FULL,
        erasure.SHORT,
    ]


def confirmation(client, world):
    client.force_login(make_curator())
    response = client.post(
        reverse("admin:cases_party_changelist"),
        {"action": "erase_natural_person", ACTION_CHECKBOX_NAME: [world["person"].pk]},
    )
    assert response.status_code == 200
    return response


def test_the_curator_sees_every_hit_ticked_or_not_before_anything_is_written(client, world):
    response = confirmation(client, world)
    body = response.content.decode()
    data = posted_data(response, form_id="erase-form")
    plan = erasure.erasure_plan(party=world["person"])

    ticked = set(data.get(f"hit-{world['person'].pk}", []))
    assert ticked == {hit.id for hit in plan.hits if hit.certain}
    assert {hit.id for hit in plan.hits if not hit.certain} & ticked == set()
    labels = {(hit.model._meta.label_lower, hit.field) for hit in plan.hits}
    assert {
        ("cases.statusupdate", "text_fr"),
        ("cases.statusupdate", "text_en"),
        ("cases.historicalstatusupdate", "text_fr"),
        ("cases.ruling", "summary_fr"),
        ("cases.case", "summary_fr"),
        ("cases.party", "name"),
        ("cases.party", "slug"),
        ("admin.logentry", "object_repr"),
        ("admin.logentry", "change_message"),
    } <= labels
    for hit in plan.hits:
        assert f'value="{hit.id}"' in body
    # The match is highlighted, the text around it escaped.
    assert "<mark>M. Quasimodo</mark> a saisi le tribunal." in body
    assert "n&#x27;a jamais" in body
    possible = {hit.snippet[1] for hit in plan.hits if not hit.certain}
    assert possible == {"M. Quasimodo", "Quasimodo"}  # the other ruling's
    assert Party.objects.get(pk=world["person"].pk).name == NAME  # nothing written yet


def test_after_confirmation_no_form_of_the_name_is_left(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"erasure-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    before = public_texts(client, world)
    assert any(leftovers(text) for text in before.values())
    assert database_leftovers(*POSSIBLE)

    response = confirmation(client, world)
    data = posted_data(response, form_id="erase-form")
    # The curator also ticks the case's titles ("Quasimodo c. ministre"), left unticked.
    plan = erasure.erasure_plan(party=world["person"])
    titles = [
        hit.id
        for hit in plan.hits
        if hit.model._meta.label_lower in ("cases.case", "cases.historicalcase")
    ]
    key = f"hit-{world['person'].pk}"
    data[key] = sorted(set(data[key]) | set(titles))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("admin:cases_party_changelist"), data)
    assert done.status_code == 302
    client.logout()

    page_cache = caches["default"]
    stored = [key for key in page_cache._cache if pagecache.PAGE_PREFIX in key]
    assert stored == []
    assert database_leftovers(*POSSIBLE) == {}
    for url, text in public_texts(client, world).items():
        assert leftovers(text, *POSSIBLE) == [], url
    # The possible hits nobody ticked are still there.
    elsewhere = Ruling.objects.get(pk=world["elsewhere"].pk)
    assert all(phrase in elsewhere.summary_fr for phrase in POSSIBLE)
    assert UNRELATED in elsewhere.summary_fr
    assert StatusUpdate.objects.get(pk=world["update"].pk).text_fr == (
        "M. C... D... a saisi le tribunal."
    )
    assert Ruling.objects.get(pk=world["ruling"].pk).summary_fr == (
        "C... D... soutient que C... D... n'a jamais été condamné ; Mme Lenoir aussi. "
        "Audience Monsieur  C... D...."
    )
    assert world["case"].slug == "c-d-c-ministre"  # refreshed by public_texts
    double = Party.objects.get(pk=world["double"].pk)
    assert double.name == erasure.PLACEHOLDER
    assert "quasimodo" not in double.slug


def test_an_unticked_certain_hit_stays(client, world):
    response = confirmation(client, world)
    data = posted_data(response, form_id="erase-form")
    plan = erasure.erasure_plan(party=world["person"])
    kept = next(h for h in plan.hits if h.model is StatusUpdate and h.field == "text_en")
    key = f"hit-{world['person'].pk}"
    data[key] = [value for value in data[key] if value != kept.id]

    assert client.post(reverse("admin:cases_party_changelist"), data).status_code == 302

    assert StatusUpdate.objects.get(pk=world["update"].pk).text_en == "Z. Quasimodo went to court."
    assert Party.objects.get(pk=world["person"].pk).name == erasure.PLACEHOLDER


def test_a_guessed_hit_id_rewrites_nothing_else(client, world):
    response = confirmation(client, world)
    data = posted_data(response, form_id="erase-form")
    key = f"hit-{world['person'].pk}"
    other = world["elsewhere"]
    data[key] = [f"cases.ruling:{other.pk}:title_fr:0", "cases.party:1:name:0", "nonsense"]

    assert client.post(reverse("admin:cases_party_changelist"), data).status_code == 302

    assert Ruling.objects.get(pk=other.pk).title_fr == "Arrêt du conseil municipal"
    assert Party.objects.get(pk=world["double"].pk).name == "Zephyrin QUASIMODO"


def test_the_command_lists_hits_and_takes_possible_ones_on_request(world):
    out = io.StringIO()
    call_command("erase_person", str(world["person"].uid), "--dry-run", stdout=out)
    listing = out.getvalue()
    plan = erasure.erasure_plan(party=world["person"])
    for hit in plan.hits:
        assert hit.id in listing
    assert "possible" in listing
    assert leftovers(listing) == []  # a terminal's scroll-back keeps no name

    call_command(
        "erase_person", str(world["person"].uid), "--include-possible", stdout=io.StringIO()
    )

    assert database_leftovers() == {}


def test_the_command_leaves_possible_hits_by_default(world):
    call_command("erase_person", str(world["person"].uid), stdout=io.StringIO())
    assert set(database_leftovers(*POSSIBLE)) <= {"cases_case", "cases_historicalcase"}
    elsewhere = Ruling.objects.get(pk=world["elsewhere"].pk)
    assert all(phrase in elsewhere.summary_fr for phrase in POSSIBLE)


# The page cache --------------------------------------------------------------------------


def _stored_pages(cache) -> list[bytes]:
    """Every page the cache holds, whatever its generation."""
    client = cache._cache.get_client(write=False)
    prefix = cache.make_key(pagecache.PAGE_PREFIX)
    return [client.get(key) for key in client.scan_iter(f"{prefix}*")]


def _redis_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_no_stored_page_holds_the_name_after_the_erasure(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-erasure-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 60
    cache = caches["default"]
    unrelated = f"{cache.key_prefix}-other"
    try:
        cache._cache.get_client(write=True).set(unrelated, b"kept")
        cache.set("alerts:unrelated", 1)
        public_texts(client, world)
        pagecache.bump()  # a stale generation: its pages stay in Redis until they expire
        public_texts(client, world)
        pages = _stored_pages(cache)
        assert len(pages) >= 10 and any(b"Quasimodo" in page for page in pages)

        with django_capture_on_commit_callbacks(execute=True):
            erasure.erase_person(party=world["person"], include_possible=True)

        assert _stored_pages(cache) == []
        assert cache.get("alerts:unrelated") == 1  # the rest of the cache is left alone
        assert cache._cache.get_client().get(unrelated) == b"kept"
    finally:  # other helpers share this Redis database: only this test's keys go
        redis = cache._cache.get_client(write=True)
        redis.delete(unrelated, *redis.scan_iter(f"{cache.key_prefix}:*"))


# Accents in the surname, common surnames, several persons -------------------------------


def test_an_accented_surname_is_found_in_every_spelling_on_every_database():
    case = CaseFactory()
    proceeding = ProceedingFactory(case=case)
    person = PartyFactory(natural_person=True, name="Hélène Lefèvre")
    ProceedingPartyFactory(proceeding=proceeding, party=person)
    texts = {
        "Helene LEFEVRE a fait appel.": erasure.FULL,
        "Mme LEFÈVRE a fait appel.": erasure.SHORT,
        "H. Lefevre a fait appel.": erasure.SHORT,
        "He\u0301le\u0300ne Lefe\u0300vre a fait appel.": erasure.FULL,  # decomposed accents
    }
    updates = [StatusUpdateFactory(case=case, text_fr=text) for text in texts]
    entry = LogEntry.objects.create(
        user=make_user("earlier"),
        content_type=ContentType.objects.get_for_model(Party),
        object_id=str(person.pk),
        object_repr="Fiche",
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"object": "Hélène Lefèvre"}}]),
    )
    assert "\\u00e8" in entry.change_message

    plan = erasure.erasure_plan(party=person)

    found = {(h.model, h.pk): h for h in plan.hits}
    for update, kind in zip(updates, texts.values(), strict=True):
        assert found[(StatusUpdate, update.pk)].kind == kind
        assert found[(StatusUpdate, update.pk)].certain
    assert found[(LogEntry, entry.pk)].matched == "H\\u00e9l\\u00e8ne Lef\\u00e8vre"

    erasure.erase_person(party=person)

    for update in updates:
        text = StatusUpdate.objects.get(pk=update.pk).text_fr
        assert text.endswith("A... B... a fait appel."), text
    assert json.loads(LogEntry.objects.get(pk=entry.pk).change_message) == [
        {"changed": {"object": erasure.PLACEHOLDER}}
    ]


def test_a_name_in_another_script_is_found_without_its_accents():
    case = CaseFactory()
    person = PartyFactory(natural_person=True, name="Ελένη Παπαδοπούλου")
    ProceedingPartyFactory(proceeding=ProceedingFactory(case=case), party=person)
    update = StatusUpdateFactory(case=case, text_fr="ΠΑΠΑΔΟΠΟΥΛΟΥ Ελενη a fait appel.")
    unrelated = StatusUpdateFactory(case=case, text_fr="Une autre requête, très longue, encore.")

    plan = erasure.erasure_plan(party=person)

    assert [(h.pk, h.kind) for h in plan.hits if h.model is StatusUpdate] == [
        (update.pk, erasure.FULL)
    ]
    # (Among the status updates: another model's hit may carry the same primary key.)
    assert unrelated.pk not in {h.pk for h in plan.hits if h.model is StatusUpdate}
    # The database narrows on the surname's letters, whatever their case or accents.
    pattern = re.compile(erasure.NameMatcher(person.name).db_regex)
    assert pattern.search(update.text_fr)
    assert pattern.search(json.dumps("Παπαδοπούλου"))
    assert not pattern.search(unrelated.text_fr)


def test_a_surname_another_party_of_the_case_bears_is_only_a_possible_hit():
    case = CaseFactory()
    proceeding = ProceedingFactory(case=case)
    person = PartyFactory(natural_person=True, name="Marie Martin")
    husband = PartyFactory(natural_person=True, name="Paul Martin")
    for party in (person, husband):
        ProceedingPartyFactory(proceeding=proceeding, party=party)
    update = StatusUpdateFactory(
        case=case, text_fr="Marie Martin et M. Martin ; Mme Martin, P. Martin et M. Martin."
    )
    alone = StatusUpdateFactory(case=case, text_fr="Martin a fait appel.")

    plan = erasure.erasure_plan(party=person)

    hits = [h for h in plan.hits if h.model is StatusUpdate]
    assert [(h.matched, h.certain) for h in hits if h.pk == update.pk] == [
        ("Marie Martin", True),
        ("M. Martin", False),
        ("Mme Martin", False),
        ("Martin", False),  # in "P. Martin": the husband's initial is no hit, his name alone is
        ("M. Martin", False),
    ]
    assert [(h.matched, h.certain) for h in hits if h.pk == alone.pk] == [("Martin", False)]

    erasure.erase_person(party=person)

    assert StatusUpdate.objects.get(pk=update.pk).text_fr == (
        "A... B... et M. Martin ; Mme Martin, P. Martin et M. Martin."
    )
    assert Party.objects.get(pk=husband.pk).name == "Paul Martin"


def test_two_persons_erased_at_once_each_with_their_ticked_hits(client, world):
    other = PartyFactory(natural_person=True, name="Esmeralda Gitane")
    ProceedingPartyFactory(proceeding=world["ruling"].proceeding, party=other)
    StatusUpdate.objects.filter(pk=world["update"].pk).update(
        text_fr="M. Quasimodo et Esmeralda Gitane ont saisi le tribunal."
    )
    client.force_login(make_curator())
    response = client.post(
        reverse("admin:cases_party_changelist"),
        {
            "action": "erase_natural_person",
            ACTION_CHECKBOX_NAME: [world["person"].pk, other.pk],
        },
    )
    data = posted_data(response, form_id="erase-form")
    assert data[f"hit-{other.pk}"]

    assert client.post(reverse("admin:cases_party_changelist"), data).status_code == 302

    assert StatusUpdate.objects.get(pk=world["update"].pk).text_fr == (
        "M. C... D... et E... F... ont saisi le tribunal."
    )
    assert Party.objects.get(pk=other.pk).name == erasure.PLACEHOLDER


def test_possible_hits_past_the_listed_number_are_counted_and_left(client, world, monkeypatch):
    monkeypatch.setattr(erasure, "POSSIBLE_LISTED", 1)
    response = confirmation(client, world)
    body = response.content.decode()
    plan = erasure.erasure_plan(party=world["person"], possible_limit=1)
    assert len(plan.possible) == 1 and plan.omitted == 3  # the other ruling, and its history
    assert "3 autres occurrences possibles ne sont pas listées et restent" in body
    data = posted_data(response, form_id="erase-form")

    assert client.post(reverse("admin:cases_party_changelist"), data).status_code == 302

    elsewhere = Ruling.objects.get(pk=world["elsewhere"].pk)
    assert all(phrase in elsewhere.summary_fr for phrase in POSSIBLE)


def test_the_command_takes_exactly_the_hits_given_or_refuses_unknown_ones(world):
    plan = erasure.erasure_plan(party=world["person"])
    chosen = next(h for h in plan.hits if h.model is StatusUpdate and h.field == "text_en")
    with pytest.raises(CommandError):
        call_command("erase_person", str(world["person"].uid), "--hit", "cases.ruling:1:title_fr:0")
    assert Party.objects.get(pk=world["person"].pk).name == NAME

    call_command("erase_person", str(world["person"].uid), "--hit", chosen.id, stdout=io.StringIO())

    assert StatusUpdate.objects.get(pk=world["update"].pk).text_en == "C... D... went to court."
    assert StatusUpdate.objects.get(pk=world["update"].pk).text_fr.startswith("M. Quasimodo")


def test_the_command_skips_the_hits_given(world):
    plan = erasure.erasure_plan(party=world["person"])
    skipped = next(h for h in plan.hits if h.model is StatusUpdate and h.field == "text_en")

    call_command(
        "erase_person", str(world["person"].uid), "--skip", skipped.id, stdout=io.StringIO()
    )

    update = StatusUpdate.objects.get(pk=world["update"].pk)
    assert update.text_en == "Z. Quasimodo went to court."
    assert update.text_fr == "M. C... D... a saisi le tribunal."


def test_a_couple_sharing_a_surname_erased_at_once_keeps_the_hits_the_curator_saw(client):
    case = CaseFactory()
    proceeding = ProceedingFactory(case=case)
    wife = PartyFactory(natural_person=True, name="Zéphyrin Quasimodo")
    husband = PartyFactory(natural_person=True, name="Paul Quasimodo")
    for party in (wife, husband):
        ProceedingPartyFactory(proceeding=proceeding, party=party)
    update = StatusUpdateFactory(
        case=case, text_fr="Zéphyrin Quasimodo et Paul Quasimodo ont saisi le tribunal."
    )
    client.force_login(make_curator())
    changelist = reverse("admin:cases_party_changelist")
    response = client.post(
        changelist,
        {"action": "erase_natural_person", ACTION_CHECKBOX_NAME: [wife.pk, husband.pk]},
    )
    data = posted_data(response, form_id="erase-form")

    assert client.post(changelist, data).status_code == 302

    assert StatusUpdate.objects.get(pk=update.pk).text_fr == (
        "A... B... et C... D... ont saisi le tribunal."
    )
    names = Party.objects.filter(pk__in=[wife.pk, husband.pk]).values_list("name", flat=True)
    assert set(names) == {erasure.PLACEHOLDER}
    assert not database_leftovers()


def test_hits_that_moved_since_the_page_was_shown_are_listed_again_not_rewritten(client, world):
    response = confirmation(client, world)
    data = posted_data(response, form_id="erase-form")
    # An editor adds a sentence before the name meanwhile: the ticked ids would now point
    # elsewhere in the text.
    StatusUpdate.objects.filter(pk=world["update"].pk).update(
        text_en="Quasimodo, the bell-ringer? No. Z. Quasimodo went to court."
    )

    again = client.post(reverse("admin:cases_party_changelist"), data)

    assert again.status_code == 200
    assert "ont changé depuis que les occurrences ont été listées" in again.content.decode()
    assert Party.objects.get(pk=world["person"].pk).name == NAME
    assert StatusUpdate.objects.get(pk=world["update"].pk).text_fr.startswith("M. Quasimodo")

    done = client.post(
        reverse("admin:cases_party_changelist"), posted_data(again, form_id="erase-form")
    )

    assert done.status_code == 302
    update = StatusUpdate.objects.get(pk=world["update"].pk)
    assert update.text_en == "C... D..., the bell-ringer? No. C... D... went to court."


def test_a_confirmation_without_the_plan_it_confirms_writes_nothing(client, world):
    response = confirmation(client, world)
    data = posted_data(response, form_id="erase-form")
    del data[f"plan-{world['person'].pk}"]

    again = client.post(reverse("admin:cases_party_changelist"), data)

    assert again.status_code == 200
    assert Party.objects.get(pk=world["person"].pk).name == NAME
