"""The admin speaks one language: wholly French for a French-speaking browser, wholly English
otherwise. Each page of every registered model is rendered in both languages; a text the two
renderings share is an untranslated one unless it is data (a value stored in the database) or
a word that French and English spell alike."""

import functools
import gettext
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import NoReverseMatch
from django.utils import translation

from tests import factories
from tests.cases.helpers import REGISTERED, admin_url, make_instance

# Words spelt alike in both languages, and names.
SAME_IN_BOTH = {
    "action",
    "actions",
    "date",
    "ecli",
    "celex",
    "url",
    "slug",
    "version",
    "publication",
    "organisation",
    "organisations",
    "type",
    "total",
    "description",
    "formation",
    "article",
    "cas",
    "casetracker",
    "django",
    "uid",
    "json",
    "id",
    "note",
    "notes",
    "source",
    "sources",
    "transaction",
    "position",
    "citation",
    "citations",
    "parties",
    "axes",
    "permissions",
    "admin",
}

PUNCTUATION = ".,:;()«»“”\"'!?…/#\u203a-"  # \u203a: the breadcrumbs' separator
SKIPPED_TAGS = {"script", "style", "textarea"}


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        attributes = dict(attrs)
        if tag == "img" and "/admin/img/icon-" in (attributes.get("src") or ""):
            # Django's yes/no/unknown icons: alt "True", "False", "None" in every language
            # (Django's own templates); the icon says it.
            return
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.texts.append(value)
            if name == "value" and tag == "input" and ("type", "submit") in attrs and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def texts(response) -> set[str]:
    parser = _Texts()
    parser.feed(response.content.decode())
    return set(parser.texts)


def stored_values() -> set[str]:
    """Every text the database holds (titles, names, user names...): data, not interface."""
    values = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.SlugField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            values.update(" ".join(str(v).split()) for v in row if v)
        # The texts inside JSON fields are stored data too (a sync run's skipped reasons).
        json_fields = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)
        ]
        for row in model._default_manager.values_list(*json_fields) if json_fields else ():
            values.update(" ".join(text.split()) for text in json_strings(row) if text)
    return values


def json_strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from json_strings(item)


@functools.cache
def french_texts() -> set[str]:
    """The French catalogue's translations: a text shared by both renderings that is one of
    them is French in both (a procedure's name has no English form)."""
    catalog = translation.trans_real.translation("fr")._catalog
    return {value for _key, value in catalog.items() if isinstance(value, str)}


def looks_english(text: str, data: set[str]) -> bool:
    if text in data or any(value and value in text for value in data if len(value) > 6):
        return False
    if text in french_texts():
        return False
    words = [w.strip(PUNCTUATION).lower() for w in text.split()]
    words = [w for w in words if len(w) > 2 and w.isalpha()]
    return bool(words) and not all(w in SAME_IN_BOTH for w in words)


def untranslated(client, url: str, data: set[str]) -> list[str]:
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert french.status_code == english.status_code == 200, url
    assert french.headers["Content-Language"] == "fr"
    shared = texts(french) & texts(english)
    return sorted(t for t in shared if looks_english(t, data))


def admin_pages(model, obj, user) -> list[str]:
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [admin_url(model, "changelist"), admin_url(model, "change", obj.pk)]
    for view in ("add", "history", "deleted", "import"):
        try:
            url = admin_url(model, view, obj.pk) if view == "history" else admin_url(model, view)
        except NoReverseMatch:
            continue
        if view == "add" and not model_admin.has_add_permission(request):
            continue
        pages.append(url)
    return pages


@pytest.mark.django_db
def test_the_admin_index_is_wholly_french_for_a_french_browser(admin_client, admin_user):
    for model in REGISTERED:
        make_instance(model, admin_user)
    data = stored_values()
    assert untranslated(admin_client, "/admin/", data) == []


@pytest.mark.slow  # every admin page
@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_admin_page_is_wholly_french_for_a_french_browser(admin_client, admin_user, model):
    obj = make_instance(model, admin_user)
    data = stored_values()
    found = {
        url: untranslated(admin_client, url, data) for url in admin_pages(model, obj, admin_user)
    }
    assert {url: texts for url, texts in found.items() if texts} == {}


@pytest.mark.django_db
def test_action_messages_follow_the_browser_language(admin_client):
    case = factories.CaseFactory(publication="draft")
    url = admin_url(case.__class__, "changelist")
    data = {"action": "submit_for_review", "_selected_action": [case.pk], "index": "0"}
    french = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert "1 affaire(s) soumise(s) à relecture." in french.content.decode()
    case.refresh_from_db()
    case.publication = "draft"
    case.save()
    english = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "1 case(s) submitted for review." in english.content.decode()


LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"


def test_the_french_catalogue_is_complete_and_compiled(tmp_path):
    """Every message has a French translation (none fuzzy, none empty), and the committed
    django.mo is the compiled django.po (compilemessages was not forgotten)."""
    if shutil.which("msgfmt") is None:
        if os.environ.get("CASETRACKER_REQUIRE_ALL") == "1":
            pytest.fail("needs msgfmt (apt-get install gettext)")
        pytest.skip("needs msgfmt (apt-get install gettext)")
    po = LOCALE / "django.po"
    statistics = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "new.mo"), str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert statistics.returncode == 0, statistics.stderr
    assert "fuzzy" not in statistics.stderr and "untranslated" not in statistics.stderr, (
        statistics.stderr
    )
    with (LOCALE / "django.mo").open("rb") as committed, (tmp_path / "new.mo").open("rb") as new:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(new)._catalog
        ), "django.mo is stale: run `make messages`"
