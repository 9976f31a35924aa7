"""The deployment guide's own examples work as written: its environment file reads
the same in the shell as it says, and its nginx accepts every file the import page accepts."""

import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

from interchange.admin import max_upload_bytes

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def env_block() -> str:
    text = DEPLOY.read_text(encoding="utf-8")
    section = text[text.index("### The environment file") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


@pytest.mark.parametrize("shell", ["bash", "sh"])
def test_the_documented_env_file_loads_in_the_shell_as_the_docs_load_it(tmp_path, shell):
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell}")
    env_file = tmp_path / "env"
    env_file.write_text(env_block(), encoding="utf-8")

    # What the guide runs: sh -c 'cd app && set -a && . ../env && …'
    result = subprocess.run(
        [shell, "-c", f"set -a && . {env_file} && env"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert values["DEFAULT_FROM_EMAIL"] == "casetracker <alerts@association.example>"
    assert values["SITE_URL"] == "https://casetracker.example.org"
    assert values["EMAIL_URL"].startswith("smtp+tls://alerts%40association.example:")
    assert values["SECRET_KEY"].startswith("<output of: python3 -c ")
    assert values["SECURE_SSL_REDIRECT"] == "1"
    names = re.findall(r"^([A-Z_]+)=", env_block(), re.M)
    assert names and all(name in values for name in names)
    assert not list(tmp_path.glob("alerts@*")), "a '>' in a value was read as a redirection"


def test_the_documented_nginx_accepts_every_file_the_import_page_accepts():
    text = DEPLOY.read_text(encoding="utf-8")
    [size] = re.findall(r"client_max_body_size (\d+)m;", text)
    assert int(size) * 1024 * 1024 > max_upload_bytes()


def test_the_workers_are_the_sync_workers_with_the_collection_hooks_the_guide_describes():
    conf = runpy.run_path(str(DEPLOY.parents[1] / "casetracker" / "gunicorn.conf.py"))
    guide = DEPLOY.read_text(encoding="utf-8")
    section = guide[guide.index("### Garbage collection in the workers") :]

    assert conf["worker_class"] == "sync"
    assert "The workers are sync workers" in section
    assert conf["post_worker_init"].__code__.co_names == ("worker_gc", "started")
    assert conf["post_request"].__code__.co_names == ("worker_gc", "request_done")
