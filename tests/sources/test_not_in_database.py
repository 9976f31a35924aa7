""" "Cited, not in the database": the curators' grouped list, the button that queues a fetch by
identifier (never fetching in the request), and `sync_sources --id` / `--requested`
(docs/sources.md, "Cited, not in the database")."""

import html
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases.models import Ruling
from citations.models import Citation
from interchange.models import SourceRecord
from sources.models import FetchRequest, UnresolvedCitation
from tests.factories.organisations import build_world
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

LIST = "admin:sources_unresolvedcitation_grouped"
ROWS = "admin:sources_unresolvedcitation_changelist"
NOTICE = (FIXTURES / "cjeu-cellar" / "celex_tree_62012FJ0157.xml").read_bytes()
TC_FILE = FIXTURES / "dila-jade" / "CETATEXT000051918239.xml"


def sync_sources(*args):
    out = io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


@pytest.fixture(autouse=True)
def _fast(monkeypatch, settings):
    settings.SECURE_SSL_REDIRECT = False
    monkeypatch.setenv("CELLAR_MIN_INTERVAL", "0")
    monkeypatch.setenv("JUDILIBRE_MIN_INTERVAL", "0")
    monkeypatch.setenv("SOURCES_BACKOFF_SECONDS", "0")


@pytest.fixture
def world(httpserver):
    """The CELLAR sample (citing ECLI:EU:F:2012:51, CELEX 62011FJ0050) and the Tribunal des
    conflits' JADE file (citing its decision n° 4333) synced; B's draft ruling cites the CELLAR
    one too (extracted from its text, say)."""
    world = build_world()
    httpserver.expect_request("/62012FJ0157").respond_with_data(
        NOTICE, content_type="application/xml"
    )
    out, code = sync_sources(
        "cjeu-cellar", "--from", httpserver.url_for("/"), "--query", "62012FJ0157"
    )
    assert code == 0, out
    out, code = sync_sources("dila-jade", "--from", str(TC_FILE))
    assert code == 0, out
    UnresolvedCitation.objects.create(
        citing=world.b.ruling,
        key="ECLI:EU:F:2012:51",
        ecli="ECLI:EU:F:2012:51",
        text="ECLI:EU:F:2012:51",
        found_in="extracted",
    )
    return world


def rows(body: str) -> dict[str, str]:
    """Each table row of the list, by its identifier."""
    found = {}
    for row in body.split('<tr data-key="')[1:]:
        key, rest = row.split('">', 1)
        found[html.unescape(key)] = rest.split("</tr>")[0]
    return found


def curator_client(world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.curator)
    return client


def test_curators_see_the_decisions_cited_grouped_by_identifier(world):
    with translation.override("en"):
        page = curator_client(world).get(reverse(LIST))
    assert page.status_code == 200
    body = page.content.decode()
    found = rows(body)
    assert set(found) == {"ECLI:EU:F:2012:51", "TC n° 4333"}
    # Cited by the CELLAR judgment (its source's list) and B's ruling (extracted): 2 rulings.
    assert '<td class="citing-count">2</td>' in found["ECLI:EU:F:2012:51"]
    assert "cjeu-cellar, extracted" in found["ECLI:EU:F:2012:51"]
    assert "Fetch from cjeu-cellar" in found["ECLI:EU:F:2012:51"]
    assert '<td class="citing-count">1</td>' in found["TC n° 4333"]
    assert "no source fetches it by identifier" in found["TC n° 4333"]
    # Most cited first.
    assert body.index("ECLI:EU:F:2012:51") < body.index("TC n° 4333")
    # The search narrows it.
    with translation.override("en"):
        narrowed = curator_client(world).get(reverse(LIST), {"q": "Ville de Paris"})
    assert set(rows(narrowed.content.decode())) == {"TC n° 4333"}


@pytest.mark.parametrize("role", ["editor_a", "editor_b", "publisher_a", "outsider"])
def test_nobody_else_sees_it(world, role):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.user(role))
    with translation.override("en"):
        assert client.get(reverse(ROWS)).status_code in (302, 403)
        assert client.get(reverse(LIST)).status_code in (302, 403)
        assert client.post(reverse(LIST), {"key": "ECLI:EU:F:2012:51"}).status_code in (302, 403)
        index = client.get(reverse("admin:index"))
    assert "cited, not in the database" not in index.content.decode().lower()
    assert not FetchRequest.objects.exists()


def test_the_button_queues_the_fetch_and_fetches_nothing(world, httpserver):
    requests_before = len(httpserver.log)
    client = curator_client(world)
    with translation.override("en"):
        url = reverse(LIST)
    answer = client.post(url, {"key": "ECLI:EU:F:2012:51"})
    assert answer.status_code == 302
    [request] = FetchRequest.objects.all()
    assert (request.source, request.identifier) == ("cjeu-cellar", "62011FJ0050")
    assert request.requested_by == world.curator
    assert request.done_at is None
    assert len(httpserver.log) == requests_before  # nothing fetched in the web request
    # Asked again: still one request, and the list says it is queued.
    client.post(url, {"key": "ECLI:EU:F:2012:51"})
    assert FetchRequest.objects.count() == 1
    assert "queued for cjeu-cellar" in rows(client.get(url).content.decode())["ECLI:EU:F:2012:51"]
    # What no source fetches, or no decision cited: refused with a message, nothing queued.
    for key in ("TC n° 4333", "nothing-of-the-sort", ""):
        answer = client.post(url, {"key": key}, follow=True)
        assert answer.status_code == 200
        assert "No source can fetch this decision" in answer.content.decode()
    assert FetchRequest.objects.count() == 1


def test_requested_decisions_are_fetched_by_the_sync(world, httpserver):
    # A stored ruling waits for the CELLAR sample's own judgment, cited by its CELEX.
    citing = Ruling.objects.get(numbers__number="C4347")
    UnresolvedCitation.objects.create(
        citing=citing, key="CELEX 62012FJ0157", celex="62012FJ0157", found_in="extracted"
    )
    # Not stored yet (its provenance goes with it: a generic relation does not cascade).
    stored = Ruling.objects.get(celex="62012FJ0157")
    SourceRecord.objects.filter(content_type__model="ruling", object_id=stored.pk).delete()
    stored.delete()
    httpserver.expect_request("/62011FJ0050").respond_with_data("", status=404)
    FetchRequest.objects.create(source="cjeu-cellar", identifier="62011FJ0050")
    FetchRequest.objects.create(source="cjeu-cellar", identifier="62012FJ0157")

    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"), "--requested")

    assert code == 1, out  # the 404 is named and skipped
    assert "skipped 62011FJ0050: cjeu-cellar: HTTP 404" in out
    done = {r.identifier: r for r in FetchRequest.objects.all()}
    assert all(r.done_at is not None for r in done.values())
    assert done["62011FJ0050"].result.startswith("skipped: cjeu-cellar: HTTP 404")
    assert done["62012FJ0157"].result.startswith("fetched")
    arrived = Ruling.objects.get(celex="62012FJ0157")
    citation = Citation.objects.get(citing_ruling=citing, cited=arrived)
    assert citation.verified is False
    assert not UnresolvedCitation.objects.filter(key="CELEX 62012FJ0157").exists()
    # Nothing left: the next run says so.
    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"), "--requested")
    assert (out.strip(), code) == ("cjeu-cellar: no decision requested", 0)


def test_sync_by_identifier(httpserver):
    httpserver.expect_request("/62012FJ0157").respond_with_data(
        NOTICE, content_type="application/xml"
    )
    out, code = sync_sources(
        "cjeu-cellar", "--from", httpserver.url_for("/"), "--id", "62012FJ0157"
    )
    assert code == 0, out
    assert Ruling.objects.filter(celex="62012FJ0157").exists()
    with pytest.raises(CommandError, match="one decision by identifier only from"):
        sync_sources("dila-jade", "--from", str(TC_FILE), "--id", "CETATEXT000051918239")
