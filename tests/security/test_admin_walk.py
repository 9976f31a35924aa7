"""Every admin URL, walked as every role, against own, foreign-draft, public and reference
records: no foreign draft is shown, named, linked, changed or
redirected to.

The URLs come from the URL resolver, so a new admin page is walked without editing this test;
their parameters are filled with every stored record of the page's model (deleted ones too,
through their history), every history version, content types for "view on site", and guessed
ids. For each role the walk GETs every URL; POSTs every form it gets back as a browser would
(tests/formdata.py), and, where it gets none, the form a curator gets there (an adversary
replaying a valid form); POSTs deletions of what the role may not change; runs every
change-list action on others' and reference ids; uploads to every import page files rewriting
others' records and shared case law; checks what every add form and inline accepts for each
relation; queries every autocomplete field with the foreign drafts' names. Each side's drafts
carry a unique marker in their titles, names and texts (and so their slugs): a body or
redirect holding a marker the role may not see fails. Afterwards no row the role may not
change has changed, and no row it wrote links to a draft it may not see.
"""

import datetime as dt
import json
import logging
import re
import time
from collections import defaultdict
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import translation

from cases import permissions, services
from cases.models import (
    Case,
    Court,
    Event,
    Filing,
    Hearing,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from citations.services import citation_create
from interchange.export import export_document
from organisations.models import Membership, Organisation
from tests.factories import make_curator, make_member, make_user
from tests.formdata import posted_data

# Every admin URL for every role: the walk takes long; `make test` and CI run it.
pytestmark = pytest.mark.slow

# Lower case: bodies are searched lower-cased, so slugs built from titles are caught too.
MARKERS = {"a": ("zyxalpha", "457391"), "b": ("zyxbravo", "468213")}
ROLES = ("editor_a", "publisher_a", "editor_b", "curator", "outsider", "anonymous")
# The markers each role may not meet anywhere in the admin.
FORBIDDEN = {
    "editor_a": MARKERS["b"],
    "publisher_a": MARKERS["b"],
    "editor_b": MARKERS["a"],
    "curator": (),
    "outsider": MARKERS["a"] + MARKERS["b"],
    "anonymous": MARKERS["a"] + MARKERS["b"],
}
# The markers each role must meet somewhere: proof that the walk reaches the pages that
# would leak them.
SEEN = {"editor_a": MARKERS["a"], "editor_b": MARKERS["b"], "curator": MARKERS["a"] + MARKERS["b"]}
ADMIN = "/" + settings.ADMIN_URL
APPS = ("cases", "citations", "organisations", "alerts", "auth")
GUESSED_IDS = ("987654", "x")


# The world ---------------------------------------------------------------------------------


def _tree(letter: str, number: str, day: dt.date, court: Court, party: Party, cited: Ruling):
    """One organisation's case tree; its drafts carry the organisation's markers."""
    mark, case_number = MARKERS.get(letter, (f"charlie{letter}", number))
    organisation = Organisation.objects.create(name=f"Association {letter}", slug=f"assoc-{letter}")
    editor = make_member(f"editor_{letter}", organisation, Membership.Role.EDITOR)
    publisher = make_member(f"publisher_{letter}", organisation, Membership.Role.PUBLISHER)
    case = services.case_save(
        case=Case(
            title_fr=f"Affaire {mark}",
            title_en=f"Case {mark}",
            summary_fr=f"Résumé {mark}",
            organisation=organisation,
        ),
        by=editor,
    )
    proceeding = services.record_save(
        instance=Proceeding(case=case, court=court, number=case_number, procedure="refere_liberte")
    )
    ProceedingParty.objects.create(proceeding=proceeding, party=party, role="applicant")
    filing = services.record_save(
        instance=Filing(
            proceeding=proceeding,
            kind="application",
            registered_on=day,
            summary_fr=f"Requête {mark}",
            full_text=f"Texte {mark}",
        )
    )
    hearing = services.hearing_save(
        hearing=Hearing(proceeding=proceeding, date=day, location=f"Salle {mark}")
    )
    hearing.date = day + dt.timedelta(days=7)
    services.hearing_save(hearing=hearing, reason=f"Report {mark}")
    ruling = services.ruling_save(
        ruling=Ruling(
            court=court,
            proceeding=proceeding,
            kind="order",
            decided_on=day,
            short_name=f"Ordonnance {mark}",
            title_fr=f"Ordonnance {mark}",
            full_text=f"Texte {mark}",
        ),
        numbers=[case_number],
    )
    services.record_save(instance=StatusUpdate(case=case, posted_on=day, text_fr=f"Point {mark}"))
    event = services.record_save(instance=Event(occurred_on=day, title_fr=f"Fait {mark}"))
    event.cases.set([case])
    citation_create(citing=ruling, cited=cited, quote=f"Citation {mark}")
    citation_create(citing=filing, cited=cited, quote=f"Citation {mark}")
    return organisation, case, proceeding, filing, ruling, editor, publisher


def build() -> dict:
    court = Court.objects.create(
        name_fr="Conseil d'État", short_name_fr="CE", slug="ce", country="FR", kind="administrative"
    )
    party = services.party_save(party=Party(name="InterHop", kind="association"))
    Topic.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    reference = services.ruling_save(
        ruling=Ruling(court=court, kind="order", decided_on=dt.date(2020, 10, 13)),
        numbers=["444937"],
    )
    services.record_save(instance=Event(occurred_on=dt.date(2018, 5, 25), title_fr="RGPD"))
    a = _tree("a", "", dt.date(2021, 3, 8), court, party, reference)
    b = _tree("b", "", dt.date(2022, 2, 2), court, party, reference)
    c = _tree("c", "479999", dt.date(2023, 4, 4), court, party, reference)
    services.case_publish(case=c[1], by=c[6])  # public: anyone may cite its ruling
    # A's ruling cites B's draft by court and date ("Extract citations" must not find it).
    ruling_a = Ruling.objects.get(pk=a[4].pk)
    ruling_a.full_text += " Voir CE, ord., 2 février 2022."
    services.ruling_save(ruling=ruling_a)
    citation_create(citing=ruling_a, cited=c[4])
    # A deleted draft record of B's, restorable from its history.
    deleted = services.record_save(
        instance=Filing(
            proceeding=b[2],
            kind="brief",
            registered_on=dt.date(2022, 3, 1),
            summary_fr=f"Mémoire {MARKERS['b'][0]}",
        )
    )
    services.record_delete(instance=deleted, by=b[5])
    # A case entered by A, since moved to B, which edited it: A's old versions must not
    # take it back.
    moved = services.case_save(case=Case(title_fr="Affaire déplacée", organisation=a[0]), by=a[5])
    moved.organisation = b[0]
    curator = make_curator()
    services.case_save(case=moved, by=curator)
    moved = Case.objects.get(pk=moved.pk)
    moved.summary_fr = f"Repris par {MARKERS['b'][0]}"
    services.case_save(case=moved, by=b[5])
    return {
        "editor_a": a[5],
        "publisher_a": a[6],
        "editor_b": b[5],
        "curator": curator,
        "outsider": make_user("outsider"),
        "anonymous": None,
    }


@pytest.fixture(scope="module")
def users(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end; each role's
    walk runs in its own savepoint (the `db` fixture), so each starts from the same world."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# What the admin holds ----------------------------------------------------------------------


def admin_patterns() -> list[tuple[str, object, type | None]]:
    """(route prefix, URL pattern, model) of every URL under the admin, from the resolver."""
    found = []

    def walk(resolver, prefix: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern))
            elif prefix.startswith(ADMIN[1:]) or str(entry.pattern).startswith(ADMIN[1:]):
                found.append((prefix, entry, model_of(prefix)))

    walk(get_resolver(), "")
    return found


def model_of(prefix: str):
    parts = prefix[len(ADMIN) - 1 :].strip("/").split("/")
    if len(parts) == 2:
        try:
            return apps.get_model(*parts)
        except LookupError:
            return None
    return None


def object_ids(model) -> list[str]:
    """Every stored record of `model`, and those deleted (from their history)."""
    ids = [str(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)]
    history = getattr(model, "history", None)
    if history is not None:
        pk_name = model._meta.pk.attname
        deleted = history.exclude(**{f"{pk_name}__in": model._default_manager.values("pk")})
        ids += [str(pk) for pk in deleted.values_list(pk_name, flat=True).distinct()]
    return ids


def versions(model, pk: str) -> list[str]:
    records = model.history.filter(**{model._meta.pk.attname: pk}).order_by("history_id")
    ids = list(records.values_list("history_id", flat=True))
    return [str(i) for i in {ids[0], ids[-1]}] if ids else []


def fills(prefix: str, pattern, model) -> list[dict]:
    """Values for the pattern's parameters: every combination worth trying."""
    if isinstance(pattern.pattern, RoutePattern):
        names = tuple(pattern.pattern.converters)
    else:
        regex = pattern.pattern.regex
        names = tuple(regex.groupindex) or tuple(range(regex.groups))
    if not names:
        return [{}]
    if names == ("object_id",):
        return [{"object_id": pk} for pk in object_ids(model) + list(GUESSED_IDS)]
    if names == ("id",):  # a user's password page
        return [{"id": pk} for pk in object_ids(model) + list(GUESSED_IDS)]
    if names == (0, 1):  # a history version (simple_history)
        return [{0: pk, 1: v} for pk in object_ids(model) for v in versions(model, pk)] + [
            {0: GUESSED_IDS[0], 1: GUESSED_IDS[0]}
        ]
    if names == ("content_type_id", "object_id"):
        values = []
        for registered in admin.site._registry:
            content_type = ContentType.objects.get_for_model(registered)
            # A model without public page redirects nowhere: one try is enough.
            ids = object_ids(registered)
            if not hasattr(registered, "get_absolute_url"):
                ids = ids[:1]
            values += [{"content_type_id": content_type.pk, "object_id": pk} for pk in ids]
        case_type = ContentType.objects.get_for_model(Case)
        for pk in object_ids(Case):
            values.append({"content_type_id": f"+{case_type.pk}", "object_id": pk})
        return [*values, {"content_type_id": GUESSED_IDS[0], "object_id": "1"}]
    if names == ("app_label",):
        return [{"app_label": label} for label in {m._meta.app_label for m in admin.site._registry}]
    if names == ("url",):  # the admin's catch-all
        return [{"url": "no-such-page/"}]
    raise AssertionError(f"teach the walk the parameters {names} of {prefix}{pattern.pattern}")


def url_for(prefix: str, pattern, values: dict) -> str:
    if isinstance(pattern.pattern, RoutePattern):
        route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), str(pattern.pattern))
        return "/" + prefix + route
    regex = str(pattern.pattern)
    positional = [str(values[i]) for i in sorted(k for k in values if isinstance(k, int))]
    named = {k: str(v) for k, v in values.items() if isinstance(k, str)}
    if pattern.name:
        return reverse(f"admin:{pattern.name}", args=positional or None, kwargs=named or None)
    assert named.keys() == {"url"}, regex
    return "/" + prefix + named["url"]


def snapshot() -> dict:
    """Every row of the project's models (not history), by (model, pk)."""
    rows = {}
    for config in (apps.get_app_config(label) for label in APPS):
        for model in config.get_models(include_auto_created=True):
            if model.__name__.startswith("Historical"):
                continue
            fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
            for values in model._default_manager.values_list("pk", *fields):
                rows[(model, values[0])] = values[1:]
    return rows


def may_change(user, obj) -> bool:
    """The rule the walk holds the admin to (cases.permissions), whatever the admin does."""
    if user is None:
        return False
    if permissions.is_curator(user):
        return True
    model = type(obj)
    if model in permissions.SCOPES:
        return permissions.can_edit(user, obj)
    if model is Citation:
        citing = obj.citing_ruling or obj.citing_filing
        return citing is not None and permissions.can_edit(user, citing)
    # A many-to-many row, or a log row of a case (CaseChange): the records it hangs on's.
    owners = [
        getattr(obj, f.name)
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in permissions.SCOPES
    ]
    owners = [owner for owner in owners if owner is not None]
    return bool(owners) and all(permissions.can_edit(user, owner) for owner in owners)


def may_link(user, target) -> bool:
    """May a row written by `user` point to `target`?"""
    if permissions.is_curator(user):
        return True
    if type(target) is Ruling and Ruling.objects.public().filter(pk=target.pk).exists():
        return True
    return permissions.can_view(user, target)


def owning(model, field_name: str) -> bool:
    """Does the relation make the row part of what it points to (a ruling number is its
    ruling's, a citation its citing ruling's)? Then choosing shared reference data there
    would change that data, which is curators' alone."""
    scope = permissions.SCOPES.get(model)
    if scope is not None:
        return scope.path.split("__")[0] == field_name
    return model is Citation and field_name in ("citing_ruling", "citing_filing")


def autocomplete_fields() -> set[tuple[type, str]]:
    fields = set()
    for model, model_admin in admin.site._registry.items():
        fields |= {(model, name) for name in model_admin.autocomplete_fields}
        for inline in model_admin.inlines:
            fields |= {(inline.model, name) for name in inline.autocomplete_fields}
    return fields


# The walk ----------------------------------------------------------------------------------

CURATORS_FORMS: dict[str, dict | None] = {}


class Walk:
    def __init__(self, role: str, user):
        self.role, self.user = role, user
        # A server error is collected with the URL, not raised mid-walk.
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.curator = Client(raise_request_exception=False)
        self.curator.force_login(User.objects.get(username="curator"))
        self.forbidden = FORBIDDEN[role]
        self.leaks: list[str] = []
        self.errors: list[str] = []
        self.seen: set[str] = set()
        self.requests = 0

    def check(self, method: str, url: str, response) -> None:
        self.requests += 1
        where = f"{self.role} {method} {url} → {response.status_code}"
        if response.status_code >= 500:
            self.errors.append(where)
        text = response.content.decode(errors="replace").lower()
        location = response.get("Location", "")
        if not location.startswith(reverse("admin:login")):  # its ?next= is the request's
            text += " " + location.lower()
        for marker in MARKERS["a"] + MARKERS["b"]:
            if marker in text:
                self.seen.add(marker)
                if marker in self.forbidden:
                    self.leaks.append(f"{where} holds {marker!r}")

    def get(self, url: str, **params):
        response = self.client.get(url, params)
        self.check("GET", url + ("?" + urlencode(params) if params else ""), response)
        return response

    def post(self, url: str, data: dict):
        response = self.client.post(url, data)
        self.check("POST", url, response)
        return response

    def may_change_id(self, model, pk: str) -> bool:
        obj = model._default_manager.filter(pk=pk).first() if pk.isdigit() else None
        if obj is None:
            return False
        return may_change(self.user, obj)

    def curators_form(self, url: str) -> dict | None:
        """The form a curator gets at `url` in the world as built (every walk starts from it,
        and a role never changes the records whose pages it may not open)."""
        if url not in CURATORS_FORMS:
            CURATORS_FORMS[url] = self.form_of(self.curator.get(url))
        return CURATORS_FORMS[url]

    @staticmethod
    def form_of(response) -> dict | None:
        if response.status_code != 200:
            return None
        try:
            return posted_data(response)
        except AssertionError:
            return None

    def page(self, prefix: str, pattern, model, values: dict) -> None:
        url = url_for(prefix, pattern, values)
        response = self.get(url)
        name = pattern.name or ""
        if model is None or name.endswith(("_changelist", "_deleted")) or self.role == "anonymous":
            return
        pk = str(values.get("object_id", values.get(0, "")))
        if name.endswith("_delete"):
            if not self.may_change_id(model, pk):
                self.post(url, {"post": "yes"})
            return
        if response.status_code == 200:
            data = self.form_of(response) if pk or name.endswith("_add") else None
            if data is not None:
                self.post(url, data)  # unchanged, as a browser posts it
        elif pk and self.user is not None:
            data = self.curators_form(url)
            if data is not None:
                self.post(url, data)  # a valid form for a page the role may not open

    def actions(self) -> None:
        request = RequestFactory().get(ADMIN)
        request.user = User.objects.get(username="curator")
        for model, model_admin in admin.site._registry.items():
            names = set(model_admin.get_actions(request)) | {"delete_selected"}
            others = [
                str(pk)
                for pk in model._default_manager.values_list("pk", flat=True)
                if not self.may_change_id(model, str(pk))
            ]
            if not others:
                continue
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for action in sorted(names):
                data = {"action": action, ACTION_CHECKBOX_NAME: others, "index": "0"}
                self.post(url, data)
                self.post(url, {**data, "post": "yes"})
        # Actions that read or write from the role's own records (citation extraction).
        for model in (Ruling, Filing):
            own = [
                str(pk)
                for pk in model._default_manager.values_list("pk", flat=True)
                if self.may_change_id(model, str(pk))
            ]
            if own:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                self.post(url, {"action": "extract_citations", ACTION_CHECKBOX_NAME: own})

    def uploads(self) -> None:
        """Every import page, given files that change one record the role may not change each
        (an all-or-nothing import would hide the second behind the first refusal): another
        organisation's case or ruling rewritten or taken into the role's organisation, shared
        case law taken into one of the role's proceedings."""
        if self.user is None or permissions.is_curator(self.user):
            return
        urls = [
            url_for(prefix, pattern, {})
            for prefix, pattern, _model in admin_patterns()
            if (pattern.name or "").endswith("_import")
        ]
        document = export_document()
        empty = {key: [] for key in ("courts", "parties", "cases", "rulings", "citations")}
        base = {"format": document["format"], "version": document["version"], **empty}
        mine = permissions.user_organisation_ids(user=self.user)
        own_org = Organisation.objects.filter(pk__in=mine).order_by("pk").first()
        own_proceeding = next(
            (p for p in Proceeding.objects.order_by("pk") if may_change(self.user, p)), None
        )
        files = []
        for row in document["cases"]:
            case = Case.objects.get(uid=row["uid"])
            if not may_change(self.user, case):
                files.append({**base, "cases": [{**row, "title_fr": "Pris"}]})
                if own_org is not None:
                    files.append({**base, "cases": [{**row, "organisation": str(own_org.uid)}]})
        for row in document["rulings"]:
            ruling = Ruling.objects.get(uid=row["uid"])
            if not may_change(self.user, ruling):
                files.append({**base, "rulings": [{**row, "short_name": "Pris"}]})
                if own_proceeding is not None:
                    taken = {**row, "proceeding": str(own_proceeding.uid)}
                    files.append({**base, "rulings": [taken]})
        for url in urls:
            for number, content in enumerate(files):
                upload = SimpleUploadedFile(
                    f"file{number}.json", json.dumps(content).encode(), "application/json"
                )
                self.post(url, {"file": upload})

    def choices(self) -> None:
        """What every add form and inline accepts for each relation (autocomplete widgets
        render no options, so the pages alone cannot show it): no foreign draft, and no row
        the role may not change where the relation makes the new row part of it."""
        if self.user is None:
            return
        request = RequestFactory().get(ADMIN)
        request.user = self.user
        request.resolver_match = None
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_add_permission(request):
                continue
            forms = [(model, model_admin.get_form(request, None, change=False).base_fields)]
            for inline in model_admin.get_inline_instances(request):
                formset = inline.get_formset(request, None)
                forms.append((inline.model, formset.form.base_fields))
            for form_model, fields in forms:
                for name, field in fields.items():
                    queryset = getattr(field, "queryset", None)
                    if queryset is None or queryset.model not in permissions.SCOPES:
                        continue
                    if (form_model, name) == (Citation, "cited"):
                        # Any public ruling may be cited, whoever keeps it.
                        refused = Ruling.objects.public().exclude(pk__in=queryset.values("pk"))
                        self.leaks += [f"{self.role} cannot cite {r!r}" for r in refused]
                    for target in queryset:
                        where = f"{self.role} {form_model.__name__}.{name} accepts {target!r}"
                        if not may_link(self.user, target):
                            self.leaks.append(where)
                        elif owning(form_model, name) and not may_change(self.user, target):
                            self.leaks.append(f"{where}, which the role may not change")

    def autocompletes(self) -> None:
        url = reverse("admin:autocomplete")
        terms = ["", *MARKERS["a"], *MARKERS["b"], "Affaire", "Ordonnance"]
        for model, field_name in sorted(autocomplete_fields(), key=str):
            related = model._meta.get_field(field_name).related_model
            for term in terms:
                params = {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": term,
                }
                response = self.get(url, **params)
                if response.status_code != 200 or self.user is None:
                    continue
                # What the choice offers, the form must accept: no foreign draft, and no
                # shared reference row where choosing it would write to it.
                for item in response.json()["results"]:
                    target = related._default_manager.get(pk=item["id"])
                    if related in permissions.SCOPES and not may_link(self.user, target):
                        self.leaks.append(f"{self.role} autocomplete {params} offers {target!r}")
                    if owning(model, field_name) and not may_change(self.user, target):
                        self.leaks.append(
                            f"{self.role} autocomplete {params} offers {target!r}, "
                            "which the role may not change"
                        )


@contextmanager
def quiet_refusals():
    """Thousands of refusals logged with their tracebacks would take most of the walk's time;
    server errors are still logged (and collected by the walk)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_keeps_to_the_organisation(users, db, role):
    user = users[role]
    before = snapshot()
    # Whether the role may change each row as it is before the walk.
    allowed = {key: may_change(user, key[0]._default_manager.get(pk=key[1])) for key in before}
    walk = Walk(role, user)
    patterns = admin_patterns()
    assert len(patterns) > 100, "the walk found too few admin URLs"
    walked = defaultdict(int)
    started = time.monotonic()
    with translation.override("en"), quiet_refusals():
        for prefix, pattern, model in patterns:
            for values in fills(prefix, pattern, model):
                walk.page(prefix, pattern, model, values)
                walked[(prefix, str(pattern.pattern))] += 1
        walk.actions()
        walk.uploads()
        walk.choices()
        walk.autocompletes()
    cache.clear()
    after = snapshot()
    print(f"{role}: {walk.requests} requests in {time.monotonic() - started:.0f} s")

    assert all(walked[(p, str(pattern.pattern))] for p, pattern, _m in patterns)
    changed = []
    for key, values in before.items():
        model, pk = key
        if after.get(key) != values:
            # The row as it was and as it is now must both be the role's to change.
            obj = model._default_manager.filter(pk=pk).first()
            if not allowed[key] or (obj is not None and not may_change(user, obj)):
                changed.append(f"{model.__name__} {pk}: {values} → {after.get(key)}")
    for key in after.keys() - before.keys():
        model, pk = key
        obj = model._default_manager.get(pk=pk)
        if not may_change(user, obj):
            changed.append(f"new {model.__name__} {pk} the role may not change")
    for key in {k for k in after if after[k] != before.get(k)}:
        model, pk = key
        obj = model._default_manager.get(pk=pk)
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in permissions.SCOPES:
                continue
            target = getattr(obj, field.name)
            if target is not None and user is not None and not may_link(user, target):
                changed.append(f"{model.__name__} {pk}.{field.name} → {target!r}")
    missing = set(SEEN.get(role, ())) - walk.seen
    if missing:
        changed.append(f"the walk never met {missing}: it does not reach the pages")
    # Every kind of failure at once: server errors, leaks, foreign rows changed.
    problems = walk.errors + walk.leaks + changed
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_the_walk_reaches_every_registered_model(users, db):
    walked_models = {model for _prefix, _pattern, model in admin_patterns() if model is not None}
    assert set(admin.site._registry) <= walked_models
