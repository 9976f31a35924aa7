"""The page benchmark (bench/README.md, "Pages"): synthetic data on PostgreSQL, gunicorn on
loopback, wrk (or a small Python load generator) from a separate process.

    .venv/bin/python bench/run.py            # make bench: 1,000 and 100,000 cases (≤ 30 min)
    .venv/bin/python bench/run.py --quick    # make bench-quick: 1,000 and 10,000 cases (≤ 5 min)

For each size: a database ct_bench_<cases> (prefix: env BENCH_DB_PREFIX) is created (or
reused with --reuse when it already holds that many cases), loaded with `generate_synthetic`
(3 rulings and 20 citations per case), served by gunicorn (DEBUG off;
DJANGO_SETTINGS_MODULE=bench.settings, which adds the floor and the query counter) on a free
port, and each page is measured with one connection (latency: p50, p99) and with several
(throughput), after one request that reads its query count from the
X-Bench-Queries header. The import benchmark times
`import_caselaw` of N citations against PostgreSQL COPY of the same rows.

Results go to bench/results/<mode>.json and a Markdown table on stdout.
"""

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from interchange.format import FORMAT, VERSION  # noqa: E402 (plain constants, no Django set-up)

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
# The prefix of the databases run.py creates (<prefix><cases>, <prefix>import_src/dst), so that
# two people benchmarking on one server do not drop each other's databases.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX") or "ct_bench_"
SEED = 1
# The citation fields of the interchange format (interchange/export.py CITATION_FIELDS).
CITATION_FIELDS = ("treatment", "pinpoint", "quote", "origin", "verified")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# -- databases ------------------------------------------------------------------------------
def db_url(name: str) -> str:
    return f"{PG}/{name}"


def recreate(name: str) -> None:
    with psycopg.connect(db_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def case_count(name: str) -> int | None:
    try:
        with psycopg.connect(db_url(name)) as conn:
            return conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except psycopg.Error:
        return None


def env_for(name: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url(name),
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # The site's settings plus /bench/floor and the X-Bench-Queries header (bench/settings.py),
        # for manage.py and gunicorn alike.
        DJANGO_SETTINGS_MODULE="bench.settings",
        API_ANON_RATE="100000000/second",
        # Steady state: a worker replaced (and its Django imported again) inside a 5-second
        # measurement showed up as a halved throughput of whichever page was measured.
        GUNICORN_MAX_REQUESTS="0",
    )
    env.update(extra)
    return env


def manage(name: str, *args, capture=False, root: Path = ROOT, env: dict | None = None) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=root,
        env=env or env_for(name),
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    return result.stdout or ""


def load(name: str, cases: int, reuse: bool, root: Path = ROOT, env: dict | None = None) -> dict:
    """Create and fill the database unless --reuse finds it already loaded (with the code of
    the checkout at `root`, this one by default; bench/compare.py loads another's)."""
    if reuse and case_count(name) == cases:
        log(f"[{name}] reusing the loaded database ({cases:,} cases)")
        return {"reused": True}
    log(f"[{name}] creating, migrating, generating {cases:,} cases")
    recreate(name)
    manage(name, "migrate", "--noinput", "-v0", root=root, env=env)
    started = time.perf_counter()
    out = manage(
        name,
        "generate_synthetic",
        f"--cases={cases}",
        f"--rulings={3 * cases}",
        f"--citations={20 * cases}",
        f"--seed={SEED}",
        "--json",
        capture=True,
        root=root,
        env=env,
    )
    seconds = time.perf_counter() - started
    stats = json.loads(out.strip().splitlines()[-1])
    with psycopg.connect(db_url(name), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {"generate_seconds": round(seconds, 1), "rows": stats["rows"]}


def landmarks(name: str) -> dict:
    """The pages' arguments: the busiest public case with a decision, the most cited ruling,
    a court. With a decision: a timeline without rulings skips the query of their numbers
    (Django prefetches nothing for an empty list), so the busiest case at one size and not at
    the other gave the page one query less for its data, not its scale (bench/README.md,
    "Case list at 100,000")."""
    with psycopg.connect(db_url(name)) as conn:
        big_case, entries = conn.execute(
            """SELECT c.slug, count(*) FROM cases_case c
               JOIN cases_proceeding p ON p.case_id = c.id
               JOIN cases_filing f ON f.proceeding_id = p.id
               WHERE c.publication = 'published'
                 AND EXISTS (SELECT 1 FROM cases_ruling r JOIN cases_proceeding rp
                             ON rp.id = r.proceeding_id
                             WHERE rp.case_id = c.id AND r.withdrawn_at IS NULL)
               GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"""
        ).fetchone()
        hub, cited = conn.execute(
            """SELECT r.slug, n FROM (SELECT cited_id, count(*) AS n FROM citations_citation
               GROUP BY cited_id ORDER BY n DESC LIMIT 1) t
               JOIN cases_ruling r ON r.id = t.cited_id"""
        ).fetchone()
    return {"big_case": big_case, "big_case_filings": entries, "hub": hub, "hub_cited": cited}


def pages(marks: dict) -> list[tuple[str, str]]:
    return [
        ("floor", "/bench/floor"),
        ("home", "/en/"),
        ("case list, 2 filters", "/en/cases/?court=ce&status=decided"),
        ("300-entry timeline", f"/en/cases/{marks['big_case']}/"),
        ("hub ruling", f"/en/rulings/{marks['hub']}/"),
        ("hub graph", f"/en/rulings/{marks['hub']}/graph/"),
        ("hearings calendar", "/en/hearings/"),
        ("search", "/en/search/?q=donn%C3%A9es+sant%C3%A9"),
        ("API list", "/api/v1/cases/"),
        ("calendar feed", "/en/calendar/hearings.ics"),
        ("Atom feed", "/en/feeds/rulings.atom"),
        # The name filters (cases.matching), with words of the synthetic names (bench/synthetic.py,
        # seed 1): "commission" is in two public authorities' names and "pré" (accented) starts
        # one, at every size; every case title is one of 160 made of a few words, so a piece of
        # one matches cases in proportion to the data (6 of 1,000, 625 of 100,000: the page
        # shows the first 10). bench/README.md, "Name filters", for words in thousands of names.
        ("case list, party name", "/en/cases/?party=commission"),
        ("timeline, case name", "/en/timeline/?case=environnement+surveillance"),
        ("suggestions, 3 letters", "/en/suggest/parties/?q=pr%C3%A9"),
    ]


# The p50 budgets with caching off at the largest size (bench/README.md, "Targets"), in ms: 150
# for the heavy pages (300-entry timeline, hub ruling, its graph), 50 for the others.
HEAVY = {"300-entry timeline", "hub ruling", "hub graph"}
WARM_RATIO, P99_FACTOR, SCALING, IMPORT_RATIO = 0.60, 5, 1.3, 5


def budget(label: str) -> float:
    return 150.0 if label in HEAVY else 50.0


# -- server ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str | None:
    """A Redis database for the warm-cache runs, when one answers on loopback."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=1).close()
    except OSError:
        return None
    return url


@contextlib.contextmanager
def gunicorn(
    name: str,
    workers: int,
    cache_url: str | None = None,
    root: Path = ROOT,
    extra_env: dict | None = None,
):
    """Serve database `name` with the checkout at `root`; with `cache_url`, the page cache on
    (emptied first, so nothing stored by an earlier run answers), else off."""
    if cache_url:
        import redis

        redis.Redis.from_url(cache_url).flushdb()
    port = free_port()
    logfile = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    cache = {"CACHE_URL": cache_url, "PAGE_CACHE_SECONDS": "3600"} if cache_url else {}
    env = env_for(
        name,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        SITE_URL=f"http://127.0.0.1:{port}",
        **cache,
        **(extra_env or {}),
    )
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=env, check=True
    )
    proc = subprocess.Popen(
        [GUNICORN, "-c", "casetracker/gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=root,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                if fetch(base + "/healthz")[0] == 200:
                    break
            time.sleep(0.2)
        else:
            logfile.seek(0)
            raise RuntimeError("gunicorn did not start:\n" + logfile.read().decode()[-3000:])
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=45)
        except subprocess.TimeoutExpired:
            # Workers still inside a slow request outlive the graceful timeout.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        logfile.close()


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


# -- load -----------------------------------------------------------------------------------
def wrk_path() -> str | None:
    path = shutil.which("wrk")
    if path or os.environ.get("BENCH_NO_WRK"):
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk with apt-get")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return shutil.which("wrk")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(wrk: str, url: str, connections: int, seconds: float) -> dict:
    threads = min(connections, 2)
    out = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            "--timeout",
            "60s",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non_2xx": int(errors.group(1)) if errors else 0}


def run_python(url: str, connections: int, seconds: float) -> dict:
    """Fallback load generator: `connections` threads, each with one keep-alive connection."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status >= 400:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    n = len(latencies)
    return {
        "rps": n / seconds,
        "p50": latencies[n // 2] if n else 0.0,
        "p99": latencies[min(n - 1, int(n * 0.99))] if n else 0.0,
        "non_2xx": errors[0],
    }


def _load(wrk: str | None, url: str, connections: int, seconds: float) -> dict:
    return run_wrk(wrk, url, connections, seconds) if wrk else run_python(url, connections, seconds)


def warm_every_worker(url: str, workers: int, rounds: int = 2) -> None:
    """Request `url` on `workers` connections at once, `rounds` times: a sync worker busy with
    one leaves the next to an idle one, so every worker builds what it keeps for this page (its
    connection, its memos: the calendar feed's 500 events, ~200 ms) before the measurement.
    A deployment's worker does it once per start (every GUNICORN_MAX_REQUESTS requests); two
    sequential requests left one worker in three cold, a 5-second measurement's p99."""
    for _ in range(rounds):
        threads = [threading.Thread(target=fetch, args=(url,)) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def measure(
    base: str, page_list, *, wrk, seconds: float, concurrency: int, workers: int = 1
) -> list[dict]:
    rows = []
    for label, path in page_list:
        url = base + path
        status, headers, body = fetch(url)
        warm_every_worker(url, workers)
        # Warms the worker's connection and Python caches for this path (and the page cache).
        again = fetch(url)[1]
        conditional = None
        validator = {}
        if "etag" in headers:
            validator["If-None-Match"] = headers["etag"]
        if "last-modified" in headers:
            validator["If-Modified-Since"] = headers["last-modified"]
        if validator:
            conditional = fetch(url, validator)[0]
        single = _load(wrk, url, 1, seconds)
        many = _load(wrk, url, concurrency, seconds)
        row = {
            "page": label,
            "path": path,
            "status": status,
            "bytes": len(body),
            "queries": int(headers.get("x-bench-queries", -1)),
            "queries_again": int(again.get("x-bench-queries", -1)),
            "conditional_status": conditional,
            "single": single,
            "concurrent": many,
        }
        log(
            f"  {label:<22} {status} q={row['queries']:>3} "
            f"1c: p50 {single['p50']:.1f} ms p99 {single['p99']:.1f} ms  "
            f"{concurrency}c: {many['rps']:.0f} req/s"
        )
        rows.append(row)
    floor = rows[0]["concurrent"]["rps"]
    for row in rows:
        row["ratio_to_floor"] = round(row["concurrent"]["rps"] / floor, 3) if floor else None
    return rows


# -- import ---------------------------------------------------------------------------------
def import_bench(citations: int) -> dict:
    """import_caselaw of `citations` citations against COPY of the same rows.

    Two databases get the same synthetic cases and rulings (same seed, so the same uids); the
    first also gets the citations. The second imports a document holding only those citations,
    with the fields export_caselaw writes for them (read here with one query: export_caselaw
    builds the whole document, rulings and their texts included, which takes longer than the
    import itself at 1,000,000 citations); rulings are matched in the database by uid. That
    command is timed, process start and JSON parsing included. Then its citation rows are
    copied out (COPY TO), the table emptied, and COPY FROM of the same rows is timed."""
    rulings = max(100, citations // 6)
    cases = max(10, citations // 200)
    source, target = f"{DB_PREFIX}import_src", f"{DB_PREFIX}import_dst"
    log(f"[import] {citations:,} citations between {rulings:,} rulings")
    size = [f"--cases={cases}", f"--rulings={rulings}", f"--seed={SEED}", "-v0"]
    for name, count in ((source, citations), (target, 0)):
        recreate(name)
        manage(name, "migrate", "--noinput", "-v0")
        manage(name, "generate_synthetic", *size, f"--citations={count}")
    workdir = Path(tempfile.mkdtemp(prefix="ct-bench-import-"))
    keys = ("uid", "citing_ruling", "citing_filing", "cited", *CITATION_FIELDS)
    with psycopg.connect(db_url(source)) as conn:
        rows = conn.execute(
            """SELECT c.uid::text, r.uid::text, f.uid::text, d.uid::text,
                      c.treatment, c.pinpoint, c.quote, c.origin, c.verified
               FROM citations_citation c
               LEFT JOIN cases_ruling r ON r.id = c.citing_ruling_id
               LEFT JOIN cases_filing f ON f.id = c.citing_filing_id
               JOIN cases_ruling d ON d.id = c.cited_id
               ORDER BY c.id"""
        ).fetchall()
    only = {"format": FORMAT, "version": VERSION}
    only |= {key: [] for key in ("courts", "parties", "cases", "rulings")}
    only["citations"] = [dict(zip(keys, row, strict=True)) for row in rows]
    del rows
    (workdir / "citations.json").write_text(json.dumps(only), encoding="utf-8")
    del only
    started = time.perf_counter()
    manage(target, "import_caselaw", str(workdir / "citations.json"), "-v0")
    import_seconds = time.perf_counter() - started
    with psycopg.connect(db_url(target)) as conn:
        imported = conn.execute("SELECT count(*) FROM citations_citation").fetchone()[0]
        buffer = bytearray()
        with conn.cursor().copy("COPY citations_citation TO STDOUT") as copy:
            for chunk in copy:
                buffer += chunk
        conn.execute("DELETE FROM citations_citation")
        conn.commit()
        started = time.perf_counter()
        with conn.cursor().copy("COPY citations_citation FROM STDIN") as copy:
            copy.write(bytes(buffer))
        conn.commit()
        copy_seconds = time.perf_counter() - started
    shutil.rmtree(workdir, ignore_errors=True)
    return {
        "citations": imported,
        "import_seconds": round(import_seconds, 2),
        "copy_seconds": round(copy_seconds, 3),
        "ratio": round(import_seconds / copy_seconds, 1) if copy_seconds else None,
        "import_rows_per_s": round(imported / import_seconds) if import_seconds else None,
    }


# -- report ---------------------------------------------------------------------------------
def _answered(row) -> bool:
    """Whether any request completed within the one-connection measurement."""
    return bool(row["single"]["rps"] and row["single"]["p50"])


def _p50(row) -> str:
    return f"{row['single']['p50']:.1f}" if _answered(row) else "timeout"


def table(results: dict) -> str:
    sizes = list(results["sizes"])
    c = results["concurrency"]
    lines = []
    for size in sizes:
        data = results["sizes"][size]
        warm = {row["page"]: row for row in data.get("warm", [])}
        lines += [
            f"\n### {int(size):,} cases\n",
            f"| page | queries | off p50 ms | off p99 ms | off req/s ({c} conn.) | off ratio "
            "| warm p50 ms | warm req/s | warm ratio | 304 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in data["off"]:
            hot = warm.get(row["page"])
            cells = [
                row["page"],
                str(row["queries"]),
                _p50(row),
                f"{row['single']['p99']:.1f}" if row["single"]["rps"] else "",
                f"{row['concurrent']['rps']:.0f}",
                f"{row['ratio_to_floor']:.3f}",
                _p50(hot) if hot else "—",
                f"{hot['concurrent']['rps']:.0f}" if hot else "—",
                f"{hot['ratio_to_floor']:.2f}" if hot else "—",
                str(row["conditional_status"] or "—"),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    if len(sizes) >= 2:
        small, large = results["sizes"][sizes[0]]["off"], results["sizes"][sizes[-1]]["off"]
        lines += [
            f"\n### Scaling, caching off: {int(sizes[-1]):,} vs {int(sizes[0]):,} cases "
            "(1 connection, p50)\n",
            "| page | p50 small ms | p50 large ms | ratio | queries small / large |",
            "|---|---:|---:|---:|---|",
        ]
        for a, b in zip(small, large, strict=True):
            both = _answered(a) and _answered(b)
            ratio = f"{b['single']['p50'] / a['single']['p50']:.2f}" if both else "—"
            lines.append(
                f"| {a['page']} | {_p50(a)} | {_p50(b)} | {ratio} "
                f"| {a['queries']} / {b['queries']} |"
            )
    if results.get("import"):
        imp = results["import"]
        lines += [
            "\n### Import\n",
            "| citations | import_caselaw s | COPY s | ratio |",
            "|---:|---:|---:|---:|",
            f"| {imp['citations']:,} | {imp['import_seconds']} | {imp['copy_seconds']} "
            f"| {imp['ratio']} |",
        ]
    lines += ["\n### Targets\n", "| target | met | misses |", "|---|---|---|"]
    lines += [
        f"| {name} | {'yes' if not misses else 'no'} | {misses} |"
        for name, misses in targets(results)
    ]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[tuple[str, str]]:
    """Each target (bench/README.md, "Targets") and what misses it (empty: met), at the largest
    size."""
    sizes = list(results["sizes"])
    checks = []
    if not sizes:  # the import alone
        return _import_check(results, checks)
    large = results["sizes"][sizes[-1]]
    rows = [row for row in large["off"] if row["page"] != "floor"]
    if "warm" in large:
        misses = [
            f"{r['page']} {r['ratio_to_floor']:.2f}"
            for r in large["warm"]
            if r["page"] != "floor" and r["ratio_to_floor"] < WARM_RATIO
        ]
        checks.append((f"warm cache ≥ {WARM_RATIO:.0%} of the floor", ", ".join(misses)))
    else:
        checks.append((f"warm cache ≥ {WARM_RATIO:.0%} of the floor", "not measured"))
    slow = [
        f"{r['page']} {_p50(r)}"
        for r in rows
        if not _answered(r) or r["single"]["p50"] > budget(r["page"])
    ]
    checks.append(("caching off: p50 ≤ 50 ms (150 ms heavy pages)", ", ".join(slow)))
    tails = [
        f"{r['page']} {r['single']['p99'] / r['single']['p50']:.1f}x"
        for r in rows
        if _answered(r) and r["single"]["p99"] > P99_FACTOR * r["single"]["p50"]
    ]
    checks.append((f"caching off: p99 ≤ {P99_FACTOR}x p50", ", ".join(tails)))
    if len(sizes) >= 2:
        small = {r["page"]: r for r in results["sizes"][sizes[0]]["off"]}
        grown, unequal = [], []
        for r in rows:
            a = small[r["page"]]
            if not (_answered(a) and _answered(r)):
                grown.append(f"{r['page']} timeout")
            elif r["single"]["p50"] > SCALING * a["single"]["p50"]:
                grown.append(f"{r['page']} {r['single']['p50'] / a['single']['p50']:.2f}")
            if r["queries"] != a["queries"]:
                unequal.append(f"{r['page']} {a['queries']}/{r['queries']}")
        checks.append((f"latency large ≤ {SCALING}x small", ", ".join(grown)))
        checks.append(("queries equal at both sizes", ", ".join(unequal)))
    not_304 = [r["page"] for r in rows if r["conditional_status"] != 304]
    checks.append(("304 to a conditional request", ", ".join(not_304)))
    return _import_check(results, checks)


def _import_check(results: dict, checks: list) -> list[tuple[str, str]]:
    if results.get("import"):
        ratio = results["import"]["ratio"]
        missed = "" if ratio <= IMPORT_RATIO else f"{ratio}x"
        checks.append((f"import <= {IMPORT_RATIO}x COPY", missed))
    return checks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 cases, short runs")
    parser.add_argument("--sizes", help="comma-separated case counts (overrides the mode)")
    parser.add_argument("--seconds", type=float, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--reuse", action="store_true", help="reuse loaded bench databases")
    parser.add_argument("--import-citations", type=int, help="citations in the import bench")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--no-cache", action="store_true", help="skip the warm-cache runs")
    parser.add_argument("--out", help="results JSON (default bench/results/<mode>.json)")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    sizes = (
        [int(s) for s in args.sizes.split(",") if s]
        if args.sizes is not None
        else ([1000, 10000] if args.quick else [1000, 100000])
    )
    seconds = args.seconds or (2 if args.quick else 5)
    # 1,000,000 (the import target's size) takes about 13 minutes here:
    # `--sizes= --import-citations 1000000`.
    import_n = args.import_citations or (20_000 if args.quick else 200_000)
    wrk = wrk_path()
    log(f"load generator: {wrk or 'Python threads (wrk not found)'}")
    started = time.perf_counter()
    results = {
        "mode": mode,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "load_generator": "wrk" if wrk else "python",
        "seconds_per_measurement": seconds,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "sizes": {},
    }
    with psycopg.connect(db_url("postgres")) as conn:
        results["machine"]["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    cache_url = None if args.no_cache else redis_url()
    if not args.no_cache and cache_url is None:
        log("no Redis on loopback (BENCH_REDIS_URL): warm-cache runs skipped")
    results["cache_url"] = cache_url
    # Every database first, then every measurement: no generation runs beside a measurement.
    loaded = {size: load(f"{DB_PREFIX}{size}", size, args.reuse) for size in sizes}
    for size in sizes:
        name = f"{DB_PREFIX}{size}"
        marks = landmarks(name)
        log(f"[{name}] {marks}")
        entry = {"load": loaded[size], "landmarks": marks}
        for caching, url in (("off", None), ("warm", cache_url)):
            if caching == "warm" and url is None:
                continue
            log(f"[{name}] caching {caching}")
            with gunicorn(name, args.workers, url) as base:
                entry[caching] = measure(
                    base,
                    pages(marks),
                    wrk=wrk,
                    seconds=seconds,
                    concurrency=args.concurrency,
                    workers=args.workers,
                )
        results["sizes"][str(size)] = entry
    if not args.skip_import:
        results["import"] = import_bench(import_n)
        log(f"[import] {results['import']}")
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / f"{mode}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    log(f"done in {results['total_seconds']} s; results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
