"""The app survives a PostgreSQL restart without being restarted itself.

A throwaway PostgreSQL cluster (initdb/pg_ctl, run as the postgres user since they refuse root,
in a temporary folder on a free port) and `make serve` (gunicorn, production settings) on it:
the page answers 200, then a clean 503 while the cluster is stopped, then 200 again once it is
back, from the same gunicorn. Everything is stopped and removed even when the test fails.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def postgres_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
    return versions[-1].parent if versions else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*command: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, status: int, seconds: float) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    result = get(url)
    while result[0] != status and time.monotonic() < deadline:
        time.sleep(0.5)
        result = get(url)
    return result


class Cluster:
    def __init__(self, bin_dir: Path, folder: Path, port: int):
        self.pg_ctl = str(bin_dir / "pg_ctl")
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )

    def start(self) -> None:
        as_postgres(
            self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", self.options, "-w",
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        as_postgres(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop")


@pytest.fixture
def cluster():
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs root and runuser to run PostgreSQL's tools as the postgres user")
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("needs PostgreSQL's server binaries in /usr/lib/postgresql/<version>/bin")
    folder = Path(tempfile.mkdtemp(prefix="casetracker-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    running = Cluster(bin_dir, folder, port)
    try:
        as_postgres(
            str(bin_dir / "initdb"), "-D", str(running.data), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        running.start()
        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE casetracker")
        running.url = f"postgres://postgres@127.0.0.1:{port}/casetracker"
        yield running
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            running.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def served(cluster):
    """`make serve` on the throwaway cluster; its whole process group is ended afterwards."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_", "AXES_", "MAKE"))
        and key not in {"DEBUG", "MFLAGS"}
    }
    env.update(
        DATABASE_URL=cluster.url,
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",  # plain HTTP to 127.0.0.1, as behind a TLS proxy
        ALLOWED_HOSTS="127.0.0.1",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",  # one worker: the same persistent connection must recover
    )
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            status, _ = wait_for(f"{base}/healthz", 200, 180)
            if status != 200:
                log.seek(0)
                pytest.fail(f"make serve did not come up:\n{log.read().decode()[-3000:]}")
            yield base, process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def test_service_survives_a_postgresql_restart_without_restarting_gunicorn(cluster, served):
    base, process = served
    assert get(f"{base}/fr/")[0] == 200
    assert get(f"{base}/en/")[0] == 200

    cluster.stop()
    status, body = get(f"{base}/fr/")
    assert status == 503
    assert "Service momentanément indisponible" in body
    assert "Traceback" not in body and "psycopg" not in body and "5432" not in body
    status, body = get(f"{base}/en/")
    assert status == 503
    assert "Service temporarily unavailable" in body
    assert get(f"{base}/healthz")[0] == 503

    cluster.start()
    assert wait_for(f"{base}/fr/", 200, 30)[0] == 200
    assert get(f"{base}/healthz")[0] == 200
    assert process.poll() is None  # the same gunicorn, never restarted
