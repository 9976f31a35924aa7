"""The page per source and "run now (dry run)": curators only, POST with CSRF, a request row
and nothing run inside the web request; `sync_sources --queued` runs it and the page shows the
result."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cases.models import Ruling
from organisations.models import Membership, Organisation
from sources.models import SyncRequest, SyncRun
from tests import factories
from tests.factories.sources import SyncRunFactory, SyncStateFactory
from tests.sources.conftest import FIXTURES
from tests.sources.test_sync import held_by_another_run

pytestmark = pytest.mark.django_db

PAGE = "admin:sources_syncrequest_changelist"
RUN = "admin:sources_syncrequest_run"


@pytest.fixture
def curator(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def editor(client):
    user = factories.UserFactory(is_staff=True)
    organisation = Organisation.objects.create(name="Association A", slug="association-a")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.PUBLISHER)
    client.force_login(user)
    return client


def queued():
    out = io.StringIO()
    call_command("sync_sources", "--queued", stdout=out)
    return out.getvalue()


def test_the_page_lists_the_four_sources_with_runs_checkpoint_and_lock(curator):
    SyncStateFactory()
    run = SyncRunFactory()
    page = curator.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    for source in ("dila-jade", "justice-administrative", "judilibre", "cjeu-cellar"):
        assert f'id="{source}"' in text
    assert "unfinished run: 2 records done" in text
    assert "no run going on" in text
    assert reverse("admin:sources_syncrun_change", args=[run.pk]) in text
    assert text.count("No run yet.") == 3


def test_the_page_shows_a_run_going_on(curator):
    with held_by_another_run("dila-jade"):
        text = curator.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = text.split('id="dila-jade"')[1].split("</section>")[0]
    assert "a run is going on" in section


def test_run_now_queues_and_runs_nothing_in_the_request(curator):
    response = curator.post(reverse(RUN), {"source": "dila-jade"})
    assert response.status_code == 302
    request = SyncRequest.objects.get()
    assert (request.source, request.dry_run, request.status) == ("dila-jade", True, "pending")
    assert not SyncRun.objects.exists()
    # Asked again while waiting: still one request.
    curator.post(reverse(RUN), {"source": "dila-jade"})
    assert SyncRequest.objects.count() == 1


def test_queued_dry_run_reads_the_configured_dump_and_the_page_shows_the_result(curator, settings):
    settings.SOURCES_FROM = {"dila-jade": str(FIXTURES / "dila-jade")}
    curator.post(reverse(RUN), {"source": "dila-jade"})
    out = queued()
    assert "done" in out
    request = SyncRequest.objects.get()
    assert request.status == "done" and request.run.dry_run
    assert request.run.fetched == 4 and request.run.created == 4
    assert not Ruling.objects.exists()  # a dry run writes nothing
    text = curator.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "4 fetched, 4 created, 0 updated, 0 unchanged, 0 conflicts, 0 errors" in text
    # Done once: the next call has nothing to do.
    assert queued() == ""


def test_a_queued_run_that_cannot_start_says_why(curator, settings):
    settings.SOURCES_FROM = {}
    curator.post(reverse(RUN), {"source": "justice-administrative"})
    queued()
    request = SyncRequest.objects.get()
    assert request.status == "failed"
    assert "--from PATH" in request.message
    text = curator.get(reverse(PAGE), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "failed" in text and "--from PATH" in text


def test_a_busy_source_keeps_its_request_waiting(curator, settings):
    settings.SOURCES_FROM = {"dila-jade": str(FIXTURES / "dila-jade")}
    curator.post(reverse(RUN), {"source": "dila-jade"})
    with held_by_another_run("dila-jade"):
        queued()
    request = SyncRequest.objects.get()
    assert request.status == "pending"
    assert "another sync" in request.message
    queued()
    request.refresh_from_db()
    assert request.status == "done"


def test_run_now_needs_post_and_csrf(settings):
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(reverse(RUN), {"source": "dila-jade"}).status_code == 405
    assert client.post(reverse(RUN), {"source": "dila-jade"}).status_code == 403
    assert not SyncRequest.objects.exists()


def test_an_unknown_source_is_a_400(curator):
    assert curator.post(reverse(RUN), {"source": "../etc"}).status_code == 400
    assert curator.post(reverse(RUN), {}).status_code == 400
    assert not SyncRequest.objects.exists()


def test_editors_get_403(editor):
    assert editor.get(reverse(PAGE)).status_code == 403
    assert editor.post(reverse(RUN), {"source": "dila-jade"}).status_code == 403
    assert not SyncRequest.objects.exists()


def test_queued_refuses_a_source_name():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--queued"):
        call_command("sync_sources", "dila-jade", "--queued")
