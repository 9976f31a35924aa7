"""`manage.py extract_citations`: the JSON-lines contract of docs/commands.md and its errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cases.models import Ruling
from tests.citations.helpers import DOCTOLIB_EXCERPT

pytestmark = pytest.mark.django_db

KEYS = {"start", "end", "text", "kind", "identifier", "ruling_id", "ruling_url"}


def run(*args, stdin_text=None):
    out = io.StringIO()
    kwargs = {"stdout": out}
    if stdin_text is not None:
        kwargs["stdin"] = io.StringIO(stdin_text)
    call_command("extract_citations", *args, **kwargs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_doctolib_text_from_a_file_gives_schrems_ii_with_an_absolute_url(
    demo, tmp_path, settings
):
    settings.SITE_URL = "https://example.org"
    path = tmp_path / "doctolib.txt"
    path.write_text(DOCTOLIB_EXCERPT, encoding="utf-8")
    records = run(str(path), "--lang", "en")
    assert all(set(r) == KEYS for r in records)
    schrems = next(r for r in records if r["identifier"] == "C-311/18")
    assert schrems["kind"] == "cjeu_case"
    assert schrems["ruling_id"] == Ruling.objects.get(short_name="Schrems II").pk
    assert schrems["ruling_url"] == "https://example.org/en/rulings/cjue-2020-07-16-c-311-18/"
    assert DOCTOLIB_EXCERPT[schrems["start"] : schrems["end"]] == schrems["text"]


def test_joined_cases_from_stdin_give_one_object_per_number_unresolved_as_null(db):
    records = run("-", stdin_text="affaires jointes C-511/18, C-512/18 et C-520/18")
    assert [r["identifier"] for r in records] == ["C-511/18", "C-512/18", "C-520/18"]
    assert {(r["ruling_id"], r["ruling_url"]) for r in records} == {(None, None)}


def test_malformed_ecli_is_reported_with_its_kind(db):
    (record,) = run("-", stdin_text="ECLI:EU:C:20:559")
    assert record["kind"] == "ecli_malformed"


def test_an_unreadable_file_exits_2_with_a_message(db, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        run(str(tmp_path / "missing.txt"))
    assert excinfo.value.returncode == 2
    assert "cannot read" in str(excinfo.value)


def test_input_over_5_mb_is_refused(db, tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(CommandError) as excinfo:
        run(str(path))
    assert excinfo.value.returncode == 2
    assert "5 MB" in str(excinfo.value)


def test_non_utf8_input_exits_2(db, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("arrêt C-311/18".encode("latin-1"))
    with pytest.raises(CommandError) as excinfo:
        run(str(path))
    assert excinfo.value.returncode == 2
