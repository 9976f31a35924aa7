"""Accounts (django.contrib.auth): `UserFactory`, and the staff users the admin tests log in as.

Passwords are unusable: tests log in with force_login, and hashing is slow.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User

from tests.factories.base import Factory


class UserFactory(Factory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    class Params:
        staff = factory.Trait(is_staff=True)


def make_user(username: str, *, staff: bool = True, superuser: bool = False) -> User:
    return User.objects.create_user(
        username=username,
        password=None,
        is_staff=staff or superuser,
        is_superuser=superuser,
    )


def make_curator(username: str = "curator") -> User:
    user = make_user(username)
    user.user_permissions.add(Permission.objects.get(codename="curate"))
    return User.objects.get(pk=user.pk)  # fresh: permission cache
