"""Alerts speak through gettext like the rest of the site: one template per e-mail and per page,
English as the msgid, the French catalogue for French subscribers; no hand-made table of both
languages and no branch on the language. The error pages and the time format follow the same
rule."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from alerts import emails
from tests.factories import SubscriptionFactory

BRANCH = re.compile(r"""(LANGUAGE_CODE|language\(\)[^=]*|language)\s*==\s*["']|\bif\s+lang\b""")


def alerts_sources() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        *sorted((root / "alerts").rglob("*.py")),
        *sorted((root / "templates" / "alerts").rglob("*.*")),
        root / "templates" / "includes" / "case_follow_link.html",
        *(root / "templates" / f"{status}.html" for status in (400, 403, 404, 500, 503)),
        root / "templates" / "errors" / "lockout.html",
        root / "cases" / "templatetags" / "casetracker.py",
    ]


def test_alerts_do_not_branch_on_the_language():
    found = [
        f"{path.name}:{number}"
        for path in alerts_sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BRANCH.search(line)
    ]
    assert found == []


def test_each_e_mail_has_one_template_for_every_language():
    per_language = [p.name for p in alerts_sources() if re.search(r"_(fr|en)\.\w+$", p.name)]
    assert per_language == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, valid, purge",
    [
        ("en", "(valid for 1 day):", "erased within 1 day."),
        ("fr", "(valable 1 jour) :", "effacée dans 1 jour."),
    ],
)
def test_a_confirmation_counts_its_days_in_the_right_number(settings, language, valid, purge):
    """Numbers go through ngettext: a link valid for one day says "1 day", not "1 days"."""
    settings.ALERTS_CONFIRM_MAX_AGE = 86400
    settings.ALERTS_UNCONFIRMED_DAYS = 1
    subscription = SubscriptionFactory(language=language, unconfirmed=True)

    message = emails.confirmation(subscription, language=language, digest=False)

    assert valid in message.body and purge in message.body
    html = message.alternatives[0].content
    assert ("valid for 1 day)" if language == "en" else "valable 1 jour)") in html
    assert f'<html lang="{language}">' in html
