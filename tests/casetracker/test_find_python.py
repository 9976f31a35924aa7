"""`make run` creates its environment with the first Python 3.11 or newer on PATH
(scripts/find-python), and says so clearly when there is none."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "find-python"


def fake_python(folder: Path, name: str, version: tuple[int, int]) -> Path:
    """An executable that answers the version check as a Python `version` would."""
    path = folder / name
    path.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"version = {version!r}\n"
        "assert sys.argv[1] == '-c'\n"
        "exec(sys.argv[2].replace('sys.version_info', 'version'))\n"
    )
    path.chmod(0o755)
    return path


def find(path: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(SCRIPT)],
        env={"PATH": path, **env},
        capture_output=True,
        text=True,
    )


def test_the_newest_suitable_name_wins(tmp_path):
    fake_python(tmp_path, "python3", (3, 9))
    fake_python(tmp_path, "python3.11", (3, 11))
    wanted = fake_python(tmp_path, "python3.12", (3, 12))
    result = find(str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(wanted)


def test_plain_python3_is_taken_when_recent_enough(tmp_path):
    wanted = fake_python(tmp_path, "python3", (3, 13))
    result = find(str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(wanted)


def test_a_name_that_lies_about_its_version_is_skipped(tmp_path):
    fake_python(tmp_path, "python3.13", (3, 10))
    wanted = fake_python(tmp_path, "python3", (3, 11))
    result = find(str(tmp_path))
    assert result.stdout.strip() == str(wanted)


def test_no_suitable_python_is_a_clear_error(tmp_path):
    fake_python(tmp_path, "python3", (3, 10))
    result = find(str(tmp_path))
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Python 3.11 or newer" in result.stderr
    assert "PYTHON=" in result.stderr


def test_an_explicit_python_is_checked_too(tmp_path):
    old = fake_python(tmp_path, "old", (3, 8))
    result = find(str(tmp_path), PYTHON=str(old))
    assert result.returncode != 0
    assert str(old) in result.stderr
    good = fake_python(tmp_path, "good", (3, 12))
    assert find(str(tmp_path), PYTHON=str(good)).stdout.strip() == str(good)


def test_this_machine_has_one():
    result = find(os.environ["PATH"])
    assert result.returncode == 0, result.stderr
    found = result.stdout.strip()
    version = subprocess.run(
        [found, "-c", "import sys; print(sys.version_info >= (3, 11))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert version.strip() == "True"
