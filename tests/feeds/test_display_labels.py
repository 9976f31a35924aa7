"""common.memo.display: the same text as Django's get_<field>_display, in each language."""

import pytest
from django.utils import translation

from cases.models import CaseStatusChange, Hearing, Ruling
from common.memo import display


@pytest.mark.parametrize(
    ("model", "name"),
    [(Ruling, "kind"), (Ruling, "outcome"), (Hearing, "status"), (CaseStatusChange, "to_status")],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_choice_reads_as_django_shows_it(model, name, language):
    field = model._meta.get_field(name)
    with translation.override(language):
        for value, _label in field.flatchoices:
            instance = model(**{name: value})
            assert display(instance, name) == getattr(instance, f"get_{name}_display")()
        stray = model(**{name: "not-a-choice"})
        assert display(stray, name) == "not-a-choice"


def test_labels_follow_the_language():
    ruling = Ruling(kind=Ruling.Kind.ORDER)
    with translation.override("en"):
        english = display(ruling, "kind")
    with translation.override("fr"):
        french = display(ruling, "kind")
    assert english != french
    assert english == "order" or english.lower() == "order"
