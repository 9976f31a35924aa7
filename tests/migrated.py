"""The migrated SQLite test database, kept between runs (docs/testing.md).

Creating the in-memory SQLite test database runs every migration: seconds of CPU per xdist
worker, the same work on every run. After the first run the migrated database is kept as a file
(in `CASETRACKER_TEST_DB_CACHE`, by default the system's temporary directory), named by a hash
of what the migrations produce: every installed app's migration files, the models of the apps
without migrations, Django's and SQLite's versions. A later run whose hash matches copies that
file into its in-memory database (SQLite's backup API) instead of migrating; any change to a
migration, a model of an app without migrations or a version gives another name, so the
database is migrated again. PostgreSQL and file databases are created as before (migrations run
on every PostgreSQL pass, CI's included); `CASETRACKER_TEST_DB_CACHE=0` turns the copy off.
"""

import hashlib
import importlib.util
import os
import sqlite3
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.db.backends.sqlite3.creation import DatabaseCreation

_create_test_db = DatabaseCreation.create_test_db


def cache_dir() -> Path | None:
    value = os.environ.get("CASETRACKER_TEST_DB_CACHE", "")
    if value == "0":
        return None
    return Path(value) if value else Path(tempfile.gettempdir()) / "casetracker-test-db"


def fingerprint() -> str:
    """A hash of everything that decides the migrated database's contents."""
    digest = hashlib.sha256()
    digest.update(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        digest.update(f"app {app.label}\n".encode())
        spec = importlib.util.find_spec(f"{app.module.__name__}.migrations")
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                for path in sorted(Path(folder).glob("*.py")):
                    digest.update(path.name.encode() + b"\n" + path.read_bytes())
        else:
            # Tables made by run_syncdb: their models' tables and columns.
            for model in app.get_models():
                opts = model._meta
                columns = [(f.column, f.get_internal_type(), f.null) for f in opts.local_fields]
                digest.update(f"{opts.db_table} {columns}\n".encode())
    return digest.hexdigest()[:24]


def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    folder = cache_dir()
    name = self._get_test_db_name()
    if folder is None or keepdb or not self.is_in_memory_db(name):
        return _create_test_db(self, verbosity, autoclobber, serialize, keepdb)
    kept = folder / f"{self.connection.alias}-{fingerprint()}.sqlite3"
    if not kept.exists():
        name = _create_test_db(self, verbosity, autoclobber, serialize, keepdb)
        folder.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.part")
        target = sqlite3.connect(partial)
        try:
            self.connection.ensure_connection()
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, kept)  # whole or not at all, whichever worker writes it last
        return name
    # What create_test_db does, the copy in place of `migrate`.
    from django.conf import settings

    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    self.connection.ensure_connection()
    source = sqlite3.connect(kept)
    try:
        source.backup(self.connection.connection)
    finally:
        source.close()
    if serialize:
        self.connection._test_serialized_contents = self.serialize_db_to_string()
    return name


def install() -> None:
    DatabaseCreation.create_test_db = create_test_db
