"""The sources' admin pages: curators see the last runs and checkpoints; editors see nothing."""

import pytest
from django.urls import reverse

from organisations.models import Membership, Organisation
from tests import factories
from tests.factories import SyncRunFactory, SyncStateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_curator_sees_last_run_and_checkpoint(curator):
    SyncStateFactory()
    run = SyncRunFactory()
    page = curator.get(reverse("admin:sources_syncstate_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 fetched, 2 created, 0 updated, 0 conflicts, 1 errors" in text
    assert "unfinished run: 2 records done" in text
    detail = curator.get(
        reverse("admin:sources_syncrun_change", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "CETATEXT000000000001: not well-formed XML" in detail.content.decode()


def test_runs_cannot_be_added_changed_or_deleted(curator):
    run = SyncRunFactory()
    assert curator.get(reverse("admin:sources_syncrun_add")).status_code == 403
    response = curator.post(reverse("admin:sources_syncrun_delete", args=[run.pk]), {"post": "yes"})
    assert response.status_code == 403


def test_an_editor_does_not_see_the_sources(client):
    user = factories.UserFactory(is_staff=True)
    organisation = Organisation.objects.create(name="Association A", slug="association-a")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.EDITOR)
    client.force_login(user)
    SyncRunFactory()
    assert client.get(reverse("admin:sources_syncrun_changelist")).status_code == 403
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert "sources/syncrun" not in index.content.decode()


def test_a_curator_whose_permission_is_withdrawn_loses_the_sources_at_the_next_request(client):
    """Whether a user curates is kept on the user object for one request only
    (organisations.selectors.user_is_curator): the next request reads the permissions again."""
    user = factories.make_curator("curator-withdrawn")
    client.force_login(user)
    SyncRunFactory()
    assert client.get(reverse("admin:sources_syncrun_changelist")).status_code == 200

    user.user_permissions.clear()

    assert client.get(reverse("admin:sources_syncrun_changelist")).status_code == 403
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert "sources/syncrun" not in index.content.decode()
