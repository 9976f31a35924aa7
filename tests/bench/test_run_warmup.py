"""bench/run.py warms a page on every gunicorn worker before measuring it: as many requests at
once as there are workers, so that a sync worker busy with one leaves the next to another."""

import importlib.util
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recorder(BaseHTTPRequestHandler):
    lock = threading.Lock()
    current = 0
    most = 0
    total = 0

    def do_GET(self):
        cls = type(self)
        with cls.lock:
            cls.current += 1
            cls.total += 1
            cls.most = max(cls.most, cls.current)
        time.sleep(0.2)  # a cold build: the worker is busy meanwhile
        with cls.lock:
            cls.current -= 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_a_page_is_requested_on_as_many_connections_at_once_as_there_are_workers():
    run = load_run()
    Recorder.current = Recorder.most = Recorder.total = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        run.warm_every_worker(f"http://127.0.0.1:{server.server_address[1]}/page", 3)
    finally:
        server.shutdown()
        server.server_close()

    assert Recorder.most == 3
    assert Recorder.total == 6
