"""Data entry in the admin, in headless Chromium, as an association enters a case:
log in at the admin's login page, type into the forms, pick from the select2 autocompletes,
add a party through the "+" popup, move a hearing with a reason, submit for review; then a
publisher publishes from the review queue and the public page shows it all. No sleeps: every
wait is on a locator or a URL."""

import re

import pytest
from playwright.sync_api import expect

from cases import services
from cases.models import Case, Hearing, HearingChange, Party, Proceeding, Ruling
from tests.factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 15_000


@pytest.fixture
def world(db):
    world = build_world()
    for user in (world.a.editor, world.a.publisher):
        user.set_password(PASSWORD)
        user.save()
    return world


@pytest.fixture
def session(browser, live_server):
    """Log a user in at the admin's login page, in a browser context of their own."""
    contexts = []
    # Assertions wait as long as actions do: two cores shared by parallel runs are slow.
    expect.set_options(timeout=TIMEOUT_MS)

    def log_in(user):
        context = browser.new_context(locale="en-GB", base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        page.goto("/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page).to_have_url(re.compile(r"/admin/$"))
        return page

    yield log_in
    for context in contexts:
        context.close()
    expect.set_options(timeout=5_000)  # Playwright's default, for the session's other tests


def pick(page, select_id: str, typed: str, choice: str | None = None):
    """A select2 autocomplete: open it, type, click the result."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=choice or typed).first.click()
    expect(page.locator(f"#{select_id} option:checked")).to_contain_text(choice or typed)


def add_inline_row(page, group: str) -> int:
    """Click the inline group's "Add another" link; the index of the new row."""
    rows = page.locator(f"#{group}-group .dynamic-{group}")
    index = rows.count()
    page.locator(f"#{group}-group .add-row a").click()
    expect(rows).to_have_count(index + 1)
    return index


def save_and_continue(page):
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.locator(".errornote").count() == 0


def test_an_association_enters_a_whole_case_and_its_publisher_publishes_it(
    session, live_server, world
):
    editor = session(world.a.editor)

    # The case, with its first proceeding inline.
    editor.click("#content-main a[href$='/cases/case/add/']")
    editor.fill("#id_title_fr", "Association A contre ministère de l'Intérieur")
    editor.fill("#id_title_en", "Association A v. Ministry of the Interior")
    row = add_inline_row(editor, "proceedings")
    pick(editor, f"id_proceedings-{row}-court", "Conseil", "Conseil d'État")
    editor.fill(f"#id_proceedings-{row}-number", "490001")
    editor.select_option(f"#id_proceedings-{row}-procedure", "refere_liberte")
    save_and_continue(editor)
    case = Case.objects.get(title_en="Association A v. Ministry of the Interior")
    assert case.organisation == world.a.organisation

    # The proceeding's own page: parties (one existing, one added through the popup), a
    # filing, a hearing.
    editor.click("#proceedings-group a.inlinechangelink")
    expect(editor).to_have_url(re.compile(r"/cases/proceeding/\d+/change/"))
    row = add_inline_row(editor, "participants")
    pick(editor, f"id_participants-{row}-party", "Inter", "InterHop")
    editor.select_option(f"#id_participants-{row}-role", "intervener")
    row = add_inline_row(editor, "participants")
    with editor.expect_popup() as popup_info:
        editor.click(f"#add_id_participants-{row}-party")
    popup = popup_info.value
    popup.fill("#id_name", "Association A")
    popup.select_option("#id_kind", "association")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    expect(editor.locator(f"#id_participants-{row}-party option:checked")).to_have_text(
        "Association A"
    )
    editor.select_option(f"#id_participants-{row}-role", "applicant")
    row = add_inline_row(editor, "filings")
    editor.select_option(f"#id_filings-{row}-kind", "application")
    editor.fill(f"#id_filings-{row}-registered_on", "2026-01-15")
    editor.fill(f"#id_filings-{row}-summary_en", "Urgent application against the decree.")
    row = add_inline_row(editor, "hearings")
    editor.fill(f"#id_hearings-{row}-date", "2026-02-02")
    editor.fill(f"#id_hearings-{row}-start_time", "10:30")
    save_and_continue(editor)
    proceeding = case.proceedings.get()
    assert set(proceeding.participants.values_list("party__name", "role")) == {
        ("InterHop", "intervener"),
        ("Association A", "applicant"),
    }
    assert Party.objects.filter(name="Association A").count() == 1
    assert proceeding.filings.count() == 1

    # The hearing is moved, with the reason.
    editor.fill("#id_hearings-0-date", "2026-02-16")
    editor.fill("#id_hearings-0-change_reason", "Postponed at the ministry's request.")
    save_and_continue(editor)
    hearing = Hearing.objects.get(proceeding=proceeding)
    assert str(hearing.date) == "2026-02-16"
    assert HearingChange.objects.filter(
        hearing=hearing, reason="Postponed at the ministry's request."
    ).exists()

    # The ruling, with its case number.
    editor.goto("/admin/cases/ruling/add/")
    pick(editor, "id_court", "Conseil", "Conseil d'État")
    pick(editor, "id_proceeding", "490001")
    editor.select_option("#id_kind", "order")
    editor.fill("#id_decided_on", "2026-02-20")
    editor.fill("#id_numbers-0-number", "490001")
    editor.select_option("#id_outcome", "rejected")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    ruling = proceeding.rulings.get()
    assert list(ruling.numbers.values_list("number", flat=True)) == ["490001"]

    # A status update on the case's page, then submit for review.
    editor.goto(f"/admin/cases/case/{case.pk}/change/")
    row = add_inline_row(editor, "status_updates")
    editor.fill(f"#id_status_updates-{row}-posted_on", "2026-02-21")
    editor.fill(f"#id_status_updates-{row}-text_en", "Application rejected; appeal considered.")
    save_and_continue(editor)
    expect(editor.get_by_role("button", name="Publish")).to_have_count(0)
    editor.fill("#id_workflow_note", "Ready for review.")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("in review")
    expect(editor.locator("#case-publication-log")).to_contain_text("Ready for review.")
    assert editor.errors == []

    # The publisher finds it in the review queue and publishes it.
    publisher = session(world.a.publisher)
    publisher.locator("#review-queue a", has_text="Association A").click()
    expect(publisher).to_have_url(re.compile(rf"/cases/case/{case.pk}/change/"))
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator(".messagelist .success")).to_contain_text("published")
    case.refresh_from_db()
    assert case.publication == Case.Publication.PUBLISHED
    assert publisher.errors == []

    # Anyone now reads it on the public page: the hearing at its new date, the ruling.
    reader = publisher.context.browser.new_context(locale="en-GB", base_url=live_server.url)
    try:
        page = reader.new_page()
        response = page.goto(f"/en/cases/{case.slug}/")
        assert response is not None and response.status == 200
        main = page.locator("#main").inner_text()
        assert "Association A v. Ministry of the Interior" in main
        assert "16 February 2026" in main
        assert "490001" in main
        assert "Application rejected; appeal considered." in main
    finally:
        reader.close()


def test_a_publisher_returns_a_published_case_to_draft_and_it_leaves_the_public_site(
    session, live_server, world
):
    case = services.case_publish(case=world.a.case, by=None)
    public_url = f"/en/cases/{case.slug}/"
    publisher = session(world.a.publisher)
    assert publisher.goto(public_url).status == 200

    publisher.goto(f"/admin/cases/case/{case.pk}/change/")
    expect(publisher.get_by_role("button", name="Submit for review")).to_have_count(0)
    publisher.fill("#id_workflow_note", "Pseudonymisation to check.")
    publisher.get_by_role("button", name="Return to draft").click()
    expect(publisher.locator(".messagelist .success")).to_contain_text("draft")
    case.refresh_from_db()
    assert case.publication == Case.Publication.DRAFT

    anonymous = publisher.context.browser.new_context(base_url=live_server.url)
    try:
        response = anonymous.new_page().goto(public_url)
        assert response is not None and response.status == 404
    finally:
        anonymous.close()


def test_an_editor_enters_what_real_records_hold(session, world):
    """Joined proceedings picked in their autocomplete, the Court's opinion with its case name
    and Advocate General, a hearing over several days, unnamed applicants
    (docs/data-entry.md, "What real records hold")."""
    second = services.record_save(
        instance=Proceeding(
            case=world.a.case, court=world.court, number="450164", procedure="unknown"
        )
    )
    editor = session(world.a.editor)

    editor.goto(f"/admin/cases/proceeding/{world.a.proceeding.pk}/change/")
    editor.check("#id_other_applicants")
    row = add_inline_row(editor, "hearings")
    editor.fill(f"#id_hearings-{row}-date", "2026-03-02")
    editor.fill(f"#id_hearings-{row}-end_date", "2026-03-04")
    editor.fill(f"#id_hearings-{row}-start_time", "14:00")
    editor.fill(f"#id_hearings-{row}-end_time", "11:00")
    save_and_continue(editor)
    world.a.proceeding.refresh_from_db()
    assert world.a.proceeding.other_applicants
    hearing = Hearing.objects.get(proceeding=world.a.proceeding, date="2026-03-02")
    assert str(hearing.end_date) == "2026-03-04"

    editor.goto("/admin/cases/ruling/add/")
    pick(editor, "id_court", "Conseil", "Conseil d'État")
    pick(editor, "id_proceeding", "450163")
    pick(editor, "id_joined_proceedings", "450164")
    editor.select_option("#id_kind", "court_opinion")
    editor.fill("#id_advocate_general", "Mengozzi")
    editor.fill("#id_decided_on", "2026-03-20")
    editor.fill("#id_case_name", "Accord PNR UE-Canada")
    editor.fill("#id_numbers-0-number", "1/26")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    ruling = Ruling.objects.get(decided_on="2026-03-20")
    assert (ruling.kind, ruling.case_name, ruling.advocate_general) == (
        "court_opinion",
        "Accord PNR UE-Canada",
        "Mengozzi",
    )
    assert ruling.proceeding == world.a.proceeding
    assert list(ruling.joined_proceedings.all()) == [second]
    assert editor.errors == []
