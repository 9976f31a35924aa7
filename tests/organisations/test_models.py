"""Organisations, memberships and who counts as a curator."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import IntegrityError, transaction
from django.urls import reverse

from organisations.models import Membership, Organisation
from organisations.selectors import (
    organisation_list_for,
    user_is_curator,
    user_organisation_ids,
)
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def test_a_user_holds_one_membership_per_organisation():
    org = Organisation.objects.create(name="LDH", slug="ldh")
    user = make_member("editor", org, Membership.Role.EDITOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=org, role=Membership.Role.PUBLISHER)
    assert Membership.objects.count() == 1


def test_organisation_ids_by_role():
    one = Organisation.objects.create(name="One", slug="one")
    two = Organisation.objects.create(name="Two", slug="two")
    user = make_member("member", one, Membership.Role.PUBLISHER)
    Membership.objects.create(user=user, organisation=two, role=Membership.Role.EDITOR)
    assert user_organisation_ids(user=user) == {one.pk, two.pk}
    assert user_organisation_ids(user=User.objects.get(pk=user.pk), publisher=True) == {one.pk}
    assert set(organisation_list_for(user=user)) == {one, two}


def test_an_inactive_member_belongs_nowhere():
    org = Organisation.objects.create(name="One", slug="one")
    user = make_member("gone", org, Membership.Role.PUBLISHER)
    user.is_active = False
    assert user_organisation_ids(user=user) == frozenset()


def test_curators_are_staff_with_the_curate_permission_directly_or_by_group():
    staff = make_user("staff")
    assert not user_is_curator(user=staff)
    group = Group.objects.create(name="Curators")
    group.permissions.add(Permission.objects.get(codename="curate"))
    staff.groups.add(group)
    assert user_is_curator(user=User.objects.get(pk=staff.pk))
    not_staff = make_user("volunteer", staff=False)
    not_staff.groups.add(group)
    assert not user_is_curator(user=User.objects.get(pk=not_staff.pk))
    assert user_is_curator(user=make_user("root", superuser=True))


def test_members_see_their_organisation_only_and_cannot_change_memberships(client, world):
    client.force_login(world.a.publisher)
    page = client.get(reverse("admin:organisations_organisation_changelist"))
    assert set(page.context["cl"].result_list) == {world.a.organisation}
    change = client.get(
        reverse("admin:organisations_organisation_change", args=[world.a.organisation.pk])
    )
    assert change.context["has_change_permission"] is False
    other = client.get(
        reverse("admin:organisations_organisation_change", args=[world.b.organisation.pk])
    )
    assert other.status_code == 302
    assert client.get(reverse("admin:organisations_organisation_add")).status_code == 403


def test_curators_manage_organisations(client, world):
    client.force_login(world.curator)
    response = client.post(
        reverse("admin:organisations_organisation_add"),
        {
            "name": "Quadrature",
            "slug": "quadrature",
            "website": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": world.outsider.pk,
            "memberships-0-role": "editor",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.outsider, organisation__slug="quadrature").exists()
