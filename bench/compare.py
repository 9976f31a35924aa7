"""Is any page slower than at an earlier revision? Two checkouts served side by side, their
requests interleaved (bench/README.md, "Comparing two revisions").

    .venv/bin/python bench/compare.py 2d96f01            # make bench-compare BASE=2d96f01
    .venv/bin/python bench/compare.py 2d96f01 --sizes 1000,10000 --rounds 300 --reuse

Two `make bench-quick` runs one after the other compare two moments of the machine as much as
two versions of the code: on a shared or throttled machine the same page moves by 10 to 50 %
between runs. Here the revision BASE is checked out in a temporary worktree (with this
checkout's .venv), each checkout generates its own database of the same synthetic data (same
size and seed, with its own migrations and generator), each is served by its own gunicorn (one
worker, caching off, DEBUG off), and every page is requested from one and then the other, in
alternating order, for many rounds: a drift of the machine's speed touches both alike. For each
page: the p50 of each side, the median of the paired differences (head - base) with a 95 %
bootstrap interval, and a verdict: slower or faster only when the whole interval is on one side
and the difference is over 2 % of the base's p50.
"""

import argparse
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import run

NOISE = 0.02  # a difference under 2 % of the base's p50 is called "same"


def paired_summary(base: list[float], head: list[float], *, seed: int = 1) -> dict:
    """p50 of each side, median of head - base per round and its 95 % bootstrap interval,
    and the verdict (module docstring)."""
    diffs = [h - b for b, h in zip(base, head, strict=True)]
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(diffs, k=len(diffs))) for _ in range(1000))
    low, high = medians[25], medians[974]
    base_p50 = statistics.median(base)
    diff = statistics.median(diffs)
    if low > 0 and diff > NOISE * base_p50:
        verdict = "slower"
    elif high < 0 and -diff > NOISE * base_p50:
        verdict = "faster"
    else:
        verdict = "same"
    return {
        "base_p50": round(base_p50, 2),
        "head_p50": round(statistics.median(head), 2),
        "diff": round(diff, 2),
        "low": round(low, 2),
        "high": round(high, 2),
        "verdict": verdict,
    }


def timed(url: str) -> tuple[float, int, dict]:
    started = time.perf_counter()
    status, headers, _ = run.fetch(url)
    return (time.perf_counter() - started) * 1000, status, headers


def compare_page(bases: tuple[str, str], paths: tuple[str, str], rounds: int, warm: int) -> dict:
    """Request the page from both servers, alternately, `rounds` times each."""
    urls = [base + path for base, path in zip(bases, paths, strict=True)]
    queries = []
    for url in urls:
        for _ in range(warm):
            _, status, headers = timed(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        queries.append(headers.get("x-bench-queries", "?"))
    times: list[list[float]] = [[], []]
    for i in range(rounds):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for side in order:
            times[side].append(timed(urls[side])[0])
    return {**paired_summary(times[0], times[1]), "queries": queries}


@contextlib.contextmanager
def worktree(revision: str):
    """`revision` checked out in a temporary folder, with this checkout's virtualenv."""
    folder = Path(tempfile.mkdtemp(prefix="ct-compare-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), revision],
        cwd=run.ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        (folder / ".venv").symlink_to(run.ROOT / ".venv")
        yield folder
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(folder)], cwd=run.ROOT, check=False
        )


def env_of(root: Path) -> dict:
    """The benchmark's environment for the checkout at `root`: revisions before bench/settings.py
    served the floor and the query counter with BENCH_FLOOR=1 in the site's own settings."""
    has_bench_settings = (root / "bench" / "settings.py").exists()
    settings = "bench.settings" if has_bench_settings else "casetracker.settings"
    return {"DJANGO_SETTINGS_MODULE": settings, "BENCH_FLOOR": "1"}


def landmarks(name: str, fallback: str) -> dict:
    """The pages' arguments in database `name`, or in `fallback` (the same synthetic data) where
    this revision's query does not fit the older schema."""
    try:
        return run.landmarks(name)
    except psycopg.Error:
        return run.landmarks(fallback)


def markdown(rows: list[dict], revisions: tuple[str, str]) -> str:
    lines = [
        f"| size | page | {revisions[0]} p50 ms | {revisions[1]} p50 ms | head - base ms "
        "(95 % interval) | verdict | queries |",
        "|---:|---|---:|---:|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['page']} | {row['base_p50']} | {row['head_p50']} | "
            f"{row['diff']:+} ({row['low']:+} to {row['high']:+}) | {row['verdict']} | "
            f"{row['queries'][0]} → {row['queries'][1]} |"
        )
    return "\n".join(lines)


def revision_name(revision: str, root: Path = run.ROOT) -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=root, capture_output=True, text=True
    )
    return out.stdout.strip() or revision


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the git revision to compare this checkout with")
    parser.add_argument("--sizes", default="1000", help="comma-separated case counts")
    parser.add_argument("--rounds", type=int, default=200, help="requests per page and side")
    parser.add_argument("--warm", type=int, default=20, help="requests per side before timing")
    parser.add_argument("--pages", help="comma-separated page labels (default: all)")
    parser.add_argument("--reuse", action="store_true", help="reuse loaded databases")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    wanted = set(args.pages.split(",")) if args.pages else None
    revisions = (revision_name(args.base), revision_name("HEAD") + "+")

    rows = []
    with worktree(args.base) as base_root:
        roots = (base_root, run.ROOT)
        for size in sizes:
            names = (f"{run.DB_PREFIX}cmp_base_{size}", f"{run.DB_PREFIX}cmp_head_{size}")
            for root, name in zip(roots, names, strict=True):
                env = run.env_for(name, **env_of(root))
                run.load(name, size, args.reuse, root=root, env=env)
            marks = [landmarks(name, fallback=names[1]) for name in names]
            with contextlib.ExitStack() as stack:
                servers = [
                    stack.enter_context(run.gunicorn(name, 1, root=root, extra_env=env_of(root)))
                    for root, name in zip(roots, names, strict=True)
                ]
                for (label, base_path), (_, head_path) in zip(
                    run.pages(marks[0]), run.pages(marks[1]), strict=True
                ):
                    if label == "floor" or (wanted and label not in wanted):
                        continue
                    try:
                        row = compare_page(
                            tuple(servers), (base_path, head_path), args.rounds, args.warm
                        )
                    except RuntimeError as error:  # a page the base revision did not have
                        run.log(f"[{size}] {label}: skipped ({error})")
                        continue
                    rows.append({"size": size, "page": label, **row})
                    run.log(
                        f"[{size}] {label}: {row['base_p50']} → {row['head_p50']} ms, "
                        f"{row['diff']:+} ({row['low']:+} to {row['high']:+}) {row['verdict']}"
                    )
    print(markdown(rows, revisions))
    return 1 if any(row["verdict"] == "slower" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
