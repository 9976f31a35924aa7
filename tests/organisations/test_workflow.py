"""The publication workflow: draft → in review → published → archived (and back to draft),
who may move a case where, and the log of who moved it when."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import services
from cases.models import Case, CasePublicationChange, Filing, Hearing, StatusUpdate

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED, ARCHIVED = (
    Case.Publication.DRAFT,
    Case.Publication.REVIEW,
    Case.Publication.PUBLISHED,
    Case.Publication.ARCHIVED,
)


def state(case) -> str:
    return Case.objects.get(pk=case.pk).publication


def test_editor_submits_and_publisher_publishes_with_a_log_of_who_and_when(world):
    case = world.a.case
    services.case_submit_for_review(case=case, by=world.a.editor)
    assert state(case) == REVIEW
    services.case_publish(case=case, by=world.a.publisher)
    assert state(case) == PUBLISHED
    log = list(
        CasePublicationChange.objects.filter(case=case).values_list(
            "from_publication", "to_publication", "changed_by"
        )
    )
    assert log[-2:] == [
        (DRAFT, REVIEW, world.a.editor.pk),
        (REVIEW, PUBLISHED, world.a.publisher.pk),
    ]
    assert case.publication == PUBLISHED  # the caller's object follows


@pytest.mark.parametrize("move", ("case_publish", "case_archive"))
def test_an_editor_may_not_publish_or_archive(world, move):
    case = world.a.case
    services.case_publish(case=case, by=world.a.publisher) if move == "case_archive" else None
    before = state(case)
    with pytest.raises(PermissionDenied):
        getattr(services, move)(case=case, by=world.a.editor)
    assert state(case) == before


def test_a_publisher_of_another_organisation_may_not_publish(world):
    services.case_submit_for_review(case=world.a.case, by=world.a.editor)
    with pytest.raises(PermissionDenied):
        services.case_publish(case=world.a.case, by=world.b.publisher)
    assert state(world.a.case) == REVIEW


def test_an_editor_of_another_organisation_may_not_submit(world):
    with pytest.raises(PermissionDenied):
        services.case_submit_for_review(case=world.a.case, by=world.b.editor)
    assert state(world.a.case) == DRAFT


def test_an_editor_may_not_unpublish_but_may_withdraw_from_review(world):
    case = world.a.case
    services.case_submit_for_review(case=case, by=world.a.editor)
    services.case_return_to_draft(case=case, by=world.a.editor)
    assert state(case) == DRAFT
    services.case_publish(case=case, by=world.a.publisher)
    with pytest.raises(PermissionDenied):
        services.case_return_to_draft(case=case, by=world.a.editor)
    assert state(case) == PUBLISHED


@pytest.mark.parametrize(
    ("start", "service"),
    (
        (DRAFT, "case_archive"),
        (REVIEW, "case_archive"),
        (DRAFT, "case_return_to_draft"),
        (PUBLISHED, "case_publish"),
        (PUBLISHED, "case_submit_for_review"),
        (ARCHIVED, "case_submit_for_review"),
    ),
)
def test_moves_the_workflow_lacks_are_refused(world, start, service):
    case = world.a.case
    Case.objects.filter(pk=case.pk).update(publication=start)
    case.refresh_from_db()
    count = CasePublicationChange.objects.count()
    with pytest.raises(services.TransitionNotAllowed):
        getattr(services, service)(case=case, by=world.a.publisher)
    assert state(case) == start
    assert CasePublicationChange.objects.count() == count


def test_curators_and_superusers_may_publish_any_case(world):
    services.case_publish(case=world.a.case, by=world.curator)
    services.case_publish(case=world.b.case, by=world.superuser)
    assert state(world.a.case) == state(world.b.case) == PUBLISHED


def test_unpublishing_removes_the_case_and_all_it_holds_from_public_output_at_once(world):
    case = world.a.case
    services.case_publish(case=case, by=world.a.publisher)
    assert Case.objects.public().filter(pk=case.pk).exists()
    assert StatusUpdate.objects.public().filter(case=case).exists()
    services.case_return_to_draft(case=case, by=world.a.publisher)
    assert not Case.objects.public().filter(pk=case.pk).exists()
    assert not StatusUpdate.objects.public().filter(case=case).exists()
    assert not Hearing.objects.public().filter(proceeding__case=case).exists()
    assert not Filing.objects.public().filter(proceeding__case=case).exists()


def test_archived_cases_stay_public(world):
    services.case_publish(case=world.a.case, by=world.a.publisher)
    services.case_archive(case=world.a.case, by=world.a.publisher)
    assert Case.objects.public().filter(pk=world.a.case.pk).exists()


def test_case_set_publication_keeps_working_for_commands_and_checks_users(world):
    assert services.case_set_publication(cases=[world.a.case], publication=ARCHIVED) == 1
    assert state(world.a.case) == ARCHIVED
    with pytest.raises(PermissionDenied):
        services.case_set_publication(
            cases=[world.b.case], publication=PUBLISHED, by=world.b.editor
        )
    assert state(world.b.case) == DRAFT


def test_a_publication_change_through_case_save_is_checked_and_logged(world):
    case = Case.objects.get(pk=world.a.case.pk)
    case.publication = PUBLISHED
    with pytest.raises(PermissionDenied):
        services.case_save(case=case, by=world.a.editor)
    assert state(case) == DRAFT
    case = Case.objects.get(pk=world.a.case.pk)
    case.publication = PUBLISHED
    services.case_save(case=case, by=world.a.publisher)
    assert CasePublicationChange.objects.filter(case=case).last().changed_by == world.a.publisher


def changelist_action(client, case, action):
    return client.post(
        reverse("admin:cases_case_changelist"),
        {"action": action, "_selected_action": [case.pk]},
    )


def test_admin_actions_follow_the_roles(client, world):
    client.force_login(world.a.editor)
    page = client.get(reverse("admin:cases_case_changelist"))
    offered = {name for name, _label in page.context["action_form"].fields["action"].choices}
    assert "submit_for_review" in offered
    assert not {"publish", "archive"} & offered
    changelist_action(client, world.a.case, "publish")  # not offered: ignored
    assert state(world.a.case) == DRAFT
    changelist_action(client, world.a.case, "submit_for_review")
    assert state(world.a.case) == REVIEW

    client.force_login(world.a.publisher)
    changelist_action(client, world.a.case, "publish")
    assert state(world.a.case) == PUBLISHED
    changelist_action(client, world.a.case, "unpublish")
    assert state(world.a.case) == DRAFT


def test_an_admin_action_cannot_reach_another_organisations_case(client, world):
    client.force_login(world.b.publisher)
    changelist_action(client, world.a.case, "publish")
    assert state(world.a.case) == DRAFT


def test_the_publication_field_is_not_editable_in_the_case_form(client, world):
    client.force_login(world.a.publisher)
    page = client.get(reverse("admin:cases_case_change", args=[world.a.case.pk]))
    assert "publication" not in page.context["adminform"].form.fields
