"""The factories never make a record that collides with the demo data set: tests load both in
one database, and a factory sequence that reached a real identifier made `load_demo` fail in
whichever test came after the 558th ruling of a session."""

import json
from pathlib import Path

from django.conf import settings

from tests.factories import RulingFactory, RulingNumberFactory

DEMO = json.loads((Path(settings.BASE_DIR) / "demo" / "demo.json").read_text())


def sequence_values(factory, field: str, count: int = 20_000) -> set[str]:
    make = factory._meta.declarations[field].function
    return {make(n) for n in range(count)}


def test_factory_eclis_never_meet_the_demo_rulings():
    demo = {row["ecli"] for row in DEMO["rulings"] if row.get("ecli")}
    assert demo and not sequence_values(RulingFactory, "ecli") & demo


def test_factory_case_numbers_never_meet_the_demo_rulings():
    demo = {number for row in DEMO["rulings"] for number in row.get("numbers", [])}
    assert demo and not sequence_values(RulingNumberFactory, "number") & demo
