"""The feeds app owns the subscription outputs at their unchanged URLs, and the direction of
imports holds: feeds depends on cases, never the reverse."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import translation

# Every URL of the subscription outputs, as published (docs/feeds.md, docs/downloads.md).
URLS = [
    ("feed_rulings", {}, "/en/feeds/rulings.atom", "feeds.atom"),
    ("feed_status", {}, "/en/feeds/status.atom", "feeds.atom"),
    ("feed_hearings", {}, "/en/feeds/hearings.atom", "feeds.atom"),
    ("feed_case", {"slug": "a-case"}, "/en/cases/a-case/feed.atom", "feeds.atom"),
    ("calendar_hearings", {}, "/en/calendar/hearings.ics", "feeds.views"),
    ("calendar_case", {"slug": "a-case"}, "/en/cases/a-case/hearings.ics", "feeds.views"),
    ("calendar_court", {"slug": "a-court"}, "/en/courts/a-court/hearings.ics", "feeds.views"),
    ("calendar_party", {"slug": "a-party"}, "/en/parties/a-party/hearings.ics", "feeds.views"),
    ("case_list_csv", {}, "/en/cases.csv", "feeds.views"),
    ("hearing_calendar_csv", {}, "/en/hearings.csv", "feeds.views"),
]


@pytest.mark.parametrize(("name", "kwargs", "path", "module"), URLS)
def test_each_output_keeps_its_url_and_is_served_by_the_feeds_app(name, kwargs, path, module):
    with translation.override("en"):
        assert reverse(name, kwargs=kwargs) == path
        match = resolve(path)
    assert match.url_name == name
    assert match.func.__module__ == module


def test_cases_never_imports_feeds():
    importers = []
    for source in sorted((Path(settings.BASE_DIR) / "cases").rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            if any(n == "feeds" or n.startswith("feeds.") for n in names):
                importers.append(str(source))
    assert importers == []


def test_the_feeds_app_is_installed_without_models():
    from django.apps import apps

    config = apps.get_app_config("feeds")
    assert list(config.get_models()) == []
