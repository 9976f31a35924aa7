"""No full text goes out (docs/publication.md): the full texts of filings and rulings appear on
no page, in no API answer, feed, calendar or CSV, in neither `export_caselaw --public` nor the
`/<lang>/data/` download, while the curators' non-public export keeps them."""

import json

import jsonschema
import pytest
from django.core.management import call_command

from api import serializers as api_serializers
from cases import publication
from cases.models import Filing, Ruling
from citations import services as citation_services
from interchange.export import export_document
from interchange.format import schema
from tests import factories as f
from tests.security.endpoints import API, PAGES

pytestmark = pytest.mark.django_db

RULING_TEXT = "Texteintegraldelarretquinesortpas"
FILING_TEXT = "Texteintegraldelarequetequinesortpas"
MARKERS = (RULING_TEXT, FILING_TEXT)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"


@pytest.fixture
def published(demo):
    """A public ruling of a published case and a public filing of it, each with a full text
    (the reference ruling it cites has one too), every other public output fed with them."""
    case = f.CaseFactory(slug="texts-case")
    proceeding = f.ProceedingFactory(case=case)
    ruling = f.RulingFactory(
        proceeding=proceeding, short_name="With text", full_text=f"{RULING_TEXT} ruling"
    )
    filing = f.FilingFactory(proceeding=proceeding, full_text=f"{FILING_TEXT} filing")
    reference = f.RulingFactory(short_name="Reference", full_text=f"{RULING_TEXT} reference")
    citation_services.citation_create(citing=ruling, cited=reference, verified=True)
    citation_services.citation_create(citing=filing, cited=reference, verified=True)
    f.HearingFactory(proceeding=proceeding)
    return {"case": case, "ruling": ruling, "filing": filing, "reference": reference}


def export_text(tmp_path, *args) -> str:
    path = tmp_path / "export.json"
    call_command("export_caselaw", str(path), *args, verbosity=0)
    return path.read_text(encoding="utf-8")


def records(document: dict):
    """Every ruling and filing record of an interchange document."""
    yield from document["rulings"]
    for case in document["cases"]:
        for proceeding in case["proceedings"]:
            yield from proceeding["filings"]


def test_the_public_export_holds_no_full_text_and_still_validates(published, tmp_path):
    text = export_text(tmp_path, "--public")
    assert not any(marker in text for marker in MARKERS)
    document = json.loads(text)
    assert all("full_text" not in record for record in records(document))
    uids = {r["uid"] for r in records(document)}
    assert {str(published[k].uid) for k in ("ruling", "filing", "reference")} <= uids
    jsonschema.validate(document, schema())


def test_the_curators_export_keeps_the_full_texts(published, tmp_path):
    text = export_text(tmp_path)
    assert all(marker in text for marker in MARKERS)
    by_uid = {r["uid"]: r for r in records(json.loads(text))}
    assert by_uid[str(published["filing"].uid)]["full_text"] == f"{FILING_TEXT} filing"


def test_the_data_download_holds_no_full_text(published, client):
    for lang in ("en", "fr"):
        response = client.get(f"/{lang}/data/casetracker-public-data.json")
        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode()
        assert not any(marker in content for marker in MARKERS)
        jsonschema.validate(json.loads(content), schema())


def test_importing_the_public_file_back_keeps_the_full_texts(published, tmp_path):
    """The public file has no full_text key: importing it over the instance it came from
    changes no text (an empty string would have erased them)."""
    path = tmp_path / "public.json"
    call_command("export_caselaw", str(path), "--public", verbosity=0)
    call_command("import_caselaw", str(path), verbosity=0)
    assert Ruling.objects.get(pk=published["ruling"].pk).full_text == f"{RULING_TEXT} ruling"
    assert Filing.objects.get(pk=published["filing"].pk).full_text == f"{FILING_TEXT} filing"


def test_no_public_page_api_answer_feed_or_file_holds_a_full_text(published, client):
    """Every public URL pattern (the list the fuzz test keeps complete), in both languages,
    with the slugs of the records holding a text."""
    slugs = {
        "case": published["case"].slug,
        "ruling": published["ruling"].slug,
        "court": published["ruling"].court.slug,
        "party": None,
        "filing": str(published["filing"].uid),
        "hearing": str(published["case"].proceedings.get().hearings.get().uid),
        "citation": str(published["ruling"].outgoing_citations.get().uid),
        "event": None,
        "status": None,
        "token": None,
    }
    pages = {"ruling_detail": [published["ruling"].slug, published["reference"].slug]}
    checked = 0
    for endpoint in (*PAGES, *API):
        values = pages.get(endpoint.name) or [slugs.get(endpoint.slugs) if endpoint.slugs else ""]
        for value in values:
            if value is None:
                continue
            for lang in ("en", "fr"):
                url = endpoint.template.format(lang=lang, slug=value)
                response = client.get(url, {"q": "Texteintegral"} if "q" in endpoint.keys else {})
                content = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                ).decode("utf-8", "replace")
                assert not any(marker in content for marker in MARKERS), url
                checked += 1
    assert checked > 80


def test_the_rule_names_the_full_texts_of_filings_and_rulings():
    """One place says which fields stay in: the export and the serializers follow it."""
    assert {Filing: ("full_text",), Ruling: ("full_text",)} == publication.WITHHELD_FIELDS
    assert publication.public_fields(Ruling, ("slug", "full_text")) == ("slug",)
    for serializer in publication_serializers():
        fields = set(serializer.Meta.fields)
        assert not fields & set(publication.WITHHELD_FIELDS.get(serializer.Meta.model, ()))


def publication_serializers():
    return [
        s
        for s in vars(api_serializers).values()
        if isinstance(s, type) and hasattr(s, "Meta") and hasattr(s.Meta, "model")
    ]


def test_the_public_export_is_otherwise_unchanged(published):
    """Only the full texts go: every other field of a ruling record is still there."""
    ruling = next(
        r
        for r in export_document(public=True)["rulings"]
        if r["uid"] == str(published["ruling"].uid)
    )
    assert ruling["short_name"] == "With text" and "summary_fr" in ruling
