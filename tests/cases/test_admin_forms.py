"""Every add and change form of data entry, posted as a browser posts it: the rendered
form's data (tests.formdata.posted_data, empty inputs and inline templates included) with only
what a user types filled in, for each role that enters data. Each save must redirect and store
the row; a change must bump the version; inline rows added by "Add another" must be stored."""

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from cases.models import (
    Case,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from organisations.models import Membership, Organisation
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

ROLES = ("editor_a", "publisher_a", "curator")


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_of(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return posted_data(response)


def add_row(data: dict, prefix: str, **values) -> dict:
    """What the inline's "Add another" link does: a copy of the `__prefix__` template row as
    the next row, then the user types `values` into it."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    template = f"{prefix}-__prefix__-"
    for name, value in list(data.items()):
        if name.startswith(template):
            data[f"{prefix}-{index}-{name.removeprefix(template)}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def errors_of(response) -> str:
    context = response.context
    if context is None:
        return f"status {response.status_code}"
    found = []
    if "adminform" in context:
        found.append(context["adminform"].form.errors.as_text())
    for formset in context.get("inline_admin_formsets", []):
        found.append(
            f"{formset.formset.prefix}: {formset.formset.errors} "
            f"{formset.formset.non_form_errors()}"
        )
    return " | ".join(found)


def post_saved(client, url: str, data: dict):
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    return response


def login(client, world, role: str) -> User:
    user = world.user(role)
    client.force_login(user)
    return user


# Cases ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_case_is_added_with_only_its_title_typed(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Case, "add"))
    data["title_fr"] = "Affaire nouvelle"
    if role == "curator":
        data["organisation"] = str(world.a.organisation.pk)

    post_saved(client, admin_url(Case, "add"), data)

    case = Case.objects.get(title_fr="Affaire nouvelle")
    assert case.organisation == world.a.organisation
    assert case.slug == "affaire-nouvelle"
    assert case.version == 1
    assert case.publication == Case.Publication.DRAFT
    assert case.status_changes.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_a_case_is_added_with_a_proceeding_and_a_status_update_inline(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Case, "add"))
    data["title_fr"] = "Affaire complète"
    if role == "curator":
        data["organisation"] = str(world.a.organisation.pk)
    add_row(
        data, "proceedings", court=str(world.court.pk), number="470001", procedure="refere_liberte"
    )
    add_row(data, "status_updates", posted_on="2024-05-02", text_fr="Requête déposée.")

    post_saved(client, admin_url(Case, "add"), data)

    case = Case.objects.get(title_fr="Affaire complète")
    proceeding = case.proceedings.get()
    assert (proceeding.number, proceeding.court, proceeding.version) == ("470001", world.court, 1)
    update = case.status_updates.get()
    assert (update.posted_on, update.text_fr) == (dt.date(2024, 5, 2), "Requête déposée.")


@pytest.mark.parametrize("role", ROLES)
def test_a_case_change_saves_and_bumps_its_version(client, world, role):
    login(client, world, role)
    case = world.a.case
    url = admin_url(Case, "change", case.pk)
    data = form_of(client, url)
    data["summary_fr"] = "Un résumé."
    data["status"] = "hearing_scheduled"
    data["status_note"] = "Audience fixée."

    post_saved(client, url, data)

    case.refresh_from_db()
    assert case.summary_fr == "Un résumé."
    assert case.version == 2
    assert case.status_changes.order_by("pk").last().note == "Audience fixée."


def test_a_case_change_edits_its_inline_rows(client, world):
    login(client, world, "editor_a")
    case = world.a.case
    url = admin_url(Case, "change", case.pk)
    data = form_of(client, url)
    data["proceedings-0-lodged_on"] = "2021-02-26"
    data["status_updates-0-text_en"] = "Hearing set."

    post_saved(client, url, data)

    proceeding, update = world.a.proceeding, world.a.status_update
    proceeding.refresh_from_db()
    update.refresh_from_db()
    assert (proceeding.lodged_on, proceeding.version) == (dt.date(2021, 2, 26), 2)
    assert (update.text_en, update.version) == ("Hearing set.", 2)


# Proceedings and their inlines ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_proceeding_is_added_on_its_own_page(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Proceeding, "add"))
    data.update(
        case=str(world.a.case.pk),
        court=str(world.court.pk),
        number="480002",
        procedure="exces_de_pouvoir",
    )

    post_saved(client, admin_url(Proceeding, "add"), data)

    proceeding = Proceeding.objects.get(number="480002")
    assert (proceeding.case, proceeding.version) == (world.a.case, 1)


@pytest.mark.parametrize("role", ROLES)
def test_a_proceeding_is_added_with_parties_counsel_filing_and_hearing(client, world, role):
    login(client, world, role)
    counsel = Counsel.objects.create(name="Maître Dupont")
    data = form_of(client, admin_url(Proceeding, "add"))
    data.update(
        case=str(world.a.case.pk),
        court=str(world.court.pk),
        number="480003",
        procedure="refere_liberte",
    )
    add_row(
        data, "participants", party=str(world.party.pk), role="applicant", counsel=[str(counsel.pk)]
    )
    add_row(
        data,
        "filings",
        kind="application",
        registered_on="2024-01-15",
        filed_by=[str(world.party.pk)],
    )
    add_row(data, "hearings", date="2024-02-01", start_time="10:30", location="Paris")

    post_saved(client, admin_url(Proceeding, "add"), data)

    proceeding = Proceeding.objects.get(number="480003")
    participant = proceeding.participants.get()
    assert (participant.party, participant.role) == (world.party, "applicant")
    assert list(participant.counsel.all()) == [counsel]
    filing = proceeding.filings.get()
    assert (filing.registered_on, filing.version) == (dt.date(2024, 1, 15), 1)
    assert list(filing.filed_by.all()) == [world.party]
    hearing = proceeding.hearings.get()
    assert (hearing.date, hearing.version) == (dt.date(2024, 2, 1), 1)
    assert hearing.changes.count() == 1  # the hearing's history starts


@pytest.mark.parametrize("role", ROLES)
def test_a_proceeding_change_saves_and_bumps_its_version(client, world, role):
    login(client, world, role)
    proceeding = world.a.proceeding
    url = admin_url(Proceeding, "change", proceeding.pk)
    data = form_of(client, url)
    data["lodged_on"] = "2021-02-26"

    post_saved(client, url, data)

    proceeding.refresh_from_db()
    assert (proceeding.lodged_on, proceeding.version) == (dt.date(2021, 2, 26), 2)


def test_a_hearing_is_moved_inline_with_a_reason(client, world):
    login(client, world, "editor_a")
    hearing = world.a.hearing
    url = admin_url(Proceeding, "change", world.a.proceeding.pk)
    data = form_of(client, url)
    data["hearings-0-date"] = "2021-04-12"
    data["hearings-0-change_reason"] = "Renvoi à la demande du ministère."

    post_saved(client, url, data)

    hearing.refresh_from_db()
    assert (hearing.date, hearing.version, hearing.sequence) == (dt.date(2021, 4, 12), 2, 1)
    change = hearing.changes.order_by("pk").last()
    assert (change.old_date, change.new_date) == (dt.date(2021, 3, 8), dt.date(2021, 4, 12))
    assert change.reason == "Renvoi à la demande du ministère."
    assert change.changed_by == world.a.editor


def test_a_party_and_its_counsel_are_changed_inline(client, world):
    login(client, world, "editor_a")
    counsel = Counsel.objects.create(name="Maître Martin")
    url = admin_url(Proceeding, "change", world.a.proceeding.pk)
    data = form_of(client, url)
    data["participants-0-role"] = "intervener"
    data["participants-0-counsel"] = [str(counsel.pk)]

    post_saved(client, url, data)

    participant = ProceedingParty.objects.get(pk=world.a.participant.pk)
    assert participant.role == data["participants-0-role"]
    assert list(participant.counsel.all()) == [counsel]


# Filings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_filing_is_added_with_a_citation(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Filing, "add"))
    data.update(proceeding=str(world.a.proceeding.pk), kind="brief", registered_on="2024-03-03")
    add_row(data, "outgoing_citations", cited=str(world.reference_ruling.pk))

    post_saved(client, admin_url(Filing, "add"), data)

    filing = Filing.objects.get(registered_on=dt.date(2024, 3, 3))
    citation = Citation.objects.get(citing_filing=filing)
    assert (citation.cited, citation.version) == (world.reference_ruling, 1)


@pytest.mark.parametrize("role", ROLES)
def test_a_filing_change_saves_and_bumps_its_version(client, world, role):
    login(client, world, role)
    filing = world.a.filing
    url = admin_url(Filing, "change", filing.pk)
    data = form_of(client, url)
    data["summary_en"] = "Application."

    post_saved(client, url, data)

    filing.refresh_from_db()
    assert (filing.summary_en, filing.version) == ("Application.", 2)


# Hearings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_hearing_is_added_on_its_own_page(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Hearing, "add"))
    data.update(proceeding=str(world.a.proceeding.pk), date="2024-06-10")

    post_saved(client, admin_url(Hearing, "add"), data)

    hearing = Hearing.objects.get(date=dt.date(2024, 6, 10))
    assert (hearing.proceeding, hearing.version, hearing.sequence) == (world.a.proceeding, 1, 0)


@pytest.mark.parametrize("role", ROLES)
def test_a_hearing_is_moved_on_its_own_page_with_a_reason(client, world, role):
    user = login(client, world, role)
    hearing = world.a.hearing
    url = admin_url(Hearing, "change", hearing.pk)
    data = form_of(client, url)
    data.update(date="2021-03-15", start_time="14:00", change_reason="Renvoi.")

    post_saved(client, url, data)

    hearing.refresh_from_db()
    assert (hearing.date, hearing.start_time) == (dt.date(2021, 3, 15), dt.time(14, 0))
    assert (hearing.version, hearing.sequence) == (2, 1)
    change = HearingChange.objects.filter(hearing=hearing).order_by("pk").last()
    assert (change.reason, change.changed_by) == ("Renvoi.", user)


# Rulings ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_ruling_is_added_with_its_number_and_a_citation(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Ruling, "add"))
    data.update(
        court=str(world.court.pk),
        proceeding=str(world.a.proceeding.pk),
        kind="order",
        decided_on="2024-07-01",
    )
    # The numbers inline shows one empty row; the user types in it.
    data["numbers-0-number"] = "450164"
    add_row(data, "outgoing_citations", cited=str(world.reference_ruling.pk))

    post_saved(client, admin_url(Ruling, "add"), data)

    ruling = Ruling.objects.get(decided_on=dt.date(2024, 7, 1))
    assert list(ruling.numbers.values_list("number", flat=True)) == ["450164"]
    assert ruling.slug == "ce-2024-07-01-450164"
    assert ruling.version == 1
    assert Citation.objects.get(citing_ruling=ruling).cited == world.reference_ruling


@pytest.mark.parametrize("role", ROLES)
def test_a_ruling_is_added_without_inline_rows(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Ruling, "add"))
    data.update(
        court=str(world.court.pk),
        proceeding=str(world.a.proceeding.pk),
        kind="order",
        decided_on="2024-07-02",
    )

    post_saved(client, admin_url(Ruling, "add"), data)

    ruling = Ruling.objects.get(decided_on=dt.date(2024, 7, 2))
    assert ruling.slug.startswith("ce-2024-07-02")


@pytest.mark.parametrize("role", ROLES)
def test_a_ruling_change_adds_a_number_and_bumps_its_version(client, world, role):
    login(client, world, role)
    ruling = world.a.ruling
    url = admin_url(Ruling, "change", ruling.pk)
    data = form_of(client, url)
    data["outcome"] = "rejected"
    add_row(data, "numbers", number="450165")

    post_saved(client, url, data)

    ruling.refresh_from_db()
    assert ruling.version == 2
    assert ruling.outcome == data["outcome"]
    assert set(ruling.numbers.values_list("number", flat=True)) == {"450163", "450165"}


# What real data has: joined cases, the Court's opinions, multi-day hearings, unnumbered
# proceedings, unnamed applicants (docs/data-entry.md).


def form_error(client, url: str, data: dict) -> str:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages quoted are English
    response = client.post(url, data)
    assert response.status_code == 200, "the form should have been refused"
    with translation.override("en"):  # lazy messages are read here, outside the request
        return errors_of(response)


@pytest.mark.parametrize("role", ROLES)
def test_proceedings_without_number_of_unknown_procedure_with_unnamed_applicants(
    client, world, role
):
    login(client, world, role)
    for _ in range(2):  # two unnumbered proceedings of one court do not clash
        data = form_of(client, admin_url(Proceeding, "add"))
        data.update(case=str(world.a.case.pk), court=str(world.court.pk), procedure="unknown")
        data["other_applicants"] = "on"
        post_saved(client, admin_url(Proceeding, "add"), data)

    stored = Proceeding.objects.filter(case=world.a.case, number="")
    assert stored.count() == 2
    assert all(p.procedure == "unknown" and p.other_applicants for p in stored)


@pytest.mark.parametrize("role", ROLES)
def test_a_hearing_over_several_days_is_added_inline(client, world, role):
    login(client, world, role)
    url = admin_url(Proceeding, "change", world.a.proceeding.pk)
    data = form_of(client, url)
    add_row(
        data,
        "hearings",
        date="2024-09-09",
        end_date="2024-09-11",
        start_time="14:00",
        end_time="12:00",  # on the last day: earlier than the start is fine
    )

    post_saved(client, url, data)

    hearing = Hearing.objects.get(proceeding=world.a.proceeding, date=dt.date(2024, 9, 9))
    assert (hearing.end_date, hearing.end_time) == (dt.date(2024, 9, 11), dt.time(12, 0))


def test_a_hearing_ending_before_its_first_day_is_a_form_error(client, world):
    login(client, world, "editor_a")
    hearing = world.a.hearing
    url = admin_url(Hearing, "change", hearing.pk)
    data = form_of(client, url)
    data["end_date"] = "2021-03-07"

    errors = form_error(client, url, data)

    assert "The last day of a hearing must come after its first day" in errors
    hearing.refresh_from_db()
    assert (hearing.end_date, hearing.version) == (None, 1)


@pytest.mark.parametrize("role", ROLES)
def test_an_opinion_of_the_court_with_its_case_name_and_advocate_general(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Ruling, "add"))
    data.update(
        court=str(world.court.pk),
        proceeding=str(world.a.proceeding.pk),
        kind="court_opinion",
        decided_on="2017-07-26",
        case_name="Accord PNR UE-Canada",
        advocate_general="Mengozzi",
    )
    data["numbers-0-number"] = "1/15"

    post_saved(client, admin_url(Ruling, "add"), data)

    ruling = Ruling.objects.get(decided_on=dt.date(2017, 7, 26))
    assert (ruling.kind, ruling.case_name) == ("court_opinion", "Accord PNR UE-Canada")
    assert ruling.advocate_general == "Mengozzi"
    with translation.override("en"):
        assert ruling.get_kind_display() == "Opinion of the Court (Art. 218(11) TFEU)"


def test_a_curator_joins_a_ruling_to_another_cases_proceeding(client, world):
    login(client, world, "curator")
    ruling = world.a.ruling
    url = admin_url(Ruling, "change", ruling.pk)
    data = form_of(client, url)
    data["joined_proceedings"] = [str(world.b.proceeding.pk)]

    post_saved(client, url, data)

    assert list(ruling.joined_proceedings.all()) == [world.b.proceeding]
    assert Ruling.objects.get(pk=ruling.pk).proceeding == world.a.proceeding


def test_an_editor_may_not_join_another_organisations_proceeding(client, world):
    login(client, world, "editor_a")
    ruling = world.a.ruling
    url = admin_url(Ruling, "change", ruling.pk)
    data = form_of(client, url)
    data["joined_proceedings"] = [str(world.b.proceeding.pk)]

    errors = form_error(client, url, data)

    assert "joined_proceedings" in errors
    assert not ruling.joined_proceedings.exists()


@pytest.mark.parametrize(
    ("main", "message"),
    [
        ("same", "The main proceeding is not one of its own joined proceedings."),
        ("none", "Choose the main proceeding first"),
    ],
)
def test_joined_proceedings_need_a_distinct_main_proceeding(client, world, main, message):
    login(client, world, "curator")
    ruling = world.a.ruling
    url = admin_url(Ruling, "change", ruling.pk)
    data = form_of(client, url)
    data["joined_proceedings"] = [str(world.a.proceeding.pk)]
    if main == "none":
        data["proceeding"] = ""
        data["joined_proceedings"] = [str(world.b.proceeding.pk)]

    assert message in form_error(client, url, data)
    assert not ruling.joined_proceedings.exists()


# News -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_status_update_is_added_and_changed(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(StatusUpdate, "add"))
    data.update(case=str(world.a.case.pk), posted_on="2024-08-08", text_fr="Audience fixée.")
    post_saved(client, admin_url(StatusUpdate, "add"), data)
    update = StatusUpdate.objects.get(posted_on=dt.date(2024, 8, 8))
    assert update.version == 1

    url = admin_url(StatusUpdate, "change", update.pk)
    data = form_of(client, url)
    data["text_en"] = "Hearing set."
    post_saved(client, url, data)
    update.refresh_from_db()
    assert (update.text_en, update.version) == ("Hearing set.", 2)


@pytest.mark.parametrize("role", ROLES)
def test_an_event_is_added_and_changed(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Event, "add"))
    data.update(occurred_on="2024-09-09", title_fr="Délibération de la CNIL")
    data["cases"] = [str(world.a.case.pk)]
    post_saved(client, admin_url(Event, "add"), data)
    event = Event.objects.get(title_fr="Délibération de la CNIL")
    assert (list(event.cases.all()), event.version) == ([world.a.case], 1)

    url = admin_url(Event, "change", event.pk)
    data = form_of(client, url)
    data["title_en"] = "CNIL decision"
    post_saved(client, url, data)
    event.refresh_from_db()
    assert (event.title_en, event.version) == ("CNIL decision", 2)


# Citations --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_citation_is_added_and_changed(client, world, role):
    login(client, world, role)
    data = form_of(client, admin_url(Citation, "add"))
    data.update(citing_filing=str(world.a.filing.pk), cited=str(world.reference_ruling.pk))
    post_saved(client, admin_url(Citation, "add"), data)
    citation = Citation.objects.get(citing_filing=world.a.filing)
    assert citation.version == 1

    url = admin_url(Citation, "change", citation.pk)
    data = form_of(client, url)
    data["pinpoint"] = "point 12"
    post_saved(client, url, data)
    citation.refresh_from_db()
    assert (citation.pinpoint, citation.version) == ("point 12", 2)


# Reference data and organisations -------------------------------------------------------------


@pytest.mark.parametrize("role", ("editor_a", "curator"))
def test_a_party_is_added(client, world, role):
    """Editors add the parties of their cases (the association itself, the other side)."""
    login(client, world, role)
    data = form_of(client, admin_url(Party, "add"))
    data.update(name="La Quadrature du Net", kind="association")

    post_saved(client, admin_url(Party, "add"), data)

    assert Party.objects.get(name="La Quadrature du Net").slug == "la-quadrature-du-net"


def test_a_curator_adds_an_organisation_with_members_and_changes_it(client, world):
    login(client, world, "curator")
    newcomer = User.objects.create_user("newcomer", is_staff=True)
    data = form_of(client, admin_url(Organisation, "add"))
    data.update(name="Association C", slug="assoc-c")
    add_row(data, "memberships", user=str(newcomer.pk), role="publisher")
    post_saved(client, admin_url(Organisation, "add"), data)
    organisation = Organisation.objects.get(slug="assoc-c")
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (newcomer, "publisher")

    url = admin_url(Organisation, "change", organisation.pk)
    data = form_of(client, url)
    data["website"] = "https://example.org/"
    data["memberships-0-role"] = "editor"
    post_saved(client, url, data)
    organisation.refresh_from_db()
    membership.refresh_from_db()
    assert (organisation.website, membership.role) == ("https://example.org/", "editor")


# Reference data kept by curators, inline deletions, pop-ups ------------------------------------


@pytest.mark.parametrize(
    ("model", "typed"),
    [
        (
            Court,
            {
                "name_fr": "Tribunal administratif de Paris",
                "short_name_fr": "TA Paris",
                "slug": "ta-paris",
                "country": "FR",
                "kind": "administrative",
            },
        ),
        (Counsel, {"name": "Maître Durand"}),
        (Topic, {"slug": "health-data", "name_fr": "Données de santé", "name_en": "Health data"}),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_a_curator_adds_and_changes_reference_data(client, world, model, typed):
    login(client, world, "curator")
    data = form_of(client, admin_url(model, "add"))
    data.update(typed)
    post_saved(client, admin_url(model, "add"), data)
    obj = model.objects.get(**{k: v for k, v in typed.items() if k != "kind"})

    url = admin_url(model, "change", obj.pk)
    data = form_of(client, url)
    field = "name_en" if model is not Counsel else "firm"
    data[field] = "Changed"
    post_saved(client, url, data)
    obj.refresh_from_db()
    assert getattr(obj, field) == "Changed"


def test_an_inline_row_is_deleted_with_its_checkbox(client, world):
    login(client, world, "editor_a")
    url = admin_url(Case, "change", world.a.case.pk)
    data = form_of(client, url)
    data["status_updates-0-DELETE"] = "on"  # the box a user ticks

    post_saved(client, url, data)

    assert not StatusUpdate.objects.filter(pk=world.a.status_update.pk).exists()
    assert StatusUpdate.history.filter(id=world.a.status_update.pk, history_type="-").exists()


def test_a_party_added_in_the_pop_up_comes_back_to_the_form_that_opened_it(client, world):
    login(client, world, "editor_a")
    url = admin_url(Party, "add") + "?_to_field=id&_popup=1"
    data = form_of(client, url)
    data.update(name="Association A", kind="association")

    response = client.post(url, data)

    assert response.status_code == 200, errors_of(response)
    party = Party.objects.get(name="Association A")
    assert "popup_response" in response.content.decode()
    assert f"&quot;value&quot;: &quot;{party.pk}&quot;" in response.content.decode()


def test_a_hearing_postponed_on_its_own_page_keeps_the_reason(client, world):
    login(client, world, "publisher_a")
    hearing = world.a.hearing
    url = admin_url(Hearing, "change", hearing.pk)
    data = form_of(client, url)
    data.update(status="postponed", change_reason="Grève des greffes.")

    post_saved(client, url, data)

    hearing.refresh_from_db()
    change = hearing.changes.order_by("pk").last()
    assert (hearing.status, change.new_status, change.reason) == (
        "postponed",
        "postponed",
        "Grève des greffes.",
    )


# Other organisations' records and guessed ids ----------------------------------------------------


def foreign_cases(world):
    """Add forms and what an editor of A could try to attach to B's records."""
    return [
        (Case, {"title_fr": "Intrus", "organisation": world.b.organisation.pk}),
        (
            Proceeding,
            {"case": world.b.case.pk, "court": world.court.pk, "number": "1", "procedure": "other"},
        ),
        (
            Filing,
            {"proceeding": world.b.proceeding.pk, "kind": "brief", "registered_on": "2024-01-01"},
        ),
        (Hearing, {"proceeding": world.b.proceeding.pk, "date": "2024-01-01"}),
        (
            Ruling,
            {
                "court": world.court.pk,
                "proceeding": world.b.proceeding.pk,
                "kind": "order",
                "decided_on": "2024-01-01",
            },
        ),
        (StatusUpdate, {"case": world.b.case.pk, "posted_on": "2024-01-01", "text_fr": "x"}),
        (Event, {"occurred_on": "2024-01-01", "title_fr": "x", "cases": [world.b.case.pk]}),
        (Citation, {"citing_filing": world.b.filing.pk, "cited": world.reference_ruling.pk}),
    ]


@pytest.mark.parametrize("guessed", (False, True), ids=("other_organisation", "guessed_id"))
def test_an_add_form_refuses_another_organisations_parent_or_a_guessed_id(client, world, guessed):
    login(client, world, "editor_a")
    for model, typed in foreign_cases(world):
        before = model.objects.count()
        data = form_of(client, admin_url(model, "add"))
        for name, value in typed.items():
            if guessed and name in ("organisation", "case", "proceeding", "citing_filing"):
                value = 987654
            if guessed and name == "cases":
                value = [987654]
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)

        response = client.post(admin_url(model, "add"), data)

        assert response.status_code == 200, model.__name__
        assert response.context["adminform"].form.errors, model.__name__
        assert model.objects.count() == before, model.__name__


# The publication workflow on the case's page ---------------------------------------------------

DRAFT, REVIEW = Case.Publication.DRAFT, Case.Publication.REVIEW
PUBLISHED, ARCHIVED = Case.Publication.PUBLISHED, Case.Publication.ARCHIVED


def set_state(case: Case, state: str) -> Case:
    Case.objects.filter(pk=case.pk).update(publication=state)
    case.refresh_from_db()
    return case


def offered_moves(response) -> list[str]:
    html = response.content.decode()
    if 'id="case-workflow-moves"' not in html:
        return []
    form = html.split('id="case-workflow-moves"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<button type="submit" name="to" value="(\w+)"', form)


def move(client, case: Case, to: str, note: str = ""):
    """Press a workflow button as a browser does: the form's CSRF token, the note, the button."""
    page = client.get(admin_url(Case, "change", case.pk))
    data = posted_data(page, form_id="case-workflow-moves")
    data.update(to=to, note=note)
    return client.post(admin_url(Case, "publication", case.pk), data)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("editor_a", DRAFT, [REVIEW]),
        ("editor_a", REVIEW, [DRAFT]),
        ("editor_a", PUBLISHED, []),
        ("editor_a", ARCHIVED, []),
        ("publisher_a", DRAFT, [REVIEW, PUBLISHED]),
        ("publisher_a", REVIEW, [DRAFT, PUBLISHED]),
        ("publisher_a", PUBLISHED, [ARCHIVED, DRAFT]),
        ("publisher_a", ARCHIVED, [PUBLISHED, DRAFT]),
        ("curator", REVIEW, [DRAFT, PUBLISHED]),
    ],
)
def test_the_case_page_offers_the_moves_the_user_may_make(client, world, role, state, expected):
    login(client, world, role)
    set_state(world.a.case, state)
    page = client.get(admin_url(Case, "change", world.a.case.pk))
    assert page.status_code == 200
    assert offered_moves(page) == expected


def test_an_editor_submits_with_a_note_and_a_publisher_publishes_from_the_case_page(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    case = world.a.case
    client.force_login(world.a.editor)
    response = move(client, case, REVIEW, note="Prête à relire.")
    assert response.status_code == 302
    assert response.url == admin_url(Case, "change", case.pk)
    case.refresh_from_db()
    assert case.publication == REVIEW
    entry = case.publication_changes.order_by("pk").last()
    assert (entry.to_publication, entry.changed_by, entry.note) == (
        REVIEW,
        world.a.editor,
        "Prête à relire.",
    )
    page = client.get(response.url)
    assert "Prête à relire." in page.content.decode().split('id="case-publication-log"')[1]

    client.force_login(world.a.publisher)
    assert move(client, case, PUBLISHED).status_code == 302
    case.refresh_from_db()
    assert case.publication == PUBLISHED
    # In the admin's log (its "Recent actions"), as any change made in the admin.
    entry = LogEntry.objects.filter(user=world.a.publisher, object_id=str(case.pk)).get()
    assert entry.is_change() and entry.get_change_message().startswith("The case is now")


def test_a_move_without_its_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.editor)
    response = client.post(admin_url(Case, "publication", world.a.case.pk), {"to": REVIEW})
    assert response.status_code == 403
    assert set_state(world.a.case, world.a.case.publication).publication == DRAFT


@pytest.mark.parametrize(
    ("to", "note", "refusal"),
    [
        (PUBLISHED, "", "Only a publisher"),
        (ARCHIVED, "", "cannot go from"),
        ("deleted", "", "Unknown publication move"),
        (REVIEW, "x" * 301, "too long"),
    ],
)
def test_a_refused_move_is_a_message_on_the_case_page(client, world, english, to, note, refusal):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages quoted are English
    login(client, world, "editor_a")
    response = move(client, world.a.case, to, note)
    assert response.status_code == 302
    page = client.get(response.url)
    assert any(refusal in text for text in messages_of(page)), messages_of(page)
    assert set_state(world.a.case, world.a.case.publication).publication == DRAFT
    assert not world.a.case.publication_changes.exclude(to_publication=DRAFT).exists()


@pytest.mark.parametrize("role", ("publisher_b", "editor_b", "outsider"))
def test_another_organisations_case_cannot_be_moved_or_even_found(client, world, role):
    login(client, world, role)
    set_state(world.a.case, REVIEW)
    url = admin_url(Case, "publication", world.a.case.pk)
    assert client.post(url, {"to": PUBLISHED}).status_code in (403, 404)
    assert client.post(admin_url(Case, "publication", 999999), {"to": PUBLISHED}).status_code in (
        403,
        404,
    )
    assert set_state(world.a.case, REVIEW).publication == REVIEW


def test_anonymous_users_are_sent_to_the_login_page_and_get_is_not_a_move(client, world):
    url = admin_url(Case, "publication", world.a.case.pk)
    response = client.post(url, {"to": PUBLISHED})
    assert response.status_code == 302 and "login" in response.url
    login(client, world, "publisher_a")
    assert client.get(url).status_code == 405
    assert set_state(world.a.case, DRAFT).publication == DRAFT


# The review queue on the admin index -----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("publisher_a", {"a"}),
        ("publisher_b", {"b"}),
        ("curator", {"a", "b"}),
        ("editor_a", set()),
    ],
)
def test_publishers_see_the_cases_awaiting_their_review_on_the_admin_index(
    client, world, role, listed
):
    login(client, world, role)
    set_state(world.a.case, REVIEW)
    set_state(world.b.case, REVIEW)
    page = client.get(reverse("admin:index"))
    html = page.content.decode()
    queue = html.split('id="review-queue"', 1)[1].split("</table>")[0] if listed else ""
    assert ('id="review-queue"' in html) == bool(listed)
    for letter, tree in (("a", world.a), ("b", world.b)):
        link = admin_url(Case, "change", tree.case.pk)
        assert (link in queue) == (letter in listed), letter


def test_the_review_queue_is_on_the_home_page_only(client, world):
    login(client, world, "publisher_a")
    set_state(world.a.case, REVIEW)
    assert 'id="review-queue"' in client.get(reverse("admin:index")).content.decode()
    app_page = client.get(reverse("admin:app_list", args=["cases"]))
    assert app_page.status_code == 200
    assert 'id="review-queue"' not in app_page.content.decode()


def test_the_review_queue_lists_only_cases_in_review(client, world):
    login(client, world, "publisher_a")
    set_state(world.a.case, PUBLISHED)
    assert 'id="review-queue"' not in client.get(reverse("admin:index")).content.decode()
