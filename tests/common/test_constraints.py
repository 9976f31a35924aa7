"""The check constraints validated in one query (common/constraints.py) answer as Django's own
validation does, error for error, with fewer queries."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Hearing, Ruling
from citations.models import Citation
from tests import factories as f

pytestmark = pytest.mark.django_db


def errors_of(validate, instance, exclude=None):
    try:
        validate(instance, exclude=exclude)
    except ValidationError as error:
        return {
            key: [(e.code, str(e.message)) for e in errors]
            for key, errors in error.error_dict.items()
        }
    return {}


def djangos(instance, exclude=None):
    return errors_of(models.Model.validate_constraints, instance, exclude)


def batched(instance, exclude=None):
    return errors_of(type(instance).validate_constraints, instance, exclude)


def instances():
    """Valid and invalid instances of the models with the most check constraints."""
    case = f.CaseFactory()
    proceeding = f.ProceedingFactory(case=case)
    ruling = f.RulingFactory()
    other = f.RulingFactory()
    day = dt.date(2021, 3, 8)
    at = dt.time(14, 0)
    return [
        case,
        Case(title_fr="", title_en="", publication="nowhere", status="lost", slug="x"),
        Case(title_fr="Titre", publication="draft", status="filed", slug="y"),
        Hearing(
            proceeding=proceeding,
            date=day,
            start_time=at,
            end_time=dt.time(13, 0),
            status="scheduled",
        ),
        Hearing(proceeding=proceeding, date=day, end_date=day, status="nowhere"),
        Hearing(
            proceeding=proceeding,
            date=day,
            end_date=day + dt.timedelta(days=1),
            start_time=at,
            end_time=dt.time(9, 0),
            status="held",
        ),
        Hearing(proceeding=proceeding, date=day, end_time=at, status="held"),
        ruling,
        Ruling(
            court=ruling.court,
            decided_on=day,
            ecli="ecli:eu:c:2020:1",
            reference=True,
            proceeding=proceeding,
            slug="z",
            kind=Ruling.Kind.JUDGMENT,
        ),
        Citation(citing_ruling=ruling, cited=ruling, treatment="adores"),
        Citation(cited=other, treatment="follows"),
        Citation(citing_ruling=ruling, cited=other, treatment="follows"),
    ]


def test_every_instance_gets_djangos_errors_in_djangos_order():
    checked = instances()
    failing = 0
    for instance in checked:
        expected = djangos(instance)
        assert batched(instance) == expected, instance
        failing += bool(expected)
    assert failing >= 6  # the invalid ones above do fail


def test_a_constraint_on_an_excluded_field_is_skipped_as_django_skips_it():
    case = Case(title_fr="", title_en="", publication="nowhere", status="filed", slug="x")
    for exclude in ({"title_fr"}, {"publication"}, {"title_fr", "publication"}, set()):
        assert batched(case, exclude) == djangos(case, exclude), exclude
    assert batched(case, {"title_fr", "publication"}) == {}


def test_a_models_check_constraints_are_one_query():
    case = Case(title_fr="", title_en="", publication="nowhere", status="lost", slug="x")
    with CaptureQueriesContext(connection) as django_queries:
        djangos(case)
    with CaptureQueriesContext(connection) as batched_queries:
        batched(case)
    selects = [q for q in batched_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1
    assert len(batched_queries) < len(django_queries)
