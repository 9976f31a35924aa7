"""Settings of the page benchmark (bench/run.py): the site's own, plus the floor view at
/bench/floor (bench/urls.py) and the X-Bench-Queries counter in front of the same middleware
stack. DJANGO_SETTINGS_MODULE=bench.settings; the site itself never serves either."""

from casetracker.settings import *  # noqa: F403
from casetracker.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# First, so that it counts the queries of every other middleware (page cache, sessions, …).
MIDDLEWARE = ["bench.hooks.QueryCountMiddleware", *MIDDLEWARE]
