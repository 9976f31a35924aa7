"""Structured logs without visitor addresses or request objects (issue 7)."""

import io
import json
import logging
import sys

from django.test import RequestFactory

from casetracker.logs import JsonFormatter, PrivacyFilter, redact


def emit(record: logging.LogRecord) -> dict:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(PrivacyFilter())
    handler.handle(record)
    line = stream.getvalue()
    assert line.count("\n") == 1
    return json.loads(line)


def test_request_logs_keep_method_path_and_status_but_not_the_request():
    request = RequestFactory().get(
        "/fr/cases/x/?q=secret", REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Firefox/1"
    )
    record = logging.makeLogRecord(
        {
            "name": "django.request",
            "levelno": logging.WARNING,
            "levelname": "WARNING",
            "msg": "Not Found: %s",
            "args": ("/fr/cases/x/",),
            "request": request,
            "status_code": 404,
        }
    )
    entry = emit(record)
    assert entry["message"] == "Not Found: /fr/cases/x/"
    assert entry["status_code"] == 404
    assert entry["method"] == "GET"
    assert entry["path"] == "/fr/cases/x/"
    assert {"time", "level", "logger"} <= entry.keys()
    text = json.dumps(entry)
    assert "198.51.100.23" not in text and "Firefox" not in text and "secret" not in text


def test_addresses_written_into_messages_are_removed():
    record = logging.makeLogRecord(
        {"msg": "peer %s and %s at 10:30:00", "args": ("192.0.2.1", "2001:db8::1")}
    )
    assert emit(record)["message"] == "peer [address removed] and [address removed] at 10:30:00"


def test_gunicorn_access_atoms_are_dropped_after_formatting():
    atoms = {"h": "192.0.2.44", "m": "GET", "U": "/fr/", "s": "200", "a": "curl/8"}
    record = logging.makeLogRecord(
        {"name": "gunicorn.access", "msg": "%(m)s %(U)s %(s)s", "args": (atoms,)}
    )
    record.args = atoms
    entry = emit(record)
    assert entry["message"] == "GET /fr/ 200"
    assert "192.0.2.44" not in json.dumps(entry)


def test_tracebacks_are_kept_without_addresses():
    try:
        raise ConnectionError("peer 203.0.113.9 went away")
    except ConnectionError:
        record = logging.makeLogRecord({"msg": "boom"})
        record.exc_info = sys.exc_info()
    entry = emit(record)
    assert "ConnectionError" in entry["exception"]
    assert "203.0.113.9" not in entry["exception"]


def test_redact_leaves_identifiers_and_times_alone():
    for text in ("ECLI:EU:C:2020:559", "hearing at 10:30", "v1.2.3", "n° 450163"):
        assert redact(text) == text
