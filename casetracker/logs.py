"""Structured logging: one JSON object per line on stdout, without visitor addresses.

PrivacyFilter removes what would identify a reader before any handler sees a record: the
request object Django attaches to request logs (it carries REMOTE_ADDR, cookies and headers),
gunicorn's access-log atoms, any IP address written into a message, and the signed token in the
path of an alert link (confirm, unsubscribe, manage): it names a subscriber and acts as their
password, so a log reader could end or read their subscriptions.

logging_config() is the one logging configuration: settings.LOGGING for Django and
logconfig_dict in casetracker/gunicorn.conf.py (which cannot import the settings) for gunicorn.
"""

import json
import logging
import os
import re
from datetime import UTC, datetime

IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
# IPv6 in full (8 groups) or compressed with "::"; times such as 10:30:00 match neither.
H = "[0-9A-Fa-f]{1,4}"
IPV6_FULL = rf"(?:{H}:){{7}}{H}"
IPV6_COMPRESSED = rf"(?:{H}:)*(?:{H})?::(?:{H}:)*(?:{H})?"
IP_ADDRESSES = (
    re.compile(IPV4),  # first, so that IPv4-mapped IPv6 addresses lose their IPv4 part too
    re.compile(rf"(?<![\w:])(?:{IPV6_FULL}|{IPV6_COMPRESSED})(?![\w:])"),
)
REDACTED = "[address removed]"
# The token segment of /<lang>/alerts/<kind>/<token>/ (alerts/urls.py), percent-encoded or not.
ALERT_TOKEN = re.compile(r"(/alerts/(?:confirm|unsubscribe|manage)/)[^/\s?#\"']+")
TOKEN_REDACTED = r"\1[token removed]"

# Extra attributes worth keeping, and only as plain values.
KEPT_EXTRAS = ("status_code", "method", "path")


def redact(text: str) -> str:
    """The text with IPv4 and IPv6 addresses and alert-link tokens replaced."""
    text = ALERT_TOKEN.sub(TOKEN_REDACTED, text)
    for pattern in IP_ADDRESSES:
        text = pattern.sub(REDACTED, text)
    return text


class PrivacyFilter(logging.Filter):
    """Drop request objects and client addresses from log records (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.method = getattr(request, "method", None)
            record.path = getattr(request, "path", None)
            record.request = None
        if isinstance(getattr(record, "path", None), str):
            record.path = redact(record.path)
        # Format once, then forget the arguments: gunicorn's access log passes all its atoms
        # (remote address, user agent…) as arguments even when the format uses few of them.
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, a few plain extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in KEPT_EXTRAS:
            value = getattr(record, name, None)
            if isinstance(value, str | int):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def logging_config() -> dict:
    """The dictConfig of every process: JSON lines on stdout through PrivacyFilter.

    LOG_LEVEL (default INFO) sets the root level; the access log keeps its own level.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"privacy": {"()": "casetracker.logs.PrivacyFilter"}},
        "formatters": {"json": {"()": "casetracker.logs.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["privacy"],
            }
        },
        "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL") or "INFO"},
        "loggers": {
            # Request logs would carry visitor addresses: keep only errors.
            "django.server": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
            # gunicorn's own loggers (unused outside gunicorn): its access log is already
            # stripped to method, path, status, size and duration (gunicorn.conf.py).
            "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }
