"""A decision the source withdraws (Judilibre's `deleted` transactions, `to_be_deleted`) is
unpublished here: out of every public output, purged from the page cache and the published data
file, the row kept for curators with why (docs/sources.md, "Withdrawals")."""

import datetime as dt
import io
import json
import uuid

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.models import Ruling
from casetracker import pagecache
from citations.models import Citation, stats_of
from citations.services import citation_create
from interchange.models import SourceRecord
from sources import adapter, connectors, sync
from sources.models import SavedQuery, SyncRun
from tests.factories.organisations import build_world
from tests.security.outputs import public_outputs
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

JUDILIBRE = FIXTURES / "judilibre"
CC = json.loads((JUDILIBRE / "cc_sample_detail_unresolved.json").read_text())
TCOM = json.loads((JUDILIBRE / "tcom_sample_detail_unresolved.json").read_text())
CC_ECLI = "ECLI:FR:CCASS:2020:CO00740"


def sync_sources(*args):
    out = io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


@pytest.fixture(autouse=True)
def _plain(settings, tmp_path, monkeypatch):
    settings.SECURE_SSL_REDIRECT = False
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    monkeypatch.setenv("JUDILIBRE_MIN_INTERVAL", "0")
    monkeypatch.setenv("SOURCES_BACKOFF_SECONDS", "0")


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"withdraw-test-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    return caches["default"]


def history_pages(httpserver, *pages):
    """The replay server's `/transactionalhistory`: each page (a list of (id, action)) links
    to the next by `next_page`, as in the OpenAPI specification's example."""
    for number, transactions in enumerate(pages):
        last = number == len(pages) - 1
        body = {
            "transactions": [
                {"id": i, "action": action, "date": f"2025-01-1{number}T14:50:10.185Z"}
                for i, action in transactions
            ],
            "page_size": 10,
            "total": sum(len(p) for p in pages),
            "query_date": "2025-01-31T08:10:18.262Z",
        }
        if not last:
            body["next_page"] = f"date=2025-01-01&page_size=10&from_id=page{number + 1}"
        expected = {"date": "2025-01-01", "page_size": "10" if number else "500"}
        if number:
            expected["from_id"] = f"page{number}"
        httpserver.expect_request("/transactionalhistory", query_string=expected).respond_with_json(
            body
        )


def serve_scope(httpserver, *ids):
    """Every `/search` of the default scope finds the decisions `ids` (a saved query makes one)."""
    SavedQuery.objects.create(query="données de santé")
    httpserver.expect_request("/search").respond_with_json(
        {"page": 0, "results": [{"id": i} for i in ids], "next_page": None}
    )


def serve_decision(httpserver, decision):
    httpserver.expect_request("/decision", query_string={"id": decision["id"]}).respond_with_json(
        decision
    )


def imported(httpserver) -> Ruling:
    serve_decision(httpserver, CC)
    out, code = sync_sources("judilibre", "--from", httpserver.url_for("/"), "--query", CC["id"])
    assert code == 0, out
    return Ruling.objects.get(ecli=CC_ECLI)


def test_transactional_history_withdraws_deleted_and_fetches_created(httpserver):
    world = build_world()
    services.case_set_publication(cases=[world.a.case], publication="published")
    ruling = imported(httpserver)
    # A public ruling cites it (verified): it counts, and shows on the public outputs.
    citation_create(citing=world.a.ruling, cited=ruling, verified=True)
    assert stats_of(Ruling.objects.get(pk=ruling.pk)).count == 1
    client = Client()
    before = public_outputs(client, world)
    assert ruling.slug in before["en:ruling_list"]
    assert ruling.slug in before["api:rulings"]
    assert CC_ECLI in before["fr:data"]

    # Page 1: a creation; page 2: an update of the stored decision, then its deletion.
    history_pages(
        httpserver,
        [(TCOM["id"], "created"), (CC["id"], "updated")],
        [(CC["id"], "deleted"), ("5f00000000000000000000aa", "deleted")],
    )
    serve_scope(httpserver, TCOM["id"])  # the creation is in the scope: fetched
    serve_decision(httpserver, TCOM)
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01"
    )

    assert code == 0, out
    # The last action done to a decision is the one applied; a deletion of a decision never
    # stored withdraws nothing.
    assert "3 fetched, 1 created, 0 updated, 0 unchanged, 1 withdrawn" in out
    decisions = [r.args.get("id") for r, _ in httpserver.log if r.path == "/decision"]
    assert decisions == [CC["id"], TCOM["id"]]  # the deleted one is not fetched again
    assert SyncRun.objects.filter(source="judilibre").first().withdrawn == 1

    withdrawn = Ruling.objects.get(pk=ruling.pk)  # kept for curators
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_reason.startswith(f"judilibre {CC['id']}: deleted at the source")
    assert withdrawn.reference  # the curator's status is left as it was
    assert Ruling.objects.filter(numbers__number="2022004346").exists()  # the created one

    after = public_outputs(client, world)
    for name, body in after.items():
        assert withdrawn.slug not in body, name
        assert CC_ECLI not in body, name
    with translation.override("en"):
        assert client.get(withdrawn.get_absolute_url()).status_code == 404
        graph = reverse("ruling_graph_json", kwargs={"slug": withdrawn.slug})
        assert client.get(graph).status_code == 404
    assert client.get(f"/api/v1/rulings/{withdrawn.slug}/").status_code == 404
    assert client.get(f"/ecli/{CC_ECLI}/").status_code == 404
    # The citation from the public ruling stays for curators but no longer counts.
    assert Citation.objects.filter(cited=withdrawn).exists()
    assert not Citation.objects.public().filter(cited=withdrawn).exists()

    # A curator still finds it in the admin, with why.
    curator = Client()
    curator.force_login(world.curator)
    change = curator.get(reverse("admin:cases_ruling_change", args=[withdrawn.pk]))
    assert change.status_code == 200
    assert "deleted at the source" in change.content.decode()

    # Run again: nothing more to withdraw.
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01", "--dry-run"
    )
    assert "0 withdrawn" in out


def test_a_record_marked_to_be_deleted_unpublishes_the_stored_copy(httpserver, tmp_path):
    ruling = imported(httpserver)
    (tmp_path / "withdrawn.json").write_text(json.dumps({**CC, "to_be_deleted": True}))

    out, code = sync_sources("judilibre", "--from", str(tmp_path), "--dry-run")
    assert "1 withdrawn" in out
    assert Ruling.objects.get(pk=ruling.pk).withdrawn_at is None  # a dry run changes nothing

    out, code = sync_sources("judilibre", "--from", str(tmp_path))
    assert code == 0, out
    assert "0 created, 0 updated, 0 unchanged, 1 withdrawn" in out
    ruling.refresh_from_db()
    assert "to_be_deleted" in ruling.withdrawn_reason
    assert not Ruling.objects.public().filter(pk=ruling.pk).exists()


def test_a_record_marked_to_be_deleted_and_never_stored_is_not_written(tmp_path):
    (tmp_path / "withdrawn.json").write_text(json.dumps({**CC, "to_be_deleted": True}))
    out, code = sync_sources("judilibre", "--from", str(tmp_path))
    assert code == 0, out
    assert "0 created" in out and "0 withdrawn" in out
    assert not Ruling.objects.exists()


def test_withdrawal_found_by_the_source_identifier_first(httpserver, tmp_path):
    ruling = imported(httpserver)
    assert SourceRecord.objects.filter(source="judilibre", source_id=CC["id"]).exists()
    # The stored row lost its ECLI (a curator's edit): the source's identifier still names it.
    Ruling.objects.filter(pk=ruling.pk).update(ecli=None)
    history_pages(httpserver, [(CC["id"], "deleted")])
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01"
    )
    assert code == 0, out
    assert "1 withdrawn" in out, out
    assert Ruling.objects.get(pk=ruling.pk).withdrawn_at is not None


def test_a_ruling_of_a_public_case_is_unpublished_too():
    """Withdrawal wins over the case's publication (the rule of cases.visibility)."""
    world = build_world()
    services.case_set_publication(cases=[world.a.case], publication="published")
    ruling = Ruling.objects.get(pk=world.a.ruling.pk)
    assert Ruling.objects.public().filter(pk=ruling.pk).exists()
    assert services.ruling_withdraw(ruling=ruling, reason="deleted at the source") is True
    assert services.ruling_withdraw(ruling=ruling, reason="again") is False
    assert not Ruling.objects.public().filter(pk=ruling.pk).exists()
    with translation.override("en"):
        assert Client().get(ruling.get_absolute_url()).status_code == 404
        case_page = Client().get(world.a.case.get_absolute_url())
    assert case_page.status_code == 200
    assert ruling.slug not in case_page.content.decode()


def test_the_page_cache_and_the_data_file_are_purged(
    httpserver, page_cache, settings, django_capture_on_commit_callbacks
):
    ruling = imported(httpserver)
    client = Client()
    with translation.override("en"):
        url = ruling.get_absolute_url()
        data = reverse("data_download")
    assert client.get(url).status_code == 200
    body = client.get(data)
    assert CC_ECLI in b"".join(body.streaming_content).decode()
    stored = [k for k in page_cache._cache if pagecache.PAGE_PREFIX in k]
    assert stored  # the page is in the cache
    files = list(settings.PUBLIC_DATA_DIR.glob("caselaw-public-*"))
    assert files  # the published data file was generated

    history_pages(httpserver, [(CC["id"], "deleted")])
    with django_capture_on_commit_callbacks(execute=True):
        out, code = sync_sources(
            "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01"
        )
    assert code == 0, out
    assert "1 withdrawn" in out

    assert [k for k in page_cache._cache if pagecache.PAGE_PREFIX in k] == []
    assert not [p for p in files if p.exists()]
    assert client.get(url).status_code == 404
    again = client.get(data)
    text = b"".join(again.streaming_content).decode() if again.streaming else again.content.decode()
    assert CC_ECLI not in text


def test_the_history_fetches_no_creation_outside_the_scope(httpserver):
    """The history lists every change of Judilibre: only decisions stored here or in the
    default scope are fetched; a deletion is applied whatever the scope."""
    ruling = imported(httpserver)
    history_pages(httpserver, [(TCOM["id"], "created"), (CC["id"], "updated")])
    serve_decision(httpserver, CC)
    serve_decision(httpserver, TCOM)
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01"
    )
    assert code == 0, out
    assert "1 fetched, 0 created, 0 updated, 1 unchanged" in out
    decisions = [r.args.get("id") for r, _ in httpserver.log if r.path == "/decision"]
    assert decisions == [CC["id"], CC["id"]]  # imported, then its update: never TCOM
    assert Ruling.objects.get(pk=ruling.pk).withdrawn_at is None


def test_a_history_repeating_its_page_stops(httpserver):
    page = {
        "transactions": [{"id": "x1", "action": "deleted", "date": "2025-01-15"}],
        "next_page": "date=2025-01-01&from_id=same",
        "page_size": 10,
        "total": 2,
        "query_date": "2025-01-31T08:10:18.262Z",
    }
    httpserver.expect_request("/transactionalhistory").respond_with_json(page)
    with pytest.raises(Exception, match="repeats a page"):
        sync_sources("judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01")


def test_a_withdrawal_that_fails_is_named_and_the_run_goes_on(httpserver, monkeypatch):
    ruling = imported(httpserver)

    def refuse(**kwargs):
        raise ValidationError("the stored row is invalid")

    monkeypatch.setattr(adapter, "ruling_withdraw", refuse)
    history_pages(httpserver, [(CC["id"], "deleted"), (TCOM["id"], "created")])
    serve_scope(httpserver, TCOM["id"])
    serve_decision(httpserver, TCOM)
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01"
    )
    assert code == 1
    assert f"skipped {CC['id']}: could not be withdrawn: ['the stored row is invalid']" in out
    assert "1 created" in out  # the rest went in
    assert Ruling.objects.get(pk=ruling.pk).withdrawn_at is None


def test_a_killed_history_run_resumes_without_fetching_the_done_decisions_again(httpserver):
    history_pages(httpserver, [(CC["id"], "created"), (TCOM["id"], "created")])
    serve_scope(httpserver, CC["id"], TCOM["id"])
    serve_decision(httpserver, CC)
    serve_decision(httpserver, TCOM)
    options = connectors.Options(origin=httpserver.url_for("/"), since=dt.date(2025, 1, 1))

    def killed():
        for n, item in enumerate(connectors.items("judilibre", options)):
            if n == 1:
                raise KeyboardInterrupt
            yield item

    with pytest.raises(KeyboardInterrupt):
        sync.run("judilibre", killed(), options)
    assert Ruling.objects.get(ecli=CC_ECLI)
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2025-01-01"
    )
    assert code == 0, out
    assert "resumed after 1 records" in out
    assert "1 fetched, 1 created" in out
    decisions = [r.args.get("id") for r, _ in httpserver.log if r.path == "/decision"]
    assert decisions == [CC["id"], TCOM["id"]]  # each fetched once
