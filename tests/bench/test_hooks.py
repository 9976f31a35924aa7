"""The bench room: the floor view and the query counter exist only under bench's own settings
(bench/settings.py, used by bench/run.py), and `generate_synthetic` is a command of the bench
app, which adds nothing else to the site."""

import json
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.core.management import get_commands
from django.urls import URLPattern, URLResolver

ROOT = Path(__file__).resolve().parents[2]


def views_of(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views_of(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_the_site_serves_no_floor_and_counts_no_queries(demo, client):
    assert client.get("/bench/floor").status_code == 404
    page = client.get("/en/")
    assert page.status_code == 200
    assert not page.has_header("X-Bench-Queries")


def test_the_site_url_conf_holds_nothing_of_bench():
    from casetracker import urls

    modules = {view.__module__ for view in views_of(urls.urlpatterns)}
    assert not [module for module in modules if module.split(".")[0] == "bench"]


def test_bench_settings_mount_the_floor_and_count_every_query(demo, client, settings):
    from bench import settings as bench_settings
    from casetracker import settings as site_settings

    # The site's own stack, with the counter first so that it sees every other layer's queries.
    first, *rest = bench_settings.MIDDLEWARE
    assert first == "bench.hooks.QueryCountMiddleware"
    assert rest == site_settings.MIDDLEWARE
    settings.MIDDLEWARE = bench_settings.MIDDLEWARE
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF

    floor = client.get("/bench/floor")
    assert floor.status_code == 200
    assert floor.content == b"floor\n"
    assert floor["X-Bench-Queries"] == "0"
    assert "no-store" in floor["Cache-Control"]
    # Every page of the site is still there, measured.
    home = client.get("/en/")
    assert home.status_code == 200
    assert int(home["X-Bench-Queries"]) > 0
    assert client.get("/api/v1/cases/")["X-Bench-Queries"].isdigit()


def test_run_py_serves_the_floor_through_bench_settings():
    """The environment bench/run.py gives gunicorn and manage.py mounts the floor."""
    from bench.run import env_for

    env = env_for("unused", DATABASE_URL="", ALLOWED_HOSTS="testserver")
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/bench/floor');"
        "print(json.dumps([r.status_code, r.get('X-Bench-Queries')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == [200, "0"]


def test_generate_synthetic_is_the_bench_apps_only_addition():
    assert get_commands()["generate_synthetic"] == "bench"
    bench = apps.get_app_config("bench")
    assert list(bench.get_models()) == []
    assert not (Path(bench.path) / "migrations").exists()
