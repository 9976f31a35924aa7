"""The site's URLs (and error handlers, if it defines any) plus the floor, for bench/settings.py."""

from django.urls import path

from bench import hooks
from casetracker.urls import *  # noqa: F403
from casetracker.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("bench/floor", hooks.floor, name="bench_floor")]
