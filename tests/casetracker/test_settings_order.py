"""casetracker/settings.py reads top to bottom once: INSTALLED_APPS and MIDDLEWARE are each
defined in one place (no section adds to them further down), their order is the one the site
relies on, and logging is defined once (casetracker.logs.logging_config) for Django and for
gunicorn alike."""

import ast
import runpy
from pathlib import Path

from django.conf import settings

from casetracker import logs

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "casetracker" / "settings.py"
GUNICORN_CONF = ROOT / "casetracker" / "gunicorn.conf.py"

# The order the site had when the lists were still appended to further down; apps that override
# another's templates or admin, and middleware that wrap one another, depend on it.
EXPECTED_INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "axes",
    "cases",
    "citations",
    "simple_history",
    "organisations",
    "interchange",
    "sources",
    "feeds",
    "bench",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "alerts",
    "privacy",
    "demo",
    "casetracker",
]
EXPECTED_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casetracker.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casetracker.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cases.middleware.PartyNameMiddleware",
    "csp.middleware.CSPMiddleware",
    "casetracker.security.PermissionsPolicyMiddleware",
    "casetracker.db_router.ReplicaRoutingMiddleware",
    "casetracker.errors.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
]


def test_installed_apps_and_middleware_keep_their_order():
    from casetracker import settings as site_settings

    assert site_settings.INSTALLED_APPS == EXPECTED_INSTALLED_APPS
    assert site_settings.MIDDLEWARE == EXPECTED_MIDDLEWARE
    # The test settings change neither.
    assert settings.INSTALLED_APPS == EXPECTED_INSTALLED_APPS
    assert settings.MIDDLEWARE == EXPECTED_MIDDLEWARE


def module_level_writes(path: Path, name: str) -> list[str]:
    """Every top-level statement of the module that assigns or adds to `name`."""
    tree = ast.parse(path.read_text())
    writes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign) and getattr(node.target, "id", None) == name:
            writes.append(f"line {node.lineno}: {name} {type(node.op).__name__}=")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(target, "id", None) == name for target in targets):
                writes.append(f"line {node.lineno}: {name} =")
        elif (
            # INSTALLED_APPS.append(…), MIDDLEWARE.insert(…), .extend(…)
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and getattr(node.func.value, "id", None) == name
        ):
            writes.append(f"line {node.lineno}: {name}.{node.func.attr}(…)")
    return writes


def test_settings_define_each_list_once():
    source = SETTINGS.read_text()
    assert "INSTALLED_APPS +=" not in source
    assert "MIDDLEWARE +=" not in source
    for name in ("INSTALLED_APPS", "MIDDLEWARE", "LOGGING"):
        writes = module_level_writes(SETTINGS, name)
        assert len(writes) == 1, f"{name} is written more than once: {writes}"


def test_gunicorn_logs_through_the_settings_logging():
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert conf["logconfig_dict"] == settings.LOGGING
    assert logs.logging_config() == settings.LOGGING
    # Without LOGGING's own copy in gunicorn.conf.py.
    assert "PrivacyFilter" not in GUNICORN_CONF.read_text()


def test_the_logging_config_keeps_what_is_logged():
    config = logs.logging_config()
    handler = config["handlers"]["stdout"]
    assert handler["filters"] == ["privacy"] and handler["formatter"] == "json"
    assert config["filters"]["privacy"]["()"] == "casetracker.logs.PrivacyFilter"
    assert config["formatters"]["json"]["()"] == "casetracker.logs.JsonFormatter"
    assert config["root"] == {"handlers": ["stdout"], "level": "INFO"}
    # Request logs would carry visitor addresses: only their errors are kept.
    assert config["loggers"]["django.server"] == {"level": "WARNING"}
    assert config["loggers"]["axes"] == {"level": "WARNING"}
    for name in ("gunicorn.error", "gunicorn.access"):
        assert config["loggers"][name] == {
            "level": "INFO",
            "handlers": ["stdout"],
            "propagate": False,
        }


def test_log_level_sets_the_root_level_for_django_and_gunicorn(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    assert logs.logging_config()["root"]["level"] == "WARNING"
    assert runpy.run_path(str(GUNICORN_CONF))["logconfig_dict"]["root"]["level"] == "WARNING"
    # The access log stays on: its level is its own.
    assert logs.logging_config()["loggers"]["gunicorn.access"]["level"] == "INFO"
    monkeypatch.setenv("LOG_LEVEL", "")
    assert logs.logging_config()["root"]["level"] == "INFO"
