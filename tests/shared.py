"""Data built once per test module instead of once per test (docs/testing.md).

`module_fixture(build, name=...)` is a module-scoped fixture: before the module's first test it
opens a transaction, calls `build()` inside it, and rolls the transaction back after the
module's last test. Each test still runs in its own savepoint inside that transaction (the `db`
fixture), so its writes are undone before the next test; `fresh(shared, request, build)` gives a
test its own deep copy of what `build()` returned, so that changing those Python objects in one
test changes nothing in the next.

A test that needs committed data (`transactional_db`, `live_server`, `django_db(transaction=
True)`) cannot run inside a transaction: for it, `fresh` builds the data again, per test, as
before. When such a test comes while a module's transaction is still open (pytest-django runs
the transactional tests after the others, and a module's last ordinary test can be followed by
its own first transactional one), `before_test` (tests/conftest.py) rolls the open transactions
back first; it does the same before a test that does not ask for a module's data, which then
sees the empty database it saw before. So that this happens seldom, `grouped` (tests/conftest.py,
after pytest-django's ordering) runs a module's tests that ask for shared data first.
"""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


class Shared:
    """One module's data and the transaction it lives in (`open` until rolled back)."""

    def __init__(self, name: str):
        self.name = name
        self.value: Any = None
        self.open = False
        self._atomic = None
        self._blocker = None

    def begin(self, build: Callable[[], Any], blocker) -> None:
        self._blocker = blocker
        with blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.open = True
            _open.append(self)
            try:
                self.value = build()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        if not self.open:
            return
        self.open = False
        _open.remove(self)
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)


_open: list[Shared] = []


def close_all() -> None:
    for shared in list(reversed(_open)):
        shared.close()


def before_test(item) -> None:
    """Before each test (tests/conftest.py): a transactional test closes every open module
    transaction; any other test closes those whose data it does not ask for, so that it sees the
    database it saw before data were shared (a module's later users of that data then build
    their own, per test)."""
    if is_transactional(item):
        close_all()
        return
    wanted = set(getattr(item, "fixturenames", ()))
    unwanted = [i for i, shared in enumerate(_open) if shared.name not in wanted]
    if unwanted:
        # Transactions nest: those opened after the unwanted one are closed with it.
        for shared in list(reversed(_open[unwanted[0] :])):
            shared.close()


NAMES: set[str] = set()


def shared_data_used(item) -> set[str]:
    """The module fixtures of shared data a test asks for, directly or through another."""
    return NAMES & set(getattr(item, "fixturenames", ()))


def grouped(items: list) -> list:
    """The items in their order, except that within each run of one module's tests, those that
    ask for shared data come first, grouped by the data they ask for (a test that does not ask
    for it would end the module's transaction, and the later ones would build it per test)."""
    ordered, run = [], []

    def flush():
        def key(item):
            used = tuple(sorted(shared_data_used(item)))
            # Transactional tests stay after the others, as pytest-django put them.
            return (is_transactional(item), 0 if used else 1, used)

        ordered.extend(sorted(run, key=key))  # stable: the module's order otherwise
        run.clear()

    for item in items:
        if run and getattr(run[-1], "module", None) is not getattr(item, "module", None):
            flush()
        run.append(item)
    flush()
    return ordered


def module_fixture(build: Callable[[], Any], *, name: str):
    """A module-scoped fixture `name` holding `build()`'s result in a module-wide transaction."""
    NAMES.add(name)

    @pytest.fixture(scope="module", name=name)
    def once(request, django_db_setup, django_db_blocker):
        shared = Shared(name)
        # The test that asks first decides: a transactional one gets nothing shared (the
        # module's other tests then build their own data, as `fresh` does).
        item = getattr(request, "_pyfuncitem", None)
        if item is None or not is_transactional(item):
            shared.begin(build, django_db_blocker)
        yield shared
        shared.close()

    return once


def fresh(shared: Shared, request, build: Callable[[], Any]) -> Any:
    """This test's copy of the module's data, or data built for this test alone when the
    module's transaction is not open (a transactional test)."""
    if shared.open and not is_transactional(request.node):
        request.getfixturevalue("db")
        return copy.deepcopy(shared.value)
    if not is_transactional(request.node):
        request.getfixturevalue("db")
    return build()
