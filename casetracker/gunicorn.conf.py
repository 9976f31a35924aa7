"""gunicorn configuration used by `make serve` (docs/deploy.md).

    gunicorn -c casetracker/gunicorn.conf.py casetracker.wsgi

Every value a deployment may change comes from an environment variable:

- GUNICORN_BIND (default 127.0.0.1:8000): address to listen on; keep it on loopback behind the
  reverse proxy, or use unix:/run/casetracker/gunicorn.sock.
- WEB_CONCURRENCY (default 2 * cores + 1): worker processes.
- GUNICORN_TIMEOUT (default 30): seconds before a stuck worker is restarted.
- FORWARDED_ALLOW_IPS (default 127.0.0.1,::1): proxies (addresses or networks) trusted to set
  X-Forwarded-Proto here and, in the application (settings.FORWARDED_ALLOW_IPS, read from the
  same variable), X-Forwarded-For: the client address of every rate limit.
- GUNICORN_MAX_REQUESTS (default 2000): requests before a worker is replaced; 0 never (the
  benchmark, where a replacement in a 5-second window would be measured as the page's cost).

Garbage collection (casetracker/workergc.py, docs/deploy.md "Garbage collection in the
workers"): each worker runs CPython's full collections after a response is sent instead of in the
middle of a request, and freezes the objects alive after its first requests.

Logs go to stdout as JSON lines through casetracker.logs.logging_config(), the application's own
configuration (LOG_LEVEL sets the root level of both): the access log
keeps method, path (without the query string and with the signed token of an alert link
replaced), status, size and duration, never the client's address, user agent or referrer.
"""

import multiprocessing
import os

from casetracker.logs import logging_config
from casetracker.workergc import WorkerGC

wsgi_app = "casetracker.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Sync workers: each request holds one persistent, health-checked database connection.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no slow leak can grow for weeks.
# Workers are replaced after this many requests (a guard against slow leaks); 0: never.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Never trust a client-sent X-Forwarded-* header from anywhere but the proxy above.
proxy_allow_ips = forwarded_allow_ips

# No control socket (gunicornc): it would live in the home folder, shared by every instance.
control_socket_disable = True

accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
errorlog = "-"
logconfig_dict = logging_config()

# One per worker: the arbiter's copy is forked into each worker before any request.
worker_gc = WorkerGC()


def post_worker_init(worker):
    worker_gc.started()


def post_request(worker, req, environ, resp):
    worker_gc.request_done()
