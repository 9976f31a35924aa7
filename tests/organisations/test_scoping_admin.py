"""Admin paths that crossed the organisation boundary, each tried as an
editor of organisation A against organisation B's drafts and shared reference data."""

import json
import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.models import Case, Ruling, RulingNumber
from citations.models import Citation
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def view_on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


# View on site ------------------------------------------------------------------------------


@pytest.mark.parametrize("record", ("case", "ruling"))
def test_view_on_site_does_not_redirect_to_another_organisations_draft(client, world, record):
    client.force_login(world.a.editor)
    response = client.get(view_on_site(world.b.record(record)))
    assert response.status_code == 404
    assert world.b.record(record).slug not in response.get("Location", "")


@pytest.mark.parametrize("spelling", ("+{}", "0{}", " {}"))
def test_view_on_site_refuses_other_spellings_of_the_content_type(client, world, spelling):
    client.force_login(world.a.editor)
    content_type = ContentType.objects.get_for_model(Case)
    url = reverse("admin:index") + f"r/{spelling.format(content_type.pk)}/{world.b.case.pk}/"
    response = client.get(url)
    assert response.status_code == 404
    assert world.b.case.slug not in response.get("Location", "")


@pytest.mark.parametrize("record", ("case", "ruling"))
def test_view_on_site_still_works_for_own_and_reference_records(client, world, record):
    client.force_login(world.a.editor)
    own = world.a.record(record)
    response = client.get(view_on_site(own))
    assert response.status_code == 302
    assert response["Location"].endswith(own.get_absolute_url())
    reference = client.get(view_on_site(world.reference_ruling))
    assert reference.status_code == 302


def test_view_on_site_answers_404_for_unknown_ids_and_content_types(client, world):
    client.force_login(world.a.editor)
    case_type = ContentType.objects.get_for_model(Case)
    assert client.get(reverse("admin:view_on_site", args=[case_type.pk, 999999])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[999999, 1])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[case_type.pk, "x"])).status_code == 404


def test_view_on_site_for_curator_reaches_every_record(client, world):
    client.force_login(world.curator)
    assert client.get(view_on_site(world.b.case)).status_code == 302


# Extract citations -------------------------------------------------------------------------


def test_extracting_citations_resolves_only_against_rulings_the_editor_may_see(client, world):
    ruling = Ruling.objects.get(pk=world.a.ruling.pk)
    ruling.full_text = "Voir CE, 2 février 2022, n° 460000 ; CE, 13 octobre 2020, n° 444937."
    services.ruling_save(ruling=ruling, by=world.a.editor)
    client.force_login(world.a.editor)
    response = client.post(
        reverse("admin:cases_ruling_changelist"),
        {"action": "extract_citations", ACTION_CHECKBOX_NAME: [ruling.pk]},
    )
    assert response.status_code == 200
    assert not Citation.objects.filter(citing_ruling=ruling, cited=world.b.ruling).exists()
    assert str(world.b.ruling) not in response.content.decode()
    # The reference ruling is visible: already linked, so nothing new, but resolved.
    assert Citation.objects.filter(citing_ruling=ruling, cited=world.reference_ruling).exists()


def test_extracting_citations_resolves_a_public_foreign_ruling(client, world):
    services.case_publish(case=world.b.case, by=world.b.publisher)
    ruling = Ruling.objects.get(pk=world.a.ruling.pk)
    ruling.full_text = "Voir CE, 2 février 2022, n° 460000."
    services.ruling_save(ruling=ruling, by=world.a.editor)
    client.force_login(world.a.editor)
    client.post(
        reverse("admin:cases_ruling_changelist"),
        {"action": "extract_citations", ACTION_CHECKBOX_NAME: [ruling.pk]},
    )
    assert Citation.objects.filter(citing_ruling=ruling, cited=world.b.ruling).exists()


def test_editors_cannot_extract_citations_into_reference_case_law(client, world):
    reference = Ruling.objects.get(pk=world.reference_ruling.pk)
    reference.full_text = "Voir CE, 8 mars 2021, n° 450163."
    services.ruling_save(ruling=reference)
    client.force_login(world.a.editor)
    client.post(
        reverse("admin:cases_ruling_changelist"),
        {"action": "extract_citations", ACTION_CHECKBOX_NAME: [reference.pk]},
    )
    assert not Citation.objects.filter(citing_ruling=reference).exists()


# History restore ---------------------------------------------------------------------------


def test_restoring_an_old_version_of_a_case_now_anothers_is_refused(client, world):
    case = Case.objects.get(pk=world.a.case.pk)
    old = case.history.earliest("history_date")
    case.organisation = world.b.organisation
    services.case_save(case=case, by=world.curator)
    case = Case.objects.get(pk=case.pk)
    case.title_fr = "Modifié par B"
    services.case_save(case=case, by=world.b.editor)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, old.history_id])

    client.force_login(world.curator)
    data = posted_data(client.get(url))
    client.force_login(world.a.editor)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, data).status_code in (403, 404)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.organisation, stored.title_fr) == (world.b.organisation, "Modifié par B")


def test_the_history_of_a_case_now_anothers_is_refused_whatever_its_last_version(client, world):
    # Moved without a history entry (a bulk update, a data migration): the last version still
    # names A, but the case is B's now.
    Case.objects.filter(pk=world.a.case.pk).update(organisation=world.b.organisation)
    client.force_login(world.a.editor)
    response = client.get(reverse("admin:cases_case_history", args=[world.a.case.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("name", ("cases_case_history", "cases_ruling_history"))
def test_an_unparsable_id_in_a_history_url_is_a_404(client, world, name):
    client.force_login(world.a.editor)
    assert client.get(reverse(f"admin:{name}", args=["x"])).status_code == 404
    version = reverse("admin:" + name.replace("_history", "_simple_history"), args=["x", "y"])
    assert client.get(version).status_code == 404


def test_restoring_a_version_that_would_move_a_record_to_another_organisation_is_refused(
    client, world
):
    case = Case.objects.get(pk=world.b.case.pk)
    old = case.history.earliest("history_date")
    case.organisation = world.a.organisation
    services.case_save(case=case, by=world.curator)
    url = reverse("admin:cases_case_simple_history", args=[case.pk, old.history_id])
    client.force_login(world.a.editor)
    assert client.post(url, {"organisation": world.b.organisation.pk}).status_code in (403, 404)
    assert Case.objects.get(pk=case.pk).organisation == world.a.organisation


def test_restoring_an_old_proceeding_version_from_a_case_now_anothers_is_refused(client, world):
    proceeding = world.a.proceeding
    old = proceeding.history.earliest("history_date")
    proceeding.case = world.b.case
    services.record_save(instance=proceeding, by=world.curator)
    url = reverse("admin:cases_proceeding_simple_history", args=[proceeding.pk, old.history_id])
    client.force_login(world.curator)
    data = posted_data(client.get(url))
    client.force_login(world.a.editor)
    assert client.post(url, data).status_code in (403, 404)
    assert proceeding.__class__.objects.get(pk=proceeding.pk).case == world.b.case


# Reference data hanging on case law ----------------------------------------------------------


def test_editor_cannot_add_a_number_to_a_reference_ruling(client, world):
    client.force_login(world.a.editor)
    url = reverse("admin:cases_rulingnumber_add")
    page = client.get(url)
    data = posted_data(page)
    data.update(ruling=world.reference_ruling.pk, number="999999")
    response = client.post(url, data)
    assert response.status_code == 200
    assert not RulingNumber.objects.filter(number="999999").exists()


def test_the_ruling_number_autocomplete_offers_own_rulings_only(client, world):
    client.force_login(world.a.editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cases",
            "model_name": "rulingnumber",
            "field_name": "ruling",
            "term": "",
        },
    )
    ids = {int(item["id"]) for item in response.json()["results"]}
    assert ids == {world.a.ruling.pk}


def test_editor_adds_a_number_to_an_own_ruling(client, world):
    client.force_login(world.a.editor)
    url = reverse("admin:cases_rulingnumber_add")
    data = posted_data(client.get(url))
    data.update(ruling=world.a.ruling.pk, number="450164")
    assert client.post(url, data).status_code == 302
    assert RulingNumber.objects.filter(ruling=world.a.ruling, number="450164").exists()


def test_editor_cannot_cite_from_a_reference_ruling_in_the_citation_admin(client, world):
    client.force_login(world.a.editor)
    url = reverse("admin:citations_citation_add")
    data = posted_data(client.get(url))
    data.update(citing_ruling=world.reference_ruling.pk, cited=world.a.ruling.pk)
    client.post(url, data)
    assert not Citation.objects.filter(citing_ruling=world.reference_ruling).exists()


def upload(client, user, document):
    """An upload from an English browser: the problems are listed in the admin's language."""
    client.force_login(user)
    content = json.dumps(document).encode()
    file = SimpleUploadedFile("file.json", content, content_type="application/json")
    return client.post(
        reverse("admin:cases_case_import"), {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
    )


def ruling_row(ruling: Ruling, **changes) -> dict:
    return {
        "uid": str(ruling.uid),
        "court": str(ruling.court.uid),
        "kind": ruling.kind,
        "decided_on": ruling.decided_on.isoformat(),
        "numbers": [n.number for n in ruling.numbers.all()],
        **changes,
    }


def document(**parts) -> dict:
    empty = {"courts": [], "parties": [], "cases": [], "rulings": [], "citations": []}
    return {"format": "casetracker-caselaw", "version": 1, **empty, **parts}


def test_an_upload_cannot_take_a_reference_ruling_into_an_own_proceeding(client, world):
    reference = world.reference_ruling
    before = Ruling.objects.filter(pk=reference.pk).values().get()
    row = ruling_row(reference, proceeding=str(world.a.proceeding.uid), short_name="Pris")
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert response.status_code == 200
    reasons = " ".join(p.reason for p in response.context["problems"])
    assert "reference" in reasons
    assert Ruling.objects.filter(pk=reference.pk).values().get() == before


def test_an_upload_cannot_renumber_a_reference_ruling(client, world):
    reference = world.reference_ruling
    row = ruling_row(reference, numbers=["444937", "444938"])
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert "reference" in " ".join(p.reason for p in response.context["problems"])
    assert list(reference.numbers.values_list("number", flat=True)) == ["444937"]


def test_an_upload_cannot_take_another_organisations_ruling(client, world):
    row = ruling_row(world.b.ruling, proceeding=str(world.a.proceeding.uid))
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert "another organisation" in " ".join(p.reason for p in response.context["problems"])
    assert Ruling.objects.get(pk=world.b.ruling.pk).proceeding == world.b.proceeding


def test_an_upload_repeating_a_reference_ruling_unchanged_is_accepted(client, world):
    row = ruling_row(world.reference_ruling)
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert response.status_code == 302, response.context["problems"]


def test_an_upload_with_a_new_uid_is_still_not_a_foreign_ruling_by_its_ecli(client, world):
    Ruling.objects.filter(pk=world.b.ruling.pk).update(ecli="ECLI:FR:CECHR:2022:460000.20220202")
    row = ruling_row(world.b.ruling, proceeding=str(world.a.proceeding.uid), short_name="x")
    del row["uid"]
    row["ecli"] = "ECLI:FR:CECHR:2022:460000.20220202"
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert "another organisation" in " ".join(p.reason for p in response.context["problems"])
    assert Ruling.objects.get(pk=world.b.ruling.pk).short_name != "x"


# Citing a public ruling from the inline ----------------------------------------------------


def test_an_editor_cites_another_organisations_public_ruling_from_the_inline(client, world):
    services.case_publish(case=world.b.case, by=world.b.publisher)
    client.force_login(world.a.editor)
    url = reverse("admin:cases_ruling_change", args=[world.a.ruling.pk])
    data = posted_data(client.get(url))
    prefix = "outgoing_citations"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row = f"{prefix}-{total}"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{row}-cited": str(world.b.ruling.pk),
            f"{row}-treatment": "cites",
            f"{row}-origin": "manual",
            f"{row}-version": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    assert Citation.objects.filter(citing_ruling=world.a.ruling, cited=world.b.ruling).exists()


def test_an_editor_cannot_cite_another_organisations_draft_from_the_inline(client, world):
    client.force_login(world.a.editor)
    url = reverse("admin:cases_ruling_change", args=[world.a.ruling.pk])
    data = posted_data(client.get(url))
    prefix = "outgoing_citations"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row = f"{prefix}-{total}"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{row}-cited": str(world.b.ruling.pk),
            f"{row}-treatment": "cites",
            f"{row}-origin": "manual",
        }
    )
    assert client.post(url, data).status_code == 200
    assert not Citation.objects.filter(citing_ruling=world.a.ruling, cited=world.b.ruling).exists()


def test_an_upload_cannot_create_reference_case_law(client, world):
    # Another decision of the court (another date): the same court, number, kind and date
    # would be the stored reference ruling itself (docs/interchange.md, "Matching rules").
    row = ruling_row(world.reference_ruling, uid=str(uuid.uuid4()), decided_on="2020-11-20")
    count = Ruling.objects.count()
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert "reference" in " ".join(p.reason for p in response.context["problems"])
    assert Ruling.objects.count() == count


def test_an_upload_naming_a_reference_ruling_by_its_keys_creates_nothing(client, world):
    row = ruling_row(world.reference_ruling, uid=str(uuid.uuid4()))
    count = Ruling.objects.count()
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert response.status_code == 302
    assert Ruling.objects.count() == count
