"""Helpers of the interchange tests: writing and importing a document, a snapshot of the
database, the admin's import upload."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from cases.models import (
    Case,
    CaseStatusChange,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    Ruling,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from organisations.models import Organisation

MODELS = (
    Organisation,
    Court,
    Topic,
    Party,
    Counsel,
    Case,
    Hearing,
    HearingChange,
    Ruling,
    Event,
    Citation,
)


def snapshot() -> dict:
    """Every row's uid and last update, per model: what must not change."""
    return {
        model.__name__: sorted(model.objects.values_list("uid", "updated_at")) for model in MODELS
    }


def run_import(path, *args) -> str:
    try:
        # Messages follow the active language (French by default); the tests quote English.
        with translation.override("en"):
            call_command("import_caselaw", str(path), *args, verbosity=0)
    except CommandError as error:
        assert error.returncode == 1
        return str(error)
    return ""


def write(tmp_path, document, name="in.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


URL = reverse("admin:cases_case_import")


COUNTED = (
    Organisation,
    Court,
    Topic,
    Party,
    Counsel,
    Case,
    CaseStatusChange,
    StatusUpdate,
    Proceeding,
    Filing,
    Hearing,
    Ruling,
    Event,
    Citation,
)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def state() -> dict:
    """Row counts and every case's and court's last change: what a refused upload keeps."""
    return {
        **counts(),
        "cases": sorted(Case.objects.values_list("uid", "version", "organisation_id")),
        "courts": sorted(Court.objects.values_list("uid", "name_fr", "updated_at")),
    }


def document(**parts) -> dict:
    doc = {
        "format": "casetracker-caselaw",
        "version": 1,
        "courts": [],
        "parties": [],
        "cases": [],
        "rulings": [],
        "citations": [],
    }
    doc.update(parts)
    return doc


def upload(client, user, content, *, name="file.json", language=None, **data):
    """Upload `content`; `language`: the browser's (none: the admin's default, French). The
    problems are listed in the admin's language."""
    client.force_login(user)
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    file = SimpleUploadedFile(name, content, content_type="application/json")
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post(URL, {"file": file, **data}, **headers)


def problems(response) -> list[tuple[str, str]]:
    return [(p.position, p.reason) for p in response.context["problems"]]
