"""A judgment on joined cases belongs to several proceedings, possibly of several cases: it is
public as soon as one of those cases is, and every public output names only the public ones
(cases.visibility). Tried as an adversary would: the draft case's title, slug and number must
appear nowhere a reader can look."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases import permissions
from cases.models import Ruling
from citations.models import Citation, stats_of
from interchange.export import export_document
from interchange.format import dumps
from tests.factories import (
    CaseFactory,
    CitationFactory,
    CourtFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    build_world,
)

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Affaire confidentielle jointe"
SECRET_SLUG = "affaire-confidentielle-jointe"
SECRET_NUMBER = "C-999/19"
SECRET_PARTY = "Association très discrète"


@pytest.fixture
def joined():
    """A judgment whose main proceeding is in a draft case, joined to a published case's."""
    court = CourtFactory(cjeu=True)
    draft = CaseFactory(draft=True, title_fr=SECRET_TITLE, title_en=SECRET_TITLE, slug=SECRET_SLUG)
    draft_proceeding = ProceedingFactory(case=draft, court=court, number=SECRET_NUMBER)
    ProceedingPartyFactory(proceeding=draft_proceeding, party__name=SECRET_PARTY)
    published = CaseFactory(title_fr="Affaire publiée", title_en="Published case")
    public_proceeding = ProceedingFactory(case=published, court=court, number="C-311/18")
    ProceedingPartyFactory(proceeding=public_proceeding, party__name="Association publique")
    ruling = RulingFactory(
        proceeding=draft_proceeding,
        kind=Ruling.Kind.JUDGMENT,
        short_name="Arrêt joint",
        case_name="Public and Others",
    )
    ruling.joined_proceedings.set([public_proceeding])
    return {
        "ruling": ruling,
        "draft": draft,
        "published": published,
        "draft_proceeding": draft_proceeding,
        "public_proceeding": public_proceeding,
    }


def en_url(obj) -> str:
    with translation.override("en"):
        return obj.get_absolute_url()


def assert_no_secret(text: str) -> None:
    for secret in (SECRET_TITLE, SECRET_SLUG, SECRET_NUMBER, SECRET_PARTY):
        assert secret not in text, secret


def test_a_ruling_is_public_when_one_of_its_joined_cases_is(joined):
    ruling = joined["ruling"]
    assert Ruling.objects.public().filter(pk=ruling.pk).count() == 1  # once, not per link
    joined["published"].publication = "draft"
    joined["published"].save()
    assert not Ruling.objects.public().filter(pk=ruling.pk).exists()


def test_the_ruling_page_names_only_the_published_case(client, joined):
    response = client.get(en_url(joined["ruling"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published case" in page
    assert en_url(joined["published"]) in page
    assert "Association publique" in page
    assert_no_secret(page)


def test_the_ruling_page_asks_once_whether_a_joined_case_is_public(client, joined):
    """For the anonymous reader's 404 and for the preview banner alike: one EXISTS over the
    joined proceedings' cases, not one each."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(en_url(joined["ruling"])).status_code == 200
    asked = [
        q["sql"]
        for q in captured
        if 'FROM "cases_ruling_joined_proceedings"' in q["sql"]
        and q["sql"].lstrip().upper().startswith("SELECT 1 AS")
    ]
    assert len(asked) == 1, asked


def test_a_ruling_whose_joined_cases_are_all_drafts_has_no_page(client, joined):
    joined["published"].publication = "draft"
    joined["published"].save()
    assert client.get(en_url(joined["ruling"])).status_code == 404


def test_the_published_case_page_shows_the_joined_judgment(client, joined):
    page = client.get(en_url(joined["published"])).content.decode()
    assert en_url(joined["ruling"]) in page
    assert_no_secret(page)


def test_the_api_lists_only_the_published_proceeding(client, joined):
    ruling = joined["ruling"]
    detail = client.get(f"/api/v1/rulings/{ruling.slug}/").json()
    assert detail["case"] == joined["published"].slug
    assert [p["case"] for p in detail["proceedings"]] == [joined["published"].slug]
    assert detail["proceedings"][0]["number"] == "C-311/18"
    assert detail["case_name"] == "Public and Others"
    listing = client.get("/api/v1/rulings/").content.decode()
    assert ruling.slug in listing
    assert_no_secret(listing)
    assert_no_secret(json.dumps(detail))


def test_the_api_case_filter_never_confirms_a_draft_case(client, joined):
    ruling = joined["ruling"]
    by_draft = client.get(f"/api/v1/rulings/?case={SECRET_SLUG}").json()
    assert by_draft["results"] == []
    by_public = client.get(f"/api/v1/rulings/?case={joined['published'].slug}").json()
    assert [r["slug"] for r in by_public["results"]] == [ruling.slug]


def test_feeds_and_the_global_timeline_keep_the_draft_case_out(client, joined):
    for url in ("/en/feeds/rulings.atom", "/en/timeline/", "/en/rulings/", "/en/search/?q=joint"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response.content.decode())
    assert joined["ruling"].slug in client.get("/en/feeds/rulings.atom").content.decode()


def test_the_public_export_names_only_the_published_proceeding(joined, tmp_path):
    document = export_document(public=True)
    text = dumps(document)
    assert_no_secret(text)
    assert str(joined["draft_proceeding"].uid) not in text
    (record,) = [r for r in document["rulings"] if r["uid"] == str(joined["ruling"].uid)]
    # The published proceeding stands as the main one: the ruling stays in a case.
    assert record["proceeding"] == str(joined["public_proceeding"].uid)
    assert record["joined_proceedings"] == []
    assert record["reference"] is False
    path = tmp_path / "public.json"
    call_command("export_caselaw", str(path), "--public", verbosity=0)
    assert_no_secret(path.read_text(encoding="utf-8"))


def test_the_full_export_keeps_the_main_and_the_joined_proceeding(joined):
    (record,) = [r for r in export_document()["rulings"] if r["uid"] == str(joined["ruling"].uid)]
    assert record["proceeding"] == str(joined["draft_proceeding"].uid)
    assert record["joined_proceedings"] == [str(joined["public_proceeding"].uid)]


def test_the_ruling_page_of_a_public_main_case_leaves_a_draft_joined_case_out(client):
    court = CourtFactory(cjeu=True)
    public_proceeding = ProceedingFactory(court=court, case__title_en="Main published case")
    draft_proceeding = ProceedingFactory(
        court=court, number=SECRET_NUMBER, case=CaseFactory(draft=True, title_en=SECRET_TITLE)
    )
    ruling = RulingFactory(proceeding=public_proceeding)
    ruling.joined_proceedings.set([draft_proceeding])
    page = client.get(en_url(ruling)).content.decode()
    assert "Main published case" in page
    assert_no_secret(page)
    detail = client.get(f"/api/v1/rulings/{ruling.slug}/").json()
    assert [p["number"] for p in detail["proceedings"]] == [public_proceeding.number]


def cited_by(ruling) -> int:
    """The stored cited-by count of `ruling`, read afresh (citations.CitedByStats)."""
    return stats_of(Ruling.objects.get(pk=ruling.pk)).count


def test_joining_a_published_case_counts_the_rulings_citations(joined):
    court = CourtFactory()
    draft_proceeding = ProceedingFactory(court=court, case=CaseFactory(draft=True))
    citing = RulingFactory(proceeding=draft_proceeding)
    cited = RulingFactory()
    CitationFactory(citing_ruling=citing, cited=cited, verified=True)
    cited.refresh_from_db()
    assert cited_by(cited) == 0  # the citing ruling is not public yet

    citing.joined_proceedings.add(joined["public_proceeding"])

    cited.refresh_from_db()
    assert cited_by(cited) == 1
    assert Citation.objects.public().filter(citing_ruling=citing).exists()
    citing.joined_proceedings.clear()
    cited.refresh_from_db()
    assert cited_by(cited) == 0


def test_deleting_a_judgment_shown_on_another_published_case_takes_its_publisher():
    world = build_world()
    ruling = world.a.ruling  # its case A is a draft
    assert permissions.can_delete(world.a.publisher, ruling)
    ruling.joined_proceedings.set([world.b.proceeding])
    world.b.case.publication = "published"
    world.b.case.save()

    assert not permissions.can_delete(world.a.editor, ruling)
    assert not permissions.can_delete(world.a.publisher, ruling)
    assert permissions.can_delete(world.curator, ruling)


def test_a_party_page_lists_a_joined_judgment_only_through_a_published_case(client, joined):
    shared = PartyFactory(name="Partie des deux affaires")
    ProceedingPartyFactory(party=shared)  # in another published case: the party has a page
    ProceedingPartyFactory(proceeding=joined["draft_proceeding"], party=shared)
    ruling = joined["ruling"]
    response = client.get(en_url(shared))
    assert response.status_code == 200
    assert en_url(ruling) not in response.content.decode()

    ProceedingPartyFactory(proceeding=joined["public_proceeding"], party=shared)
    page = client.get(en_url(shared)).content.decode()
    assert en_url(ruling) in page
    assert_no_secret(page)


def test_each_published_cases_feed_carries_the_joined_judgment(client, joined):
    feed = client.get(f"/en/cases/{joined['published'].slug}/feed.atom").content.decode()
    assert en_url(joined["ruling"]) in feed
    assert_no_secret(feed)
