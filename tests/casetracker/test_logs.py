"""Structured logs without visitor addresses or request objects, nor the signed
tokens of alert links."""

import datetime as dt
import io
import json
import logging
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from alerts import tokens
from casetracker.logs import JsonFormatter, PrivacyFilter, redact
from tests.factories import SubscriptionFactory


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


# Signed alert-link tokens ---------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def alert_urls(subscription) -> dict[str, str]:
    """The three links of the alert e-mails, and their tokens."""
    links = {
        "unsubscribe": tokens.unsubscribe_token(subscription),
        "manage": tokens.manage_token(subscription.subscriber),
        "confirm": tokens.confirm_token(subscription, language="fr", digest=False),
    }
    with translation.override("fr"):
        return {
            token: reverse(f"alerts:{name}", kwargs={"token": token})
            for name, token in links.items()
        }


@pytest.fixture
def app_log():
    """What the application's configured log handlers (settings.LOGGING) write."""
    stream = io.StringIO()
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, PrivacyFilter) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING has no handler with the privacy filter"
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def gunicorn_access_log(environ: dict, status: str) -> str:
    """The line gunicorn's access log writes with casetracker/gunicorn.conf.py."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    conf = runpy.run_path(str(ROOT / "casetracker" / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("access_log_format", conf["access_log_format"])
    logger = Logger.__new__(Logger)  # without setup(), which would reconfigure logging
    logger.cfg = cfg
    logger._access_log_enabled = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    dictionary = conf["logconfig_dict"]
    assert dictionary["loggers"]["gunicorn.access"]["handlers"] == ["stdout"]
    assert dictionary["handlers"]["stdout"]["filters"] == ["privacy"]
    handler.addFilter(import_string(dictionary["filters"]["privacy"]["()"])())
    handler.setFormatter(import_string(dictionary["formatters"]["json"]["()"])())
    logger.access_log = logging.getLogger("tests.gunicorn.access")
    logger.access_log.propagate = False
    logger.access_log.setLevel(logging.INFO)
    logger.access_log.addHandler(handler)
    try:
        response = SimpleNamespace(status=status, headers=[], sent=512)
        logger.access(response, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=0.01))
    finally:
        logger.access_log.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.django_db
def test_alert_links_reach_no_log_with_their_token(client, app_log):
    subscription = SubscriptionFactory()
    for path, token in ((path, token) for token, path in alert_urls(subscription).items()):
        for tampered in (False, True):
            target = path.replace(token, token[:-2] + "xx") if tampered else path
            response = client.get(target, REMOTE_ADDR="198.51.100.23")
            assert response.status_code == (400 if tampered else 200)

            environ = {**response.wsgi_request.environ, "RAW_URI": target}
            line = gunicorn_access_log(environ, f"{response.status_code} X")
            entry = json.loads(line)
            assert entry["logger"] == "tests.gunicorn.access"
            assert "/alerts/" in entry["message"] and "[token removed]" in entry["message"]
            assert token[:20] not in line and "198.51.100.23" not in line

    # Django logged each tampered link as a bad request, without its token.
    lines = [json.loads(line) for line in app_log.getvalue().splitlines()]
    bad_requests = [entry for entry in lines if entry["logger"] == "django.request"]
    assert len(bad_requests) == 3
    for entry in bad_requests:
        assert entry["status_code"] == 400 and "[token removed]" in entry["path"]
    text = app_log.getvalue()
    for token in alert_urls(subscription):
        assert token[:20] not in text


def test_redact_removes_alert_tokens_and_keeps_other_paths():
    assert (
        redact("GET /en/alerts/manage/eyJyIjoiYSJ9:1tZ:Q-x_y/ 200")
        == "GET /en/alerts/manage/[token removed]/ 200"
    )
    assert redact("GET /fr/cases/alerts-manage/ 200") == "GET /fr/cases/alerts-manage/ 200"
