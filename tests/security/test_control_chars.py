"""One control character pasted from a PDF never takes an output down.

Characters XML 1.0 forbids are stripped where text comes in (admin forms and every model's
`full_clean`, the interchange import), cleaned from rows already stored by a data migration,
and stripped again where XML and iCalendar are written, so that a row that got past every entry
point (here: `.update()`) still gives feeds that answer 200 and parse, valid GraphML and
calendars without raw control characters.
"""

import importlib
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from icalendar import Calendar

from cases.models import Case, Court, Hearing, HearingChange, Party, Ruling, StatusUpdate
from citations.models import Citation
from common.text import strip_forbidden_chars
from interchange.export import export_document
from interchange.format import dumps
from interchange.importer import load_json
from tests import factories
from tests.formdata import posted_data

# What a PDF copy brings: form feed, vertical tab, other C0 controls, DEL, a C1 control, and
# the two non-characters XML excludes.
BAD = "\x0c\x0b\x01\x1f\x7f\x85\ufffe\uffff"
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# The function --------------------------------------------------------------------------------


def test_forbidden_characters_are_removed_and_everything_else_kept():
    kept = "Arrêt « Schrems II »\tligne 1\nligne 2\r\n€ — 😀 \u00a0\u2028"
    assert strip_forbidden_chars(kept) == kept
    assert strip_forbidden_chars(f"Doctolib{BAD}\x00 / AWS\ud800") == "Doctolib / AWS"
    assert strip_forbidden_chars("".join(map(chr, range(0x20)))) == "\t\n\r"


# Admin forms, posted as a browser posts them ------------------------------------------------


@pytest.mark.django_db
def test_a_case_title_pasted_with_a_form_feed_is_saved_without_it(admin_client):
    data = posted_data(admin_client.get(admin_url(Case, "add")))
    data.update(
        title_fr=f"Doctolib{BAD} / AWS",
        summary_fr=f"Page 1\x0cPage 2{BAD}",
        status=Case.Status.FILED,
        status_changed_on="2021-02-26",
        publication=Case.Publication.DRAFT,
    )

    response = admin_client.post(admin_url(Case, "add"), data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.title_fr, case.summary_fr) == ("Doctolib / AWS", "Page 1Page 2")
    assert case.history.latest().title_fr == "Doctolib / AWS"


@pytest.mark.django_db
def test_a_status_update_pasted_with_controls_is_saved_without_them(admin_client):
    update = factories.StatusUpdateFactory()
    url = admin_url(StatusUpdate, "change", update.pk)
    data = posted_data(admin_client.get(url))
    data.update(text_fr=f"Requête\x0c rejetée.{BAD}", text_en="Application\x0b rejected.")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.text_fr, update.text_en) == ("Requête rejetée.", "Application rejected.")


@pytest.mark.django_db
def test_a_ruling_pasted_with_controls_is_saved_without_them(admin_client):
    ruling = factories.RulingNumberFactory().ruling
    url = admin_url(Ruling, "change", ruling.pk)
    data = posted_data(admin_client.get(url))
    data.update(title_fr=f"Arrêt\x0c du 16 juillet{BAD}", summary_fr="Point 1\x0c\nPoint 2")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    ruling.refresh_from_db()
    assert (ruling.title_fr, ruling.summary_fr) == ("Arrêt du 16 juillet", "Point 1\nPoint 2")


@pytest.mark.django_db
def test_a_hearing_location_pasted_with_controls_is_saved_without_them(admin_client):
    hearing = factories.HearingFactory()
    url = admin_url(Hearing, "change", hearing.pk)
    data = posted_data(admin_client.get(url))
    data.update(location=f"Salle\x0c du contentieux{BAD}")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.location == "Salle du contentieux"


@pytest.mark.django_db
def test_the_notes_logged_from_the_admin_forms_are_stored_without_controls(admin_client):
    case = factories.CaseFactory(status=Case.Status.AWAITING_DECISION)
    url = admin_url(Case, "change", case.pk)
    data = posted_data(admin_client.get(url))
    data.update(
        status=Case.Status.DECIDED, status_changed_on="2021-03-12", status_note=f"Rejet\x0c.{BAD}"
    )
    assert admin_client.post(url, data).status_code == 302
    hearing = factories.HearingFactory()
    url = admin_url(Hearing, "change", hearing.pk)
    data = posted_data(admin_client.get(url))
    data.update(date="2030-04-01", change_reason=f"Renvoi\x0c demandé.{BAD}")
    assert admin_client.post(url, data).status_code == 302

    assert case.status_changes.get().note == "Rejet."
    assert HearingChange.objects.get(hearing=hearing).reason == "Renvoi demandé."


@pytest.mark.django_db
def test_every_model_strips_forbidden_characters_in_full_clean():
    party = factories.PartyFactory.build(name=f"Association{BAD} La Quadrature")
    party.full_clean(exclude=["slug"])
    assert party.name == "Association La Quadrature"


# A bad row that got past every entry point ---------------------------------------------------


def soil_every_stored_text() -> None:
    """Append control characters to every free text of every public record, as a raw
    `.update()` (bypassing forms, services and the import) would leave them."""
    for label in ("cases", "citations", "organisations"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                if field.choices or isinstance(field, models.SlugField | models.URLField):
                    continue
                rows = model.objects.exclude(**{field.name: ""}).exclude(
                    **{f"{field.name}__isnull": True}
                )
                try:
                    with transaction.atomic():
                        rows.update(**{field.name: Concat(F(field.name), Value(BAD))})
                except DatabaseError:
                    pass  # a column the database checks (country code, length) keeps its value


def assert_no_raw_control(text: str, url: str) -> None:
    assert not RAW_CONTROL.search(text), (url, RAW_CONTROL.search(text))


@pytest.fixture
def soiled(demo):
    soil_every_stored_text()
    assert Case.objects.filter(title_fr__contains="\x0c").exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_atom_feed_answers_and_parses_with_a_control_character_stored(
    client, soiled, language
):
    urls = [f"/{language}/feeds/{name}.atom" for name in ("rulings", "status", "hearings")] + [
        f"/{language}/cases/{case.slug}/feed.atom" for case in Case.objects.public()
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_no_raw_control(body, url)
        ET.fromstring(response.content)
        feed = feedparser.parse(response.content)
        assert feed.bozo == 0, (url, feed.get("bozo_exception"))
        assert feed.entries, url
    # the text itself is still there, without the characters
    body = client.get(f"/{language}/cases/doctolib-aws/feed.atom").content.decode()
    assert "Doctolib" in body


def test_every_graphml_file_is_valid_xml_with_a_control_character_stored(client, soiled):
    urls = ["/fr/graph.graphml", "/en/graph.graphml"]
    urls += [
        reverse("ruling_graph_graphml", kwargs={"slug": ruling.slug})
        for ruling in Ruling.objects.public()
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content)
        assert_no_raw_control(content.decode(), url)
        root = ET.fromstring(content)
        assert root.tag.endswith("graphml"), url


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_calendar_carries_no_raw_control_character(client, soiled, language):
    urls = [f"/{language}/calendar/hearings.ics"]
    urls += [f"/{language}/cases/{c.slug}/hearings.ics" for c in Case.objects.public()]
    urls += [f"/{language}/courts/{c.slug}/hearings.ics" for c in Court.objects.all()]
    urls += [f"/{language}/parties/{p.slug}/hearings.ics" for p in Party.objects.all()[:10]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert_no_raw_control(text, url)
        assert not re.search("\r(?!\n)|(?<!\r)\n", text), url  # only CRLF line ends
        calendar = Calendar.from_ical(response.content)
        for event in calendar.walk("VEVENT"):
            assert_no_raw_control(str(event["SUMMARY"]), url)


# The interchange import ---------------------------------------------------------------------


def test_an_imported_file_with_control_characters_is_imported_without_them(demo, tmp_path):
    document = json.loads(dumps(export_document()))
    case = document["cases"][0]
    case["title_fr"] = f"Titre\x0c importé{BAD}"
    document["citations"][0]["pinpoint"] = f"point\x0b 42{BAD}"
    path = tmp_path / "in.json"
    # ensure_ascii=False: C1 controls and non-characters arrive raw, C0 ones escaped
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    Citation.objects.all().delete()  # new citations take the bulk path, without full_clean

    call_command("import_caselaw", str(path), verbosity=0)

    assert Case.objects.get(uid=case["uid"]).title_fr == "Titre importé"
    assert Citation.objects.get(uid=document["citations"][0]["uid"]).pinpoint == "point 42"


def test_a_file_is_read_without_forbidden_characters_whatever_their_spelling():
    text = '{"a": "x\\fy\\u000Bz\\b", "b": ["C:\\\\files", "\x85\u00e9\\ud800"], "c": 1}'
    assert load_json(text) == {"a": "xyz", "b": ["C:\\files", "é"], "c": 1}
    assert load_json(text.encode()) == load_json(text)
    assert load_json('{"a": "C:\\\\files\\tok"}') == {"a": "C:\\files\tok"}


# The data migration -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_data_migration_cleans_rows_already_stored_and_their_history():
    update = factories.StatusUpdateFactory()
    hearing = factories.HearingFactory()
    citation = factories.CitationFactory()
    StatusUpdate.objects.filter(pk=update.pk).update(text_fr=f"Requête\x0c rejetée.{BAD}")
    update.history.all().update(text_fr=f"Ancienne\x0c version{BAD}")
    Hearing.objects.filter(pk=hearing.pk).update(location=f"Salle\x0c 1{BAD}")
    Citation.objects.filter(pk=citation.pk).update(pinpoint=f"§\x0c 12{BAD}")
    before = StatusUpdate.objects.get(pk=update.pk).updated_at

    migration = importlib.import_module("cases.migrations.0010_strip_forbidden_characters")
    state = MigrationLoader(connection).project_state(("cases", "0010_strip_forbidden_characters"))
    migration.strip_forbidden_characters(state.apps, None)

    update.refresh_from_db()
    hearing.refresh_from_db()
    citation.refresh_from_db()
    assert update.text_fr == "Requête rejetée."
    assert {h.text_fr for h in update.history.all()} == {"Ancienne version"}
    assert hearing.location == "Salle 1"
    assert citation.pinpoint == "§ 12"
    assert update.updated_at == before  # a cleaning, not an edit
