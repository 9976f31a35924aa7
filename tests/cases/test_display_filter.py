"""The `display` template filter: what get_<field>_display shows, for every choice the public
templates print, in each language, escaped like any variable."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from alerts.models import Subscription
from cases.models import Case, Court, Event, Filing, Hearing, Party, Proceeding, Ruling
from citations.models import Citation

FIELDS = [
    (Case, "status"),
    (Proceeding, "procedure"),
    (Proceeding, "origin"),
    (Filing, "kind"),
    (Hearing, "status"),
    (Ruling, "kind"),
    (Ruling, "outcome"),
    (Citation, "treatment"),
    (Court, "kind"),
    (Party, "kind"),
    (Event, "kind"),
    (Subscription, "language"),
]


@pytest.mark.parametrize(("model", "name"), FIELDS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_filter_shows_what_django_shows(model, name, language):
    template = Template("{% load casetracker %}{{ obj|display:name }}")
    with translation.override(language):
        for value, _label in model._meta.get_field(name).flatchoices:
            obj = model(**{name: value})
            shown = template.render(Context({"obj": obj, "name": name}))
            assert shown == str(
                Template("{{ label }}").render(
                    Context({"label": getattr(obj, f"get_{name}_display")()})
                )
            )


def test_every_field_a_public_template_displays_is_checked_here():
    """A public template that starts displaying another field's label gets it checked above."""
    root = Path(__file__).resolve().parents[2] / "templates"
    used = set()
    for path in root.rglob("*.html"):
        if "admin" in path.parts:
            continue
        used |= set(re.findall(r'\|display:"([a-z_]+)"', path.read_text()))
    assert used <= {name for _model, name in FIELDS}, used
