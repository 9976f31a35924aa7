"""`make test`: the whole suite on DATABASE_URL (SQLite when unset); when that database is
PostgreSQL, the fast tests (no browser, no PostgreSQL-only, no slow) again on SQLite, so both
databases are covered. Extra arguments go to pytest.

Both passes run on every core (pytest-xdist, `-n auto`; TEST_WORKERS=N to choose, 0 for one
process), a whole test file per worker (`--dist loadfile`), so that the data a module builds once
(docs/testing.md) is built once per run."""

import os
import subprocess
import sys


def pytest(args: list[str], env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "pytest", *args]
    print("+", " ".join(command), flush=True)
    return subprocess.call(command, env=env)


def parallel() -> list[str]:
    workers = os.environ.get("TEST_WORKERS", "auto")
    if workers == "0":
        return []
    return ["-n", workers, "--dist", "loadfile"]


def main() -> int:
    extra = sys.argv[1:]
    env = dict(os.environ)
    on_postgres = env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    status = pytest([*parallel(), *extra], env)
    if on_postgres:
        sqlite_env = {**env, "DATABASE_URL": ""}
        status = (
            pytest(
                [*parallel(), "-m", "not browser and not postgres and not slow", *extra],
                sqlite_env,
            )
            or status
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
