"""A curator opens the page per source, clicks "run now (dry run)"; the worker
(`sync_sources --queued`, run here as cron would) does the run; the reloaded page shows its
result. Headless Chromium, no sleeps."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.models import Ruling
from sources.models import SyncRequest
from tests import factories
from tests.sources.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 15_000


def test_a_curator_runs_a_dry_run_and_sees_its_result(browser, live_server, settings):
    settings.SOURCES_FROM = {"dila-jade": str(FIXTURES / "dila-jade")}
    curator = factories.UserFactory(is_staff=True, is_superuser=True)
    curator.set_password(PASSWORD)
    curator.save()
    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/admin/login/")
        page.fill("#id_username", curator.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page).to_have_url(re.compile(r"/admin/$"))
        page.goto("/admin/sources/syncrequest/")
        section = page.locator("section#dila-jade")
        expect(section.get_by_text("No run yet.")).to_be_visible()
        section.get_by_role("button", name="Run now (dry run)").click()
        expect(page.locator(".messagelist .success")).to_contain_text("Dry run of dila-jade")
        section = page.locator("section#dila-jade")
        expect(section.locator("tr.request-pending")).to_contain_text("waiting for the worker")
        expect(section.get_by_role("button", name="Run now (dry run)")).to_be_disabled()
        assert SyncRequest.objects.get().status == "pending"

        call_command("sync_sources", "--queued")

        page.reload()
        section = page.locator("section#dila-jade")
        expect(section.locator("tr.request-done")).to_contain_text(
            "4 fetched, 4 created, 0 updated, 0 unchanged, 0 conflicts, 0 errors"
        )
        expect(section.get_by_role("button", name="Run now (dry run)")).to_be_enabled()
        section.locator("tr.request-done").get_by_role("link", name="details").click()
        expect(page).to_have_url(re.compile(r"/admin/sources/syncrun/\d+/change/$"))
        assert not Ruling.objects.exists()
        assert errors == []
    finally:
        context.close()
        expect.set_options(timeout=5_000)
