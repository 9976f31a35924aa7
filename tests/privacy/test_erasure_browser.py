"""The erasure confirmation in headless Chromium: a curator logs in, picks the person, unticks
a certain hit, ticks a possible one, confirms; exactly what was ticked is rewritten."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from cases.models import Party, Ruling, StatusUpdate
from privacy import erasure
from tests.privacy.erasure import POSSIBLE

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_curator_confirms_the_hits_in_a_browser(browser, live_server, world):
    curator = User.objects.create_user("curator", password="a long enough pass", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="curate"))
    person = world["person"]
    plan = erasure.erasure_plan(party=person)
    kept = next(h for h in plan.hits if h.model is StatusUpdate and h.field == "text_en")
    taken = next(h for h in plan.possible if h.model is Ruling and h.matched == "M. Quasimodo")

    context = browser.new_context(locale="en-GB")
    try:
        tab = context.new_page()
        tab.goto(live_server.url + reverse("admin:cases_party_changelist"))
        tab.fill("#id_username", "curator")
        tab.fill("#id_password", "a long enough pass")
        tab.click("input[type=submit]")
        tab.check(f"input[name=_selected_action][value='{person.pk}']")
        tab.select_option("select[name=action]", "erase_natural_person")
        tab.click("button[name=index]")
        tab.wait_for_selector("#erase-form")
        assert tab.is_checked(f"#erase-form input[value='{kept.id}']")
        assert not tab.is_checked(f"#erase-form input[value='{taken.id}']")
        assert tab.inner_text(f"tr:has(input[value='{taken.id}']) mark") == "M. Quasimodo"
        tab.uncheck(f"#erase-form input[value='{kept.id}']")
        tab.check(f"#erase-form input[value='{taken.id}']")
        with tab.expect_navigation():
            tab.click("#erase-form input[type=submit]")
        assert "1 person(s) erased" in tab.inner_text("body")
    finally:
        context.close()

    assert Party.objects.get(pk=person.pk).name == erasure.PLACEHOLDER
    update = StatusUpdate.objects.get(pk=world["update"].pk)
    assert update.text_en == "Z. Quasimodo went to court."  # unticked
    assert update.text_fr == "M. C... D... a saisi le tribunal."
    summary = Ruling.objects.get(pk=world["elsewhere"].pk).summary_fr
    assert f"{erasure.PLACEHOLDER}, maire" in summary  # ticked, outside any case: placeholder
    assert POSSIBLE[0] in summary  # not ticked
