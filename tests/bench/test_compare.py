"""bench/compare.py: two servers asked in turn, the paired differences and their verdict."""

import importlib.util
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compare():
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("bench_compare", ROOT / "bench" / "compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_same_times_give_the_same_verdict(compare):
    rng = random.Random(7)
    base = [rng.gauss(10, 1) for _ in range(200)]
    head = [rng.gauss(10, 1) for _ in range(200)]
    summary = compare.paired_summary(base, head)
    assert summary["verdict"] == "same"
    assert summary["low"] < 0 < summary["high"]


def test_a_page_slower_in_every_round_is_slower_with_an_interval_above_zero(compare):
    base = [10.0 + (i % 5) for i in range(200)]
    head = [b * 1.1 for b in base]
    summary = compare.paired_summary(base, head)
    assert summary["verdict"] == "slower"
    assert 0 < summary["low"] <= summary["diff"] <= summary["high"]


def test_a_page_faster_in_every_round_is_faster(compare):
    base = [20.0 + (i % 5) for i in range(200)]
    head = [b - 3 for b in base]
    summary = compare.paired_summary(base, head)
    assert summary["verdict"] == "faster"
    assert summary["diff"] == -3


def test_a_difference_under_two_percent_is_the_same(compare):
    base = [100.0 + (i % 5) for i in range(200)]
    head = [b + 1 for b in base]  # 1 %, in every round
    assert compare.paired_summary(base, head)["verdict"] == "same"


def server(delay: float, log: list, name: str):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            log.append(name)
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.send_header("X-Bench-Queries", "3" if name == "base" else "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def test_pages_are_asked_in_turn_and_a_slower_server_is_found(compare):
    log: list[str] = []
    base, head = server(0.0, log, "base"), server(0.02, log, "head")
    try:
        urls = tuple(f"http://127.0.0.1:{s.server_address[1]}" for s in (base, head))
        row = compare.compare_page(urls, ("/page", "/page"), rounds=20, warm=2)
    finally:
        base.shutdown()
        head.shutdown()
    assert row["verdict"] == "slower"
    assert row["diff"] > 15  # ms: the head's 20 ms sleep
    assert row["queries"] == ["3", "2"]
    timed = log[4:]  # after each side's warm-up
    assert len(timed) == 40
    # Each round asks both, the first side alternating: base head, head base, …
    assert [timed[i : i + 2] for i in range(0, 4, 2)] == [["base", "head"], ["head", "base"]]
    assert all(sorted(timed[i : i + 2]) == ["base", "head"] for i in range(0, 40, 2))


def test_a_revision_without_bench_settings_serves_the_floor_from_its_own(compare, tmp_path):
    assert compare.env_of(tmp_path)["DJANGO_SETTINGS_MODULE"] == "casetracker.settings"
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "settings.py").write_text("")
    assert compare.env_of(tmp_path)["DJANGO_SETTINGS_MODULE"] == "bench.settings"
