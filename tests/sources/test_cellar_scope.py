"""The default scope of `sync_sources cjeu-cellar` (docs/sources.md, "Scope"): without `--query`,
the notices of the tracked rulings that have a CELEX, then the decisions those notices list as
cited (`WORK_CITES_WORK`), each once, never a draft's CELEX; against the local replay server.

The only real CELLAR notice at hand is CELEX 62012FJ0157 (citing 62011FJ0050). The notice the
replay server gives for 62011FJ0050 is that real notice with its identifiers replaced and its
citation dropped: the format is the real one, only the values differ."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cases.models import Case, Court, Ruling
from citations.models import Citation
from sources import connectors, scope, sync
from sources.models import SyncRequest, SyncRun
from tests import factories
from tests.factories import cases as f
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

NOTICE = (FIXTURES / "cjeu-cellar" / "celex_tree_62012FJ0157.xml").read_bytes()
TREE = "application/xml;notice=tree"


def relabelled(celex: bytes, ecli: bytes, case_number: bytes) -> bytes:
    """The real notice as the notice of another decision, citing nothing."""
    data = re.sub(rb"<WORK_CITES_WORK.*?</WORK_CITES_WORK>", b"", NOTICE, flags=re.S)
    data = data.replace(b"62012FJ0157", celex).replace(b"F-157/12", case_number)
    data = data.replace(b"ECLI:EU:F:2014:164", ecli)
    return data.replace(b"ECLI%3AEU%3AF%3A2014%3A164", ecli.replace(b":", b"%3A"))


CITED = relabelled(b"62011FJ0050", b"ECLI:EU:F:2012:51", b"F-50/11")


def sync_sources(*args):
    """The command's output and exit code (0, or 1 when records were skipped)."""
    out = io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setenv("CELLAR_MIN_INTERVAL", "0")
    monkeypatch.setenv("SOURCES_BACKOFF_SECONDS", "0")


def tfp():
    """The Civil Service Tribunal, as the notices' CELEX (`FJ`) names it."""
    court = Court.objects.filter(slug="tfpue").first()
    return court or f.court(slug="tfpue", country="EU", kind="eu", ecli_code="F")


def tracked_ruling(celex: str, *, publication=Case.Publication.PUBLISHED, **fields) -> Ruling:
    """A ruling of a tracked case as CELLAR describes it (a judgment of 19 June 2014)."""
    the_case = f.case(f"Affaire {celex}", publication=publication)
    the_proceeding = f.proceeding(the_case, tfp())
    defaults = {"kind": Ruling.Kind.JUDGMENT, "decided_on": dt.date(2014, 6, 19)}
    return f.ruling(the_proceeding, celex=celex, **{**defaults, **fields})


def serve(httpserver, celex: str, data: bytes = b"", status: int = 200) -> None:
    httpserver.expect_request(f"/{celex}", headers={"Accept": TREE}).respond_with_data(
        data, status=status, content_type="application/xml"
    )


def requested(httpserver) -> list[str]:
    return [request.path.lstrip("/") for request, _response in httpserver.log]


def test_a_tracked_ruling_s_notice_and_the_decision_it_cites_are_fetched(httpserver):
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    serve(httpserver, "62012FJ0157", NOTICE)
    serve(httpserver, "62011FJ0050", CITED)
    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"))
    assert code == 0, out
    assert requested(httpserver) == ["62012FJ0157", "62011FJ0050"]
    assert "2 fetched, 1 created, 1 updated" in out
    # The cited decision is in, as reference case law, and the tracked ruling cites it
    # (unverified, from CELLAR's WORK_CITES_WORK).
    cited = Ruling.objects.get(celex="62011FJ0050")
    assert cited.ecli == "ECLI:EU:F:2012:51" and cited.reference
    citing = Ruling.objects.get(celex="62012FJ0157")
    assert citing.proceeding is not None
    link = Citation.objects.get(cited=cited)
    assert link.citing == citing and not link.verified


def test_the_scope_reads_each_notice_once(httpserver):
    # Two tracked rulings with one CELEX (joined cases, say), and a tracked ruling that is the
    # decision the other cites: each notice is asked for once.
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    tracked_ruling("62011FJ0050", number="F-50/11", ecli="ECLI:EU:F:2012:51")
    assert scope.tracked_celex() == ["62011FJ0050", "62012FJ0157"]
    serve(httpserver, "62012FJ0157", NOTICE)
    serve(httpserver, "62011FJ0050", CITED)
    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"))
    assert code == 0, out
    assert sorted(requested(httpserver)) == ["62011FJ0050", "62012FJ0157"]
    assert "2 fetched" in out


def test_cited_celex_dedup_and_case_law_only():
    record = connectors.cellar.parse_notice(NOTICE)
    assert scope.cited_celex([record, record]) == ["62011FJ0050"]
    assert scope.cited_celex([record], known=["62011FJ0050"]) == []
    # Legislation (sector 3) cited by a judgment is no decision to fetch.
    assert scope.case_law_celex("32016R0679") == ""
    assert scope.case_law_celex("62011fj0050") == "62011FJ0050"


def test_a_draft_case_s_ruling_is_never_queried(httpserver):
    tracked_ruling("62012FJ0157", publication=Case.Publication.DRAFT, number="F-157/12")
    tracked_ruling("62011FJ0050", publication=Case.Publication.REVIEW, number="F-50/11")
    # Reference case law outside any tracked case is not in the scope either.
    f.ruling(None, f.court(country="EU", kind="eu"), celex="62014CJ0362", number="C-362/14")
    assert scope.tracked_celex() == []
    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"))
    assert code == 0, out
    assert "0 fetched" in out
    assert requested(httpserver) == []


def test_a_cited_notice_that_404s_is_skipped_with_its_reason_and_the_run_goes_on(httpserver):
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    tracked_ruling("62013FJ0001", number="F-1/13", ecli="ECLI:EU:F:2014:1")
    serve(httpserver, "62012FJ0157", NOTICE)
    serve(httpserver, "62013FJ0001", relabelled(b"62013FJ0001", b"ECLI:EU:F:2014:1", b"F-1/13"))
    serve(httpserver, "62011FJ0050", status=404)
    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"))
    assert code == 1, out
    assert "skipped 62011FJ0050: cjeu-cellar: HTTP 404" in out
    assert "3 fetched, 0 created, 2 updated" in out
    run = SyncRun.objects.get(source="cjeu-cellar")
    assert [s["source_id"] for s in run.skipped] == ["62011FJ0050"]
    assert not Ruling.objects.filter(celex="62011FJ0050").exists()


def test_a_tracked_notice_that_404s_is_skipped_and_its_citations_unknown(httpserver):
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    serve(httpserver, "62012FJ0157", status=404)
    out, code = sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"))
    assert code == 1, out
    assert "skipped 62012FJ0157: cjeu-cellar: HTTP 404" in out
    assert requested(httpserver) == ["62012FJ0157"]


def test_access_refused_stops_the_run(httpserver):
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    serve(httpserver, "62012FJ0157", status=403)
    with pytest.raises(CommandError, match="403 access forbidden"):
        sync_sources("cjeu-cellar", "--from", httpserver.url_for("/"))
    assert requested(httpserver) == ["62012FJ0157"]


def test_since_and_all_stay_unavailable():
    for option in (("--since", "2024-01-01"), ("--all",)):
        with pytest.raises(CommandError, match="unavailable"):
            sync_sources("cjeu-cellar", *option)
    assert not SyncRun.objects.exists()  # refused before a run starts


def test_query_still_names_the_notices(httpserver):
    tracked_ruling("62013FJ0001", number="F-1/13", ecli="ECLI:EU:F:2014:1")
    serve(httpserver, "62012FJ0157", NOTICE)
    out, code = sync_sources(
        "cjeu-cellar", "--from", httpserver.url_for("/"), "--query", "62012FJ0157,62012FJ0157"
    )
    assert code == 0, out
    assert requested(httpserver) == ["62012FJ0157"]  # not the scope, not twice


def test_run_now_runs_cellar_without_a_dump(httpserver, settings):
    """The admin's "run now (dry run)": CELLAR needs no dump nor CELEX numbers any more."""
    settings.SOURCES_FROM = {"cjeu-cellar": httpserver.url_for("/")}
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    serve(httpserver, "62012FJ0157", NOTICE)
    serve(httpserver, "62011FJ0050", CITED)
    curator = Client()
    curator.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    curator.post(reverse("admin:sources_syncrequest_run"), {"source": "cjeu-cellar"})
    out = io.StringIO()
    call_command("sync_sources", "--queued", stdout=out)
    request = SyncRequest.objects.get()
    assert request.status == "done", request.message
    assert request.run.dry_run and (request.run.fetched, request.run.created) == (2, 1)
    assert not Ruling.objects.filter(celex="62011FJ0050").exists()  # a dry run writes nothing


class Killed(Exception):
    pass


def test_a_killed_run_goes_on_without_fetching_again_the_cited_notices_it_had_done(httpserver):
    tracked_ruling("62012FJ0157", number="F-157/12", ecli="ECLI:EU:F:2014:164")
    tracked_ruling("62013FJ0001", number="F-1/13", ecli="ECLI:EU:F:2014:1")
    # The second tracked notice cites another decision (the real citation, relabelled).
    second = NOTICE.replace(b"62011FJ0050", b"62010FJ0002").replace(b"F:2012:51", b"F:2011:2")
    second = second.replace(b"F%3A2012%3A51", b"F%3A2011%3A2")
    second = second.replace(b"62012FJ0157", b"62013FJ0001").replace(b"F-157/12", b"F-1/13")
    second = second.replace(b"ECLI:EU:F:2014:164", b"ECLI:EU:F:2014:1")
    second = second.replace(b"ECLI%3AEU%3AF%3A2014%3A164", b"ECLI%3AEU%3AF%3A2014%3A1")
    serve(httpserver, "62012FJ0157", NOTICE)
    serve(httpserver, "62013FJ0001", second)
    serve(httpserver, "62011FJ0050", CITED)
    serve(httpserver, "62010FJ0002", relabelled(b"62010FJ0002", b"ECLI:EU:F:2011:2", b"F-2/10"))
    options = connectors.Options(origin=httpserver.url_for("/"))
    done = []

    def killed_at_the_fourth(item):
        # Killed once the 4th record is written, before its checkpoint: 3 are done.
        done.append(item.source_id)
        if len(done) == 4:
            raise Killed

    with pytest.raises(Killed):
        sync.run("cjeu-cellar", connectors.items("cjeu-cellar", options), options,
                 progress=killed_at_the_fourth)  # fmt: skip
    assert done == ["62012FJ0157", "62013FJ0001", "62011FJ0050", "62010FJ0002"]
    httpserver.clear_log()
    run = sync.run("cjeu-cellar", connectors.items("cjeu-cellar", options), options)
    # The tracked notices are read again (they say what is cited); the cited one done is not.
    assert requested(httpserver) == ["62012FJ0157", "62013FJ0001", "62010FJ0002"]
    assert (run.fetched, run.unchanged, run.errors) == (1, 1, 0)
    assert Ruling.objects.filter(celex__in=["62011FJ0050", "62010FJ0002"]).count() == 2
