"""The load_demo management command: what it creates, that a second run changes nothing, and
that the demo's facts (the real rulings and the Doctolib case, README.md) arrive as recorded."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
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
    RulingNumber,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from organisations.models import Organisation
from tests import demo_rows, shared

# The command's own tests: the module's demo comes from the command, never from the rows another
# module's load left to replay (tests/demo_rows.py).
demo_once = shared.module_fixture(demo_rows.real_load, name="demo_once")

EXPECTED_COUNTS = {
    Case: 4,
    Court: 3,
    Topic: 3,
    Party: 20,
    Counsel: 1,
    Proceeding: 6,
    ProceedingParty: 31,
    Filing: 5,
    Hearing: 4,
    HearingChange: 4,
    # 5 from demo.json, 4 from the official sources' files (demo/sources/).
    Ruling: 9,
    RulingNumber: 9,
    StatusUpdate: 3,
    CaseStatusChange: 13,
    CaseSlugAlias: 0,
    Event: 1,
    Citation: 3,
    Organisation: 1,
}


def project_models():
    return [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("citations").get_models(),
        *apps.get_app_config("organisations").get_models(),
    ]


def snapshot() -> dict:
    """Every row of every casetracker model with its updated_at (history and log rows, which
    are never updated, by pk), and every many-to-many link."""
    rows = {}
    for model in project_models():
        if any(field.name == "updated_at" for field in model._meta.fields):
            rows[model._meta.label] = dict(model.objects.values_list("pk", "updated_at"))
        else:
            rows[model._meta.label] = sorted(model.objects.values_list("pk", flat=True))
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            rows[through._meta.label] = sorted(through.objects.values_list(flat=False))
    return rows


def run_load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, verbosity=1)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_creates_the_demo_data_set(demo):
    counts = {model: model.objects.count() for model in EXPECTED_COUNTS}

    assert counts == EXPECTED_COUNTS


@pytest.mark.django_db
def test_load_demo_reports_what_it_created():
    output = run_load_demo()

    # The records of the file itself; the logs, numbers and aliases come with them.
    derived = {HearingChange, CaseStatusChange, RulingNumber, CaseSlugAlias}
    created = sum(count for model, count in EXPECTED_COUNTS.items() if model not in derived)
    created -= 4  # the rulings from the official sources, counted apart
    assert output.strip() == (
        f"Demo data loaded: created {created} record(s) and 4 ruling(s) from the official sources."
    )


@pytest.mark.django_db
def test_running_load_demo_twice_changes_nothing(demo):
    before = snapshot()
    assert len(before["cases.Case"]) == 4
    assert len(before["cases.ProceedingParty_counsel"]) == 12

    output = run_load_demo()

    assert snapshot() == before
    assert output.strip() == (
        "Demo data loaded: created 0 record(s) and 0 ruling(s) from the official sources."
    )


@pytest.mark.django_db
def test_load_demo_dry_run_writes_nothing():
    output = run_load_demo("--dry-run")

    assert "would create" in output
    assert all(not model.objects.exists() for model in project_models())


@pytest.mark.django_db
def test_load_demo_is_silent_at_verbosity_zero():
    out = StringIO()

    call_command("load_demo", stdout=out, verbosity=0)

    assert out.getvalue() == ""
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_every_demo_case_is_published(demo):
    assert Case.objects.public().count() == 4
    assert set(Case.objects.values_list("slug", flat=True)) == {
        "doctolib-aws",
        "health-data-hub",
        "schrems-i",
        "schrems-ii",
    }


@pytest.mark.django_db
def test_the_doctolib_hearing_was_held_on_8_march_2021_at_10_30(demo):
    hearing = Hearing.objects.get(proceeding__number="450163")

    assert (hearing.date, hearing.start_time) == (dt.date(2021, 3, 8), dt.time(10, 30))
    assert hearing.status == Hearing.Status.HELD
    assert hearing.proceeding.court.slug == "ce"


@pytest.mark.django_db
def test_the_health_data_hub_hearing_was_held_on_8_october_2020_at_14_30(demo):
    hearing = Hearing.objects.get(proceeding__number="444937")

    assert (hearing.date, hearing.start_time) == (dt.date(2020, 10, 8), dt.time(14, 30))
    assert hearing.status == Hearing.Status.HELD


@pytest.mark.django_db
def test_the_doctolib_status_log_is_replayed_with_its_real_dates(demo):
    case = Case.objects.get(slug="doctolib-aws")

    log = list(case.status_changes.values_list("to_status", "changed_on"))

    assert log == [
        ("filed", dt.date(2021, 2, 26)),
        ("awaiting_decision", dt.date(2021, 3, 8)),
        ("decided", dt.date(2021, 3, 12)),
    ]
    assert case.status == Case.Status.DECIDED


@pytest.mark.django_db
def test_the_demo_rulings_carry_their_eclis_numbers_and_slugs(demo):
    rulings = {r.short_name: r for r in Ruling.objects.prefetch_related("numbers")}

    assert rulings["Schrems II"].ecli == "ECLI:EU:C:2020:559"
    assert rulings["Schrems II"].slug == "cjue-2020-07-16-c-311-18"
    assert rulings["Schrems I"].ecli == "ECLI:EU:C:2015:650"
    assert rulings["Doctolib"].ecli == "ECLI:FR:CEORD:2021:450163.20210312"
    assert rulings["Doctolib"].slug == "ce-2021-03-12-450163"
    assert [n.number for n in rulings["Schrems II"].numbers.all()] == ["C-311/18"]
    assert rulings["Schrems II (conclusions)"].opinion_for == rulings["Schrems II"]
    assert rulings["Schrems II (conclusions)"].ecli is None


@pytest.mark.django_db
def test_the_natural_persons_are_recorded_as_natural_persons(demo):
    persons = Party.objects.filter(kind=Party.Kind.NATURAL_PERSON)

    assert persons.count() == 4
    assert [p.name for p in persons if not p.is_pseudonymised] == ["Maximillian Schrems"]
    doctolib_persons = persons.filter(participations__proceeding__number="450163")
    assert doctolib_persons.count() == 2
    assert all(p.is_pseudonymised for p in doctolib_persons)
    assert all(p.slug.startswith("person-") for p in persons if p.is_pseudonymised)


@pytest.mark.django_db
def test_schrems_ii_is_cited_by_both_conseil_d_etat_orders(demo):
    schrems_2 = Ruling.objects.get(ecli="ECLI:EU:C:2020:559")

    citing = Ruling.objects.filter(outgoing_citations__cited=schrems_2)

    assert set(citing.values_list("ecli", flat=True)) == {
        "ECLI:FR:CEORD:2021:450163.20210312",
        "ECLI:FR:CEORD:2020:444937.20201013",
    }
    assert {r.court.slug for r in citing} == {"ce"}
    assert {r.kind for r in citing} == {Ruling.Kind.ORDER}
    assert set(schrems_2.incoming_citations.values_list("treatment", flat=True)) == {"applies"}


@pytest.mark.django_db
def test_the_cloud_act_event_is_attached_to_the_two_french_cases(demo):
    event = Event.objects.get()

    assert event.occurred_on == dt.date(2018, 3, 23)
    assert set(event.cases.values_list("slug", flat=True)) == {"doctolib-aws", "health-data-hub"}
