"""The import contracts of pyproject.toml ([tool.importlinter]) hold: what `make lint` and CI
check with `lint-imports`, here so that a test run says it too."""

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def test_the_directions_are_declared():
    declared = contracts()
    assert declared["domain-layers"]["layers"] == [
        "interchange",
        "citations",
        "cases",
        "organisations",
    ]
    assert declared["no-bench"]["forbidden_modules"] == ["bench"]
    assert "casetracker" in declared["no-bench"]["source_modules"]
    assert "cases" in declared["outer-apps"]["source_modules"]
    assert "alerts" in declared["outer-apps"]["forbidden_modules"]
    assert declared["project-above-apps"]["forbidden_modules"] == ["casetracker"]


def test_lint_imports_passes():
    if importlib.util.find_spec("importlinter") is None:
        missing = "needs import-linter (requirements-dev.txt)"
        if os.environ.get("CASETRACKER_REQUIRE_ALL") == "1":
            pytest.fail(f"CASETRACKER_REQUIRE_ALL=1 but this test {missing}", pytrace=False)
        pytest.skip(missing)
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    for contract in contracts().values():
        assert f"{contract['name']} KEPT" in result.stdout
