"""Parties in the admin: members record their own, change them only while no one
else relies on them, and curators merge duplicates. Forms are posted as the browser posts them
(tests.formdata.posted_data)."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import permissions, services
from cases.models import Case, Counsel, Filing, Party, Proceeding, ProceedingParty
from organisations.models import Membership, Organisation
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:cases_party_add")
LIST = reverse("admin:cases_party_changelist")


def change_url(party) -> str:
    return reverse("admin:cases_party_change", args=[party.pk])


def own_party(world, name="Collectif A", org=None) -> Party:
    return services.party_save(
        party=Party(name=name, kind="association", entered_by=org or world.a.organisation)
    )


# Recording a party ------------------------------------------------------------------------


def test_an_editor_records_their_association_from_the_add_page(client, world):
    client.force_login(world.a.editor)
    page = client.get(ADD)
    assert page.status_code == 200
    data = posted_data(page)
    assert data["entered_by"] == str(world.a.organisation.pk)  # their only organisation
    data.update({"name": "Association A elle-même", "kind": "association"})
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    party = Party.objects.get(name="Association A elle-même")
    assert party.entered_by == world.a.organisation
    assert party.slug == "association-a-elle-meme"


def test_an_editor_records_a_co_applicant_from_the_inline_plus_popup(client, world):
    client.force_login(world.a.editor)
    proceeding_page = client.get(
        reverse("admin:cases_proceeding_change", args=[world.a.proceeding.pk])
    )
    assert f"{ADD}?_to_field=id&amp;_popup=1" in proceeding_page.content.decode()
    url = f"{ADD}?_to_field=id&_popup=1"
    data = posted_data(client.get(url))
    assert data["_popup"] == "1"
    data.update({"name": "Syndicat co-requérant", "kind": "union"})
    response = client.post(url, data)
    assert response.status_code == 200
    party = Party.objects.get(name="Syndicat co-requérant")
    assert "popup_response" in response.content.decode()
    assert f"&quot;value&quot;: &quot;{party.pk}&quot;" in response.content.decode()
    assert party.entered_by == world.a.organisation


def test_a_member_of_two_organisations_chooses_one_of_theirs(client, world):
    Membership.objects.create(
        user=world.a.editor, organisation=world.b.organisation, role=Membership.Role.EDITOR
    )
    third = Organisation.objects.create(name="Association C", slug="assoc-c")
    client.force_login(world.a.editor)
    data = posted_data(client.get(ADD))
    data.update({"name": "Sans organisation", "kind": "association"})
    assert data["entered_by"] == ""  # no default among several
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "entered_by" in response.context["adminform"].form.errors
    data["entered_by"] = str(third.pk)  # not theirs
    response = client.post(ADD, data)
    assert "entered_by" in response.context["adminform"].form.errors
    assert not Party.objects.filter(name="Sans organisation").exists()
    data["entered_by"] = str(world.b.organisation.pk)
    assert client.post(ADD, data).status_code == 302
    assert Party.objects.get(name="Sans organisation").entered_by == world.b.organisation


def test_a_curator_may_record_reference_data_for_no_organisation(client, world):
    client.force_login(world.curator)
    data = posted_data(client.get(ADD))
    assert data["entered_by"] == ""
    data.update({"name": "Ministre de la Santé", "kind": "public_authority"})
    assert client.post(ADD, data).status_code == 302
    assert Party.objects.get(name="Ministre de la Santé").entered_by is None


def test_the_party_add_page_is_refused_to_non_members(client, world):
    client.force_login(world.outsider)
    assert client.get(ADD).status_code in (302, 403)
    assert client.post(ADD, {"name": "Intrus", "kind": "association"}).status_code in (302, 403)
    assert not Party.objects.filter(name="Intrus").exists()


# Changing a party -------------------------------------------------------------------------


def test_an_editor_changes_their_own_party_while_only_their_drafts_name_it(client, world):
    party = own_party(world)
    ProceedingParty.objects.create(proceeding=world.a.proceeding, party=party, role="applicant")
    client.force_login(world.a.editor)
    data = posted_data(client.get(change_url(party)))
    data["name"] = "Collectif A (corrigé)"
    assert client.post(change_url(party), data).status_code == 302
    assert Party.objects.get(pk=party.pk).name == "Collectif A (corrigé)"


def _refused(client, user, party) -> None:
    client.force_login(user)
    page = client.get(change_url(party))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]  # read only
    response = client.post(change_url(party), {"name": "Détourné", "kind": "association"})
    assert response.status_code == 403
    assert client.post(reverse("admin:cases_party_delete", args=[party.pk]), {"post": "yes"})
    assert Party.objects.get(pk=party.pk).name == party.name


def test_an_editor_may_not_change_a_party_another_organisations_case_names(client, world):
    party = own_party(world)
    ProceedingParty.objects.create(proceeding=world.b.proceeding, party=party, role="intervener")
    assert not permissions.can_change_party(world.a.editor, party)
    _refused(client, world.a.editor, party)


def test_an_editor_may_not_change_a_party_a_public_case_names(client, world):
    party = own_party(world)
    world.a.filing.filed_by.add(party)
    Case.objects.filter(pk=world.a.case.pk).update(publication=Case.Publication.PUBLISHED)
    assert not permissions.can_change_party(world.a.editor, party)
    _refused(client, world.a.editor, party)


@pytest.mark.parametrize("whose", ("curator", "other_organisation"))
def test_an_editor_may_not_change_reference_or_another_organisations_party(client, world, whose):
    party = world.party if whose == "curator" else own_party(world, org=world.b.organisation)
    assert not permissions.can_change_party(world.a.editor, party)
    assert permissions.can_change_party(world.curator, party)
    _refused(client, world.a.editor, party)


def test_an_editor_deletes_their_own_unused_party(client, world):
    party = own_party(world)
    client.force_login(world.a.editor)
    response = client.post(reverse("admin:cases_party_delete", args=[party.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Party.objects.filter(pk=party.pk).exists()


# Merging duplicates -----------------------------------------------------------------------


@pytest.fixture
def duplicates(world):
    """InterHop recorded twice more: as an applicant beside the original in A's proceeding
    (same role: a duplicate row once merged), in B's proceeding as intervener, and as a filer
    of A's filing beside the original."""
    keep = world.party  # applicant in A's and B's proceedings
    first = own_party(world, name="Interhop (doublon)")
    second = own_party(world, name="InterHop association", org=world.b.organisation)
    counsel = Counsel.objects.create(name="Juliette Alibert")
    row = ProceedingParty.objects.create(
        proceeding=world.a.proceeding, party=first, role="applicant"
    )
    row.counsel.add(counsel)
    ProceedingParty.objects.create(proceeding=world.b.proceeding, party=second, role="intervener")
    world.a.filing.filed_by.add(keep, first)
    world.b.filing.filed_by.add(second)
    return keep, first, second, counsel


def test_merging_moves_every_reference_to_the_kept_party(world, duplicates):
    keep, first, second, counsel = duplicates
    versions = {
        "proceeding_a": world.a.proceeding.history.count(),
        "filing_a": Filing.history.filter(id=world.a.filing.pk).count(),
    }
    report = services.party_merge(keep=keep, duplicates=[first, second], by=world.curator)
    assert not Party.objects.filter(pk__in=[first.pk, second.pk]).exists()
    # A's proceeding keeps one applicant row for InterHop, with the dropped row's counsel.
    rows = ProceedingParty.objects.filter(proceeding=world.a.proceeding, party=keep)
    assert [(r.role, list(r.counsel.all())) for r in rows] == [("applicant", [counsel])]
    assert set(
        ProceedingParty.objects.filter(proceeding=world.b.proceeding).values_list("party", "role")
    ) == {(keep.pk, "applicant"), (keep.pk, "intervener")}
    assert list(world.a.filing.filed_by.all()) == [keep]
    assert list(world.b.filing.filed_by.all()) == [keep]
    assert (report.moved, report.dropped) == (2, 2)
    # History names the curator on each record whose references changed.
    proceeding_history = Proceeding.history.filter(id=world.a.proceeding.pk)
    assert proceeding_history.count() == versions["proceeding_a"] + 1
    latest = proceeding_history.order_by("-history_date").first()
    assert latest.history_user == world.curator
    assert f"#{first.pk}" in latest.history_change_reason
    filing_history = Filing.history.filter(id=world.a.filing.pk)
    assert filing_history.count() == versions["filing_a"] + 1
    assert filing_history.order_by("-history_date").first().history_user == world.curator


def test_every_relation_to_party_is_handled_by_the_merge():
    """A new relation to Party would be moved by the generic walk; this lists today's so a
    reviewer sees the merge was checked against each."""
    relations = {
        (rel.related_model.__name__, rel.field.name) for rel in Party._meta.related_objects
    }
    assert relations == {("ProceedingParty", "party"), ("Filing", "filed_by")}


def test_only_curators_merge_and_a_refused_merge_changes_nothing(world, duplicates):
    keep, first, second, _counsel = duplicates
    before = set(ProceedingParty.objects.values_list("pk", "party"))
    with pytest.raises(PermissionDenied):
        services.party_merge(keep=keep, duplicates=[first], by=world.a.editor)
    with pytest.raises(ValidationError):
        services.party_merge(keep=keep, duplicates=[keep], by=world.curator)
    assert set(ProceedingParty.objects.values_list("pk", "party")) == before
    assert Party.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_a_curator_merges_through_the_admin_action_and_its_confirmation_page(
    client, world, duplicates
):
    keep, first, second, _counsel = duplicates
    client.force_login(world.curator)
    selected = [first.pk, keep.pk, second.pk]
    page = client.post(LIST, {"action": "merge_parties", "_selected_action": selected})
    assert page.status_code == 200
    assert "Interhop (doublon)" in page.content.decode()
    data = posted_data(page, form_id="merge_form")
    data["keep"] = str(keep.pk)  # the curator picks the original
    response = client.post(LIST, data)
    assert response.status_code == 302
    assert set(Party.objects.filter(name__icontains="interhop").values_list("pk", flat=True)) == {
        keep.pk
    }
    assert LogEntry.objects.filter(object_id=str(first.pk), action_flag=DELETION).exists()
    kept_log = LogEntry.objects.filter(object_id=str(keep.pk)).latest("action_time")
    assert "Interhop (doublon)" in kept_log.get_change_message()


def test_the_merge_action_is_not_offered_to_editors(client, world, duplicates):
    keep, first, _second, _counsel = duplicates
    client.force_login(world.a.editor)
    page = client.get(LIST)
    assert "merge_parties" not in page.content.decode()
    response = client.post(
        LIST,
        {
            "action": "merge_parties",
            "_selected_action": [keep.pk, first.pk],
            "post": "yes",
            "keep": keep.pk,
        },
    )
    assert response.status_code in (200, 302)
    assert Party.objects.filter(pk=first.pk).exists()


def test_a_merge_that_fails_midway_changes_nothing(world, duplicates, monkeypatch):
    """One transaction: the proceedings' rows moved before the failure are put back."""
    keep, first, second, _counsel = duplicates
    before = set(ProceedingParty.objects.values_list("pk", "proceeding", "party", "role"))
    filers = set(Filing.filed_by.through.objects.values_list("filing", "party"))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_move_many_to_many", fail)
    with pytest.raises(RuntimeError):
        services.party_merge(keep=keep, duplicates=[first, second], by=world.curator)
    assert set(ProceedingParty.objects.values_list("pk", "proceeding", "party", "role")) == before
    assert set(Filing.filed_by.through.objects.values_list("filing", "party")) == filers
    assert Party.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
