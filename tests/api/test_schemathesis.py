"""Property-based run of the API against its own OpenAPI schema (schemathesis).

For every operation of /api/v1/schema/, at most 25 generated requests (valid ones and
deliberately invalid ones), sent to the Django WSGI app in-process over the demo data: no
answer may be a server error, and every answer must match the schema (status code documented,
content type, body). Run once, derandomised, without Hypothesis' example database, on
PostgreSQL only (the production database; the SQLite fast pass skips it as `slow`).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casetracker.wsgi import application

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(settings, demo):
    """The schema, served by the WSGI app. As Django's test client does, the app keeps the
    test's database connection open between requests (the test runs in a transaction)."""
    settings.API_ANON_RATE = "100000/minute"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def operations(schema) -> list:
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the schema lists no operation"
    return found


def test_every_api_operation_conforms_to_the_schema_without_server_errors(api_schema):
    failures: dict[str, str] = {}
    calls: dict[str, int] = {}
    for operation in operations(api_schema):
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case):
            # A savepoint per request: a database error fails this example only, instead of
            # aborting the test's transaction for every request after it.
            calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
            with transaction.atomic():
                case.call_and_validate(checks=CHECKS)

        try:
            check()
        # Every operation runs; all failures are reported together (Hypothesis raises an
        # exception group when it finds several).
        except (Exception, BaseExceptionGroup) as error:
            failures[operation.label] = f"{type(error).__name__}: {error}"[:3000]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert len(calls) >= 10, calls
    assert max(calls.values()) <= MAX_EXAMPLES, calls
