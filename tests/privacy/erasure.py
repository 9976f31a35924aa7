"""The erasure tests' data: a published case naming a natural person, and the forms their name
may take (the fixture `world` is imported by the tests that use it)."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tests.factories import (
    CaseFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    StatusUpdateFactory,
    make_user,
)

NAME = "Zéphyrin Quasimodo"


# Texts naming someone else called Quasimodo, outside the person's cases: possible hits only.
POSSIBLE = ("la jurisprudence Quasimodo", "M. Quasimodo, maire")


# Not a hit at all: another word.
UNRELATED = "la rue Saint-Quasimodo"


_columns: dict[tuple[str, str], dict[str, list]] = {}


def table_columns() -> dict[str, list]:
    """Every table of the test database and its columns (Django's FieldInfo), read once per
    worker: the tables do not change within a run, and SQLite's introspection parses each
    table's CREATE statement again (sqlparse) at every call: 2 s of CPU for the folder."""
    key = (connection.vendor, connection.settings_dict["NAME"])
    if key not in _columns:
        with connection.cursor() as cursor:
            _columns[key] = {
                table: connection.introspection.get_table_description(cursor, table)
                for table in connection.introspection.table_names(cursor)
            }
    return _columns[key]


@pytest.fixture
def world():
    """A published case where the person is the second party (letters C... D...)."""
    case = CaseFactory(
        slug="quasimodo-c-ministre",
        title_fr="Quasimodo c. ministre de l'intérieur",
        title_en="Quasimodo v. Minister",
        summary_fr=f"{NAME} conteste un fichier de police.",
    )
    proceeding = ProceedingFactory(case=case)
    first = PartyFactory(natural_person=True, name="Marc Lenoir")
    person = PartyFactory(natural_person=True, name=NAME, slug="zephyrin-quasimodo")
    for party in (first, person):
        ProceedingPartyFactory(proceeding=proceeding, party=party)
    update = StatusUpdateFactory(case=case, text_fr="Zephyrin Quasimodo a saisi le tribunal.")
    update.text_fr = "M. Quasimodo a saisi le tribunal."
    update.text_en = "Z. Quasimodo went to court."
    update.save()  # the first text stays in its history
    ruling = RulingFactory(
        proceeding=proceeding,
        summary_fr="QUASIMODO Zéphyrin soutient que Z Quasimodo n'a jamais été condamné ; "
        "Mme Lenoir aussi. Audience Monsieur  Quasimodo.",
    )
    double = PartyFactory(natural_person=True, name="Zephyrin QUASIMODO", slug="z-quasimodo-2")
    elsewhere = RulingFactory(
        title_fr="Arrêt du conseil municipal",
        summary_fr=f"Voir {POSSIBLE[0]} et {POSSIBLE[1]}, dans {UNRELATED}.",
    )
    curator = make_user("earlier-curator")
    for target, repr_, message in (
        (
            person,
            NAME,
            [
                {"changed": {"fields": ["Name"], "object": NAME}},  # JSON: "Z\\u00e9phyrin"
                {"changed": {"fields": ["Website"], "object": "Mme Quasimodo"}},
            ],
        ),
        (update, "M. Quasimodo a saisi…", [{"changed": {"fields": ["Text"]}}]),
    ):
        LogEntry.objects.create(
            user=curator,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            object_repr=repr_,
            action_flag=CHANGE,
            change_message=json.dumps(message),
        )
    return {
        "case": case,
        "person": person,
        "update": update,
        "ruling": ruling,
        "double": double,
        "elsewhere": elsewhere,
    }
