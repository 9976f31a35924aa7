"""The permission matrix: two organisations, an editor and a publisher of each, a
curator, a superuser, a staff user of no organisation and anonymous, across every admin path
(change list, change view, add, inlines, autocomplete, history), asserting what each may reach
and that nobody ever receives another organisation's data."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cases import permissions
from cases.models import Case, Court, Party, Proceeding, Ruling, StatusUpdate
from citations.models import Citation
from citations.services import citation_create
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

ROLES = (
    "editor_a",
    "publisher_a",
    "editor_b",
    "publisher_b",
    "curator",
    "superuser",
    "outsider",
    "anonymous",
)
MEMBERS_OF = {"editor_a": "a", "publisher_a": "a", "editor_b": "b", "publisher_b": "b"}
SEES_ALL = {"curator", "superuser"}

SCOPED_MODELS = (
    ("cases", "case"),
    ("cases", "proceeding"),
    ("cases", "filing"),
    ("cases", "hearing"),
    ("cases", "ruling"),
    ("cases", "statusupdate"),
    ("cases", "event"),
    ("cases", "casestatuschange"),
    ("cases", "hearingchange"),
    ("cases", "rulingnumber"),
    ("citations", "citation"),
)
HISTORY_MODELS = (
    ("cases", "case"),
    ("cases", "proceeding"),
    ("cases", "filing"),
    ("cases", "hearing"),
    ("cases", "ruling"),
    ("cases", "statusupdate"),
    ("cases", "event"),
    ("citations", "citation"),
)


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Admin pages over plain HTTP with unhashed static files, whatever DEBUG is."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def client_for(client, world, role):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def own_tree(world, role):
    return getattr(world, MEMBERS_OF[role])


def other_tree(world, role):
    return world.b if MEMBERS_OF[role] == "a" else world.a


@pytest.mark.parametrize("app_model", SCOPED_MODELS, ids="_".join)
@pytest.mark.parametrize("role", ROLES)
def test_change_list_shows_only_what_the_role_may_see(client, world, role, app_model):
    app, model = app_model
    client = client_for(client, world, role)
    response = client.get(reverse(f"admin:{app}_{model}_changelist"))
    if role == "anonymous":
        assert response.status_code == 302
        assert "/login/" in response["Location"]
        return
    if role == "outsider":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    a, b = world.a.record(model), world.b.record(model)
    if role in SEES_ALL:
        assert {a.pk, b.pk} <= shown
    else:
        assert own_tree(world, role).record(model).pk in shown
        assert other_tree(world, role).record(model).pk not in shown


@pytest.mark.parametrize("app_model", SCOPED_MODELS, ids="_".join)
@pytest.mark.parametrize("role", ("editor_a", "publisher_b", "outsider", "anonymous"))
def test_another_organisations_change_view_is_never_shown(client, world, role, app_model):
    app, model = app_model
    client = client_for(client, world, role)
    target = world.b.record(model) if role != "publisher_b" else world.a.record(model)
    response = client.get(reverse(f"admin:{app}_{model}_change", args=[target.pk]))
    # Absent (redirect to the index with "does not exist"), forbidden, or not found.
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        # Anonymous: to the login page; others: to the admin index ("does not exist").
        assert response["Location"].startswith(("/admin/login/", "/admin/"))
        assert f"/{target.pk}/change/" not in response["Location"].split("?")[0]
    body = response.content.decode() if response.status_code != 302 else ""
    assert str(target) not in body


@pytest.mark.parametrize("app_model", SCOPED_MODELS, ids="_".join)
@pytest.mark.parametrize("role", ("editor_a", "publisher_a", "curator", "superuser"))
def test_own_change_view_opens(client, world, role, app_model):
    app, model = app_model
    client = client_for(client, world, role)
    target = world.a.record(model)
    response = client.get(reverse(f"admin:{app}_{model}_change", args=[target.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("app_model", HISTORY_MODELS, ids="_".join)
@pytest.mark.parametrize("role", ROLES)
def test_history_view_follows_the_same_rule(client, world, role, app_model):
    app, model = app_model
    client = client_for(client, world, role)
    for tree in (world.a, world.b):
        target = tree.record(model)
        response = client.get(reverse(f"admin:{app}_{model}_history", args=[target.pk]))
        allowed = role in SEES_ALL or MEMBERS_OF.get(role) == ("a" if tree is world.a else "b")
        if allowed:
            assert response.status_code == 200
        elif role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code in (403, 404)
            assert str(target) not in response.content.decode()


@pytest.mark.parametrize("app_model", HISTORY_MODELS, ids="_".join)
def test_another_organisations_history_version_is_forbidden(client, world, app_model):
    app, model = app_model
    target = world.b.record(model)
    record = type(target).history.filter(id=target.pk).first()
    client.force_login(world.a.editor)
    url = reverse(f"admin:{app}_{model}_simple_history", args=[target.pk, record.history_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


AUTOCOMPLETES = (
    ("cases", "proceeding", "case", "case"),
    ("cases", "filing", "proceeding", "proceeding"),
    ("cases", "hearing", "proceeding", "proceeding"),
    ("cases", "ruling", "proceeding", "proceeding"),
    ("cases", "statusupdate", "case", "case"),
    ("cases", "event", "cases", "case"),
    ("cases", "casestatuschange", "case", "case"),
    ("citations", "citation", "citing_ruling", "ruling"),
    ("citations", "citation", "citing_filing", "filing"),
    ("cases", "hearingchange", "hearing", "hearing"),
)


def autocomplete_ids(client, app, model, field_name) -> set[str]:
    url = reverse("admin:autocomplete")
    response = client.get(
        url, {"app_label": app, "model_name": model, "field_name": field_name, "term": ""}
    )
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("spec", AUTOCOMPLETES, ids=lambda s: f"{s[1]}.{s[2]}")
@pytest.mark.parametrize("role", ("editor_a", "publisher_b"))
def test_autocomplete_offers_only_the_roles_organisation(client, world, role, spec):
    app, model, field_name, target = spec
    client.force_login(world.user(role))
    ids = autocomplete_ids(client, app, model, field_name)
    own, other = own_tree(world, role).record(target), other_tree(world, role).record(target)
    assert str(own.pk) in ids
    assert str(other.pk) not in ids


def test_autocomplete_of_the_cited_ruling_adds_reference_and_public_rulings(client, world):
    client.force_login(world.a.editor)
    ids = autocomplete_ids(client, "citations", "citation", "cited")
    assert {str(world.a.ruling.pk), str(world.reference_ruling.pk)} <= ids
    assert str(world.b.ruling.pk) not in ids  # B's case is a draft
    world.b.case.publication = Case.Publication.PUBLISHED
    Case.objects.filter(pk=world.b.case.pk).update(publication="published")
    assert str(world.b.ruling.pk) in autocomplete_ids(client, "citations", "citation", "cited")


@pytest.mark.parametrize("role", ("anonymous", "outsider"))
def test_autocomplete_refuses_those_outside_every_organisation(client, world, role):
    client = client_for(client, world, role)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "statusupdate", "field_name": "case", "term": ""},
    )
    assert response.status_code in (302, 403)


def test_related_lookup_popup_is_scoped(client, world):
    """The related-object lookup (raw id popup) is the change list: scoped too."""
    client.force_login(world.a.editor)
    response = client.get(
        reverse("admin:cases_case_changelist"), {"_popup": "1", "_to_field": "id"}
    )
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert shown == {world.a.case.pk}


def test_editor_cannot_add_a_status_update_to_another_organisations_case(client, world):
    client.force_login(world.a.editor)
    before = StatusUpdate.objects.count()
    response = client.post(
        reverse("admin:cases_statusupdate_add"),
        {"case": world.b.case.pk, "posted_on": "2024-01-01", "text_fr": "intrus"},
    )
    assert response.status_code == 200
    assert "case" in response.context["adminform"].form.errors
    assert StatusUpdate.objects.count() == before


def test_editor_adds_a_status_update_to_their_case(client, world):
    client.force_login(world.a.editor)
    response = client.post(
        reverse("admin:cases_statusupdate_add"),
        {"case": world.a.case.pk, "posted_on": "2024-01-01", "text_fr": "Audience fixée"},
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get(text_fr="Audience fixée")
    assert update.history.first().history_user == world.a.editor


def test_editor_creates_a_case_only_in_their_organisation(client, world):
    client.force_login(world.a.editor)
    add = reverse("admin:cases_case_add")
    page = client.get(add)
    choices = set(page.context["adminform"].form.fields["organisation"].queryset)
    assert choices == {world.a.organisation}
    base = {
        "title_fr": "Nouvelle affaire",
        "status": "filed",
        "version": "1",
        "proceedings-TOTAL_FORMS": "0",
        "proceedings-INITIAL_FORMS": "0",
        "status_updates-TOTAL_FORMS": "0",
        "status_updates-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "publication_changes-TOTAL_FORMS": "0",
        "publication_changes-INITIAL_FORMS": "0",
    }
    refused = client.post(add, {**base, "organisation": world.b.organisation.pk})
    assert refused.status_code == 200
    missing = client.post(add, base)
    assert "organisation" in missing.context["adminform"].form.errors
    assert not Case.objects.filter(title_fr="Nouvelle affaire").exists()
    created = client.post(add, {**base, "organisation": world.a.organisation.pk})
    assert created.status_code == 302
    case = Case.objects.get(title_fr="Nouvelle affaire")
    assert case.organisation == world.a.organisation
    assert case.publication == Case.Publication.DRAFT


def test_case_inlines_show_only_the_cases_rows_and_refuse_foreign_parents(client, world):
    client.force_login(world.a.editor)
    url = reverse("admin:cases_case_change", args=[world.a.case.pk])
    page = client.get(url)
    inline_rows = {
        form.instance.pk
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Proceeding
        for form in inline.formset.forms
    }
    assert inline_rows == {world.a.proceeding.pk}
    data = posted_data(page)
    data["proceedings-0-parent"] = world.b.proceeding.pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert Proceeding.objects.get(pk=world.a.proceeding.pk).parent is None


@pytest.mark.parametrize(
    "model",
    (Court, Party),
    ids=lambda m: m._meta.model_name,
)
@pytest.mark.parametrize("role", ("editor_a", "publisher_a", "curator"))
def test_reference_data_is_read_by_members_and_changed_by_curators(client, world, role, model):
    client.force_login(world.user(role))
    name = model._meta.model_name
    obj = world.court if model is Court else world.party
    assert client.get(reverse(f"admin:cases_{name}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:cases_{name}_add"))
    change = client.get(reverse(f"admin:cases_{name}_change", args=[obj.pk]))
    # Members record parties of their own; a shared reference party stays
    # curator-only to change.
    assert add.status_code == (200 if role == "curator" or model is Party else 403)
    assert change.context["has_change_permission"] is (role == "curator")


def test_case_law_outside_any_case_is_read_only_for_editors(client, world):
    client.force_login(world.a.editor)
    url = reverse("admin:cases_ruling_change", args=[world.reference_ruling.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(url, {"short_name": "hijack"})
    assert response.status_code == 403
    assert Ruling.objects.get(pk=world.reference_ruling.pk).short_name == ""


def test_editor_cannot_enter_case_law_outside_a_case(client, world):
    client.force_login(world.a.editor)
    page = client.get(reverse("admin:cases_ruling_add"))
    assert page.context["adminform"].form.fields["proceeding"].required


def test_admin_index_lists_nothing_for_a_staff_user_of_no_organisation(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []


@pytest.mark.parametrize(
    ("role", "expected"),
    (
        ("editor_a", {"a"}),
        ("publisher_b", {"b"}),
        ("curator", {"a", "b"}),
        ("superuser", {"a", "b"}),
        ("outsider", set()),
        ("anonymous", set()),
    ),
)
def test_draft_preview_rule_for_public_pages(world, role, expected):
    """Staff status alone must not reveal another organisation's drafts on public pages."""
    user = world.user(role) or AnonymousUser()
    previewable = Case.objects.filter(permissions.draft_preview_q(user))
    letters = {name for name in ("a", "b") if getattr(world, name).case in previewable}
    assert letters == expected
    statuses = StatusUpdate.objects.filter(permissions.draft_preview_q(user, prefix="case__"))
    assert {update.case_id for update in statuses} == {
        getattr(world, name).case.pk for name in expected
    }


def test_case_list_filter_names_only_the_editors_organisations(client, world):
    client.force_login(world.a.editor)
    page = client.get(reverse("admin:cases_case_changelist"))
    assert "Association b" not in page.content.decode()
    assert "Association a" in page.content.decode()


def test_case_law_shown_to_an_editor_hides_its_citations_of_unseen_drafts(client, world):
    citation_create(citing=world.reference_ruling, cited=world.b.ruling)
    client.force_login(world.a.editor)
    page = client.get(reverse("admin:cases_ruling_change", args=[world.reference_ruling.pk]))
    shown = {
        form.instance.cited_id
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Citation
        for form in inline.formset.forms
    }
    assert world.b.ruling.pk not in shown
