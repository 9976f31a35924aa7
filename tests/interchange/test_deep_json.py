"""A deeply nested file is refused with a clear message, never a RecursionError.

Two depths: one past what the JSON parser can read at all, and one it reads but that would
make schema validation recurse past Python's limit. Each is tried through the command and the
admin's "Import a file" page; nothing is written.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Court
from tests import factories

# Too deep for json.loads; deep enough (under the parser's limit) for jsonschema's recursion.
DEPTHS = [100_000, 900]


def nested(depth: int) -> bytes:
    return (
        '{"format": "casetracker-caselaw", "version": 1, "courts": [], "cases": ['
        + "[" * depth
        + "]" * depth
        + '], "title_fr": '
        + "[" * depth
        + "]" * depth
        + "}"
    ).encode()


def counts() -> tuple[int, int]:
    return Case.objects.count(), Court.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("depth", DEPTHS)
def test_the_command_refuses_a_deeply_nested_file_and_writes_nothing(tmp_path, depth):
    factories.CaseFactory()
    before = counts()
    path = tmp_path / "deep.json"
    path.write_bytes(nested(depth))

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_caselaw", str(path), verbosity=0)

    assert raised.value.returncode == 1
    assert "nothing was imported" in str(raised.value)
    assert "nested too deeply" in str(raised.value)
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("depth", DEPTHS)
def test_the_admin_upload_refuses_a_deeply_nested_file_with_a_form_error(admin_client, depth):
    factories.CaseFactory()
    before = counts()
    upload = SimpleUploadedFile("deep.json", nested(depth), content_type="application/json")

    with translation.override("en"):
        response = admin_client.post(reverse("admin:cases_case_import"), {"file": upload})

    assert response.status_code == 200
    form = response.context["form"]
    errors = " ".join(form.errors.get("file", []) + list(form.non_field_errors()))
    problems = " ".join(str(p) for p in response.context["problems"])
    assert "nested too deeply" in errors + problems
    assert counts() == before
