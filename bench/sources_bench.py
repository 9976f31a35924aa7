"""The bulk path of `sync_sources` timed on a synthetic JADE dump (bench/README.md, "Bulk
loading of a source dump").

    .venv/bin/python bench/sources_bench.py --n 10000 [--per-record 1000] \
        [--database-url postgres://…/ct_bench] [--keep DIR]

Generates N decisions as DILA's JADE files, each shaped exactly like the real sample
tests/fixtures/sources/dila-jade/CETATEXT000054468101.xml (the same elements, text and
markup; only the identifier, court, number, date, ECLI, title and two sentences of the text
change), into a zip; makes a fresh database (SQLite file, or the PostgreSQL database named by
--database-url, dropped and created), migrates it, then times `sync_sources dila-jade --from
dump.zip --bulk` and, on the first --per-record decisions, the per-record path. Prints the
times and rates as JSON.

`generate()` is also what tests/sources/test_bulk.py builds its dumps with.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "fixtures" / "sources" / "dila-jade" / "CETATEXT000054468101.xml"
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# The courts as JADE writes them (both spellings of the Conseil d'État occur).
COURTS = (
    ("Conseil d'État", "CECHR", 6),
    ("Conseil d'Etat", "CESSR", 2),
    ("Cour administrative d'appel de Paris", "CAAPA", 1),
    ("Cour administrative d'appel de Versailles", "CAAVE", 1),
)


def french(day: dt.date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def _set(xml: str, tag: str, value: str) -> str:
    return re.sub(f"<{tag}>[^<]*</{tag}>", f"<{tag}>{value}</{tag}>", xml, count=1)


def decision(template: str, index: int, rng: random.Random, earlier: list) -> tuple[bytes, tuple]:
    """One JADE file: (bytes, (court, number, date)) of decision `index`."""
    court, code, _weight = rng.choices(COURTS, weights=[c[2] for c in COURTS])[0]
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
    if court.startswith("Cour"):
        number = f"{day:%y}{'PA' if 'Paris' in court else 'VE'}{index % 100000:05d}"
    else:
        number = str(300000 + index)
    source_id = f"CETATEXT{900000000000 + index:012d}"
    xml = template
    xml = _set(xml, "ID", source_id)
    xml = _set(xml, "ANCIEN_ID", f"JG_L_{day:%Y_%m}_{index:012d}")
    xml = _set(xml, "DATE_DEC", day.isoformat())
    xml = _set(xml, "JURIDICTION", court)
    xml = _set(xml, "NUMERO", number)
    xml = _set(xml, "TITRE", f"{court}, 9ème - 10ème chambres réunies, {day:%d/%m/%Y}, {number}")
    # Older files have no ECLI (as the real ones): one in five here.
    ecli = f"ECLI:FR:{code}:{day:%Y}:{number}.{day:%Y%m%d}" if index % 5 else ""
    xml = _set(xml, "ECLI", ecli)
    xml = xml.replace(
        "Par un jugement n° 2125529 du 27 novembre 2023",
        f"Par un jugement n° {2100000 + index} du {french(day)}",
    )
    if earlier:
        # A precedent cited by number and date: always an earlier decision of the dump.
        cited_court, cited_number, cited_day = earlier[rng.randrange(len(earlier))]
        if not cited_court.startswith("Cour"):
            xml = xml.replace(
                "Vu les autres pièces du dossier ;",
                f"Vu la décision du Conseil d'Etat, statuant au contentieux, du "
                f"{french(cited_day)}, n° {cited_number} ;<br/>\n              "
                "Vu les autres pièces du dossier ;",
                1,
            )
    return xml.encode("utf-8"), (court, number, day)


def generate(path: Path, n: int, *, seed: int = 17, start: int = 0) -> Path:
    """A zip of `n` JADE files at `path` (decisions start…start+n-1)."""
    template = TEMPLATE.read_text(encoding="utf-8")
    rng = random.Random(seed)
    earlier: list = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(start, start + n):
            data, facts = decision(template, index, rng, earlier)
            archive.writestr(f"juri/admin/CETATEXT{900000000000 + index:012d}.xml", data)
            earlier.append(facts)
    return path


def manage(env: dict, *args: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command's process, its first output line). On a
    shared machine the CPU time is the steadier figure; PostgreSQL's own work is in neither
    the CPU time (another process) nor out of the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = (done.stdout or done.stderr).splitlines()
    return wall, cpu, " | ".join(lines[:2])


def fresh_database(url: str | None, folder: Path) -> str:
    if not url:
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--per-record", type=int, default=1_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", default="", help="a folder to keep the dump and database in")
    options = parser.parse_args()
    folder = Path(options.keep or tempfile.mkdtemp(prefix="sources-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict = {"n": options.n, "database": "postgresql" if options.database_url else "sqlite"}
    began = time.perf_counter()
    dump = generate(folder / "dump.zip", options.n)
    results["generate_seconds"] = round(time.perf_counter() - began, 1)
    results["dump_mb"] = round(dump.stat().st_size / 1e6, 1)
    for label, count, extra in (
        ("bulk", options.n, ["--bulk"]),
        ("per_record", options.per_record, []),
    ):
        if not count:
            continue
        source = dump if count == options.n else generate(folder / f"dump-{count}.zip", count)
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": fresh_database(options.database_url, folder),
        }
        if not options.database_url:
            Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
        manage(env, "migrate", "-v0")
        # Django's start-up alone, to subtract.
        startup, startup_cpu, _out = manage(env, "check", "-v0")
        wall, cpu, out = manage(env, "sync_sources", "dila-jade", "--from", str(source), *extra)
        results[label] = {
            "decisions": count,
            "wall_seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1),
            "startup_wall_seconds": round(startup, 1),
            "startup_cpu_seconds": round(startup_cpu, 1),
            "per_second_wall": round(count / max(wall - startup, 0.1), 1),
            "output": out,
        }
        print(json.dumps({label: results[label]}), file=sys.stderr, flush=True)
    results["load_average"] = os.getloadavg()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
