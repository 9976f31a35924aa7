"""HTTP for the API sources (Judilibre; CELLAR notices by identifier): timeouts, retries with
backoff on 429 and 5xx honouring Retry-After, a stop on 401/403/423, a rate limit per source and
a size limit per response (docs/sources.md, "Fetching"). Credentials never reach a log or a
message: errors name the URL, never the headers."""

import email.utils
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 50 * 1024 * 1024
# Statuses that say "try later"; a 416 (past 10,000 results) or 404 is not retried.
RETRIED = {429, 500, 502, 503, 504}
STOPPING = {401: "credentials refused", 403: "access forbidden", 423: "access blocked"}


class FetchError(Exception):
    """The request failed after its retries: the record or batch is skipped."""


class AccessStopped(FetchError):
    """401, 403 or 423: the whole run stops, nothing is retried (the source would block us)."""


@dataclass
class Fetcher:
    source: str
    base_url: str
    headers: dict = field(default_factory=dict, repr=False)
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 2.0
    """Seconds before the first retry, doubled at each next one."""
    max_wait: float = 600.0
    """The longest Retry-After honoured; past it the request fails."""
    min_interval: float = 1.0
    """The rate limit: at least this many seconds between two requests to the source."""
    max_bytes: int = MAX_RESPONSE_BYTES
    sleep: object = time.sleep
    clock: object = time.monotonic
    _last: float | None = field(default=None, init=False, repr=False)

    def url(self, path: str, params: dict | None = None) -> str:
        url = self.base_url.rstrip("/") + "/" + path.lstrip("/")
        if params:
            query = urllib.parse.urlencode(
                {k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True
            )
            url += ("&" if "?" in url else "?") + query
        return url

    def get(self, path: str, params: dict | None = None, *, accept: str = "") -> bytes:
        url = self.url(path, params)
        headers = {**self.headers, "User-Agent": "casetracker-sources"}
        if accept:
            headers["Accept"] = accept
        for attempt in range(self.retries + 1):
            self._pace()
            try:
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return self._read(response, url)
            except urllib.error.HTTPError as error:
                if error.code in STOPPING:
                    raise AccessStopped(
                        f"{self.source}: {error.code} {STOPPING[error.code]} at {url}; "
                        "the run stops (check the credentials or the source's terms)"
                    ) from None
                if error.code not in RETRIED or attempt == self.retries:
                    raise FetchError(f"{self.source}: HTTP {error.code} at {url}") from None
                wait = self._retry_after(error.headers.get("Retry-After"), attempt)
                logger.warning(
                    "%s: HTTP %s at %s, retry in %ss", self.source, error.code, url, wait
                )
            except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
                if attempt == self.retries:
                    raise FetchError(f"{self.source}: {_reason(error)} at {url}") from None
                wait = self.backoff * 2**attempt
                logger.warning("%s: %s at %s, retry in %ss", self.source, _reason(error), url, wait)
            self.sleep(wait)
        raise AssertionError("unreachable")

    def get_json(self, path: str, params: dict | None = None):
        data = self.get(path, params, accept="application/json")
        try:
            return json.loads(data)
        except ValueError:
            raise FetchError(f"{self.source}: not JSON at {self.url(path, params)}") from None

    def _pace(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.min_interval:
            self.sleep(self.min_interval - (now - self._last))
        self._last = self.clock()

    def _read(self, response, url: str) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                f"{self.source}: response of {declared} bytes at {url}, over the limit"
            )
        data = response.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise FetchError(f"{self.source}: response over {self.max_bytes} bytes at {url}")
        return data

    def _retry_after(self, value: str | None, attempt: int) -> float:
        wait = self.backoff * 2**attempt
        if value:
            value = value.strip()
            if value.isdigit():
                wait = float(value)
            else:
                try:
                    parsed = email.utils.parsedate_to_datetime(value)
                except (TypeError, ValueError):
                    parsed = None  # unreadable: the backoff applies
                if parsed is not None:
                    wait = max(0.0, parsed.timestamp() - time.time())
        if wait > self.max_wait:
            raise FetchError(
                f"{self.source}: asked to wait {wait:.0f} s, over {self.max_wait:.0f} s"
            )
        return wait


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "timed out"
    return f"connection failed ({reason})"


# The official addresses (docs/sources.md); `--from URL` replaces them (a mirror, the tests'
# replay server).
JUDILIBRE_URL = "https://api.piste.gouv.fr/cassation/judilibre/v1.0"
CELLAR_URL = "http://publications.europa.eu/resource/celex"


def _defaults(options: dict, prefix: str) -> dict:
    """Timeouts and pacing from the environment (docs/configuration.md lists them)."""
    env = os.environ.get
    options.setdefault("min_interval", float(env(f"{prefix}_MIN_INTERVAL", "1")))
    options.setdefault("timeout", float(env("SOURCES_TIMEOUT_SECONDS", "30")))
    options.setdefault("backoff", float(env("SOURCES_BACKOFF_SECONDS", "2")))
    return options


def judilibre(base_url: str = "", **options) -> Fetcher:
    """Judilibre through PISTE: the application's key in the `KeyId` header, from
    JUDILIBRE_KEY_ID; one request a second unless JUDILIBRE_MIN_INTERVAL says otherwise."""
    headers = {}
    key = os.environ.get("JUDILIBRE_KEY_ID", "")
    if key:
        headers["KeyId"] = key
    return Fetcher(
        "judilibre", base_url or JUDILIBRE_URL, headers=headers, **_defaults(options, "JUDILIBRE")
    )


def cellar(base_url: str = "", **options) -> Fetcher:
    return Fetcher("cjeu-cellar", base_url or CELLAR_URL, **_defaults(options, "CELLAR"))


TREE_NOTICE = "application/xml;notice=tree"
