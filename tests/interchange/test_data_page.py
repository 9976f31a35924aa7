"""The public data page: the `--public` export of everything, regenerated when data changes."""

import datetime as dt
import json

import jsonschema
import pytest
from django.core.management import call_command

from cases import services
from cases.models import Case, Topic
from interchange import public_data
from interchange.export import export_document
from interchange.format import dumps, schema
from tests.factories import (
    DRAFT_TITLE,
    PERSON_NAME,
    make_case,
    make_draft_world,
    make_hearing,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"
    return settings.PUBLIC_DATA_DIR


def download(client, **headers):
    return client.get("/en/data/casetracker-public-data.json", headers=headers)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_download_is_the_public_export_of_everything(client):
    make_draft_world()
    response = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="casetracker-public-data.json"'
    )
    assert not response.cookies
    content = body(response)
    assert content == dumps(export_document(public=True)).encode()
    text = content.decode()
    assert DRAFT_TITLE not in text
    assert PERSON_NAME not in text
    document = json.loads(text)
    assert document["public"] is True
    jsonschema.validate(document, schema())


def test_the_download_answers_304_to_a_client_holding_the_same_bytes(client):
    make_case(title="Cached")
    first = download(client)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and len(etag) == 34
    assert download(client, if_none_match=etag).status_code == 304
    assert download(client, if_modified_since=last_modified).status_code == 304
    assert download(client, if_none_match='"other"').status_code == 200


def test_a_change_of_the_data_regenerates_the_file(client, data_dir):
    case, proceeding = make_case(title="Before")
    first = download(client)
    old_etag = first["ETag"]
    body(first)
    case.title_en = "After"
    services.case_save(case=case)
    second = download(client, if_none_match=old_etag)
    assert second.status_code == 200
    assert second["ETag"] != old_etag
    assert b'"title_en": "After"' in body(second)
    # A hearing added, a topic linked: new files each time; the old file is removed.
    make_hearing(proceeding)
    third = download(client)
    assert third["ETag"] != second["ETag"]
    body(third)
    case.topics.add(Topic.objects.create(slug="t", name_fr="T", name_en="T"))
    assert download(client)["ETag"] != third["ETag"]
    assert len(list(data_dir.glob("caselaw-public-*.json"))) == 1


def test_a_deletion_regenerates_the_file(client):
    _case, proceeding = make_case(title="Deleted hearing")
    hearing = make_hearing(proceeding)
    before = download(client)["ETag"]
    hearing.delete()
    assert download(client)["ETag"] != before


def test_a_draft_change_regenerates_but_gives_the_same_bytes_and_etag(client):
    make_case(title="Public")
    draft, _ = make_case(title="Draft", publication=Case.Publication.DRAFT)
    before = public_data.current()
    draft.title_en = "Draft, renamed"
    services.case_save(case=draft)
    after = public_data.current()
    assert after.fingerprint != before.fingerprint
    assert after.sha256 == before.sha256


def test_an_unchanged_data_set_is_not_exported_again(client, monkeypatch):
    make_case(title="Once")
    public_data.current()
    calls = []
    monkeypatch.setattr(public_data, "generate", lambda key: calls.append(key))
    public_data.current()
    assert calls == []


def test_a_file_past_its_max_age_is_generated_again(client, monkeypatch):
    make_case(title="Old file")
    first = public_data.current()
    later = first.generated_at + public_data.MAX_AGE + dt.timedelta(seconds=1)
    monkeypatch.setattr(public_data.timezone, "now", lambda: later)
    assert public_data.current().generated_at == later


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_data_page_offers_the_file_in_both_languages(client, demo, language):
    response = client.get(f"/{language}/data/")
    assert response.status_code == 200
    assert not response.cookies
    page = response.content.decode()
    data_file = public_data.current()
    assert f'href="/{language}/data/casetracker-public-data.json"' in page
    assert f'href="/{language}/data/caselaw.schema.json"' in page
    assert f'href="/{language}/data/interchange.md"' in page
    assert data_file.sha256 in page
    assert "import_caselaw" in page
    heading = "Données ouvertes" if language == "fr" else "Open data"
    assert f"<h1>{heading}</h1>" in page
    assert f"{data_file.counts['cases']} " in page
    assert data_file.counts["cases"] >= 2
    assert "<script" not in page.split("</header>")[-1]
    assert "style=" not in page


def test_the_schema_and_the_docs_are_served(client):
    response = client.get("/en/data/caselaw.schema.json")
    assert response.status_code == 200
    assert json.loads(body(response)) == schema()
    docs = client.get("/fr/data/interchange.md")
    assert docs.status_code == 200
    assert docs["Content-Type"] == "text/plain; charset=utf-8"
    assert b"export_caselaw" in body(docs)


@pytest.mark.django_db(transaction=True)
def test_the_downloaded_file_loads_into_another_instance_with_one_command(client, tmp_path):
    world = make_draft_world()
    path = tmp_path / "downloaded.json"
    path.write_bytes(body(download(client)))
    # "Another instance": an empty database, then the one command.
    call_command("flush", interactive=False, verbosity=0)
    assert not Case.objects.exists()
    call_command("import_caselaw", str(path), verbosity=0)
    assert list(Case.objects.values_list("title_en", flat=True)) == [world["public"].title_en]
    assert dumps(export_document(public=True)).encode() == path.read_bytes()


def test_the_data_page_is_in_the_sitemap(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://127.0.0.1:8000/fr/data/" in sitemap
    assert "http://127.0.0.1:8000/en/data/" in sitemap


def test_data_page_and_download_query_counts_do_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    """Guards a per-table or per-row query in the freshness check: once the file exists, the
    page and the download read two summary queries (the fingerprint), whatever the data."""
    for i in range(20):
        _case, proceeding = make_case(title=f"Case {i}")
        make_hearing(proceeding)
    public_data.current()
    with django_assert_max_num_queries(2):
        assert client.get("/en/data/").status_code == 200
    with django_assert_max_num_queries(2):
        assert download(client).status_code == 200
