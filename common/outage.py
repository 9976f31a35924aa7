"""A database outage is answered 503 "try again", not 500: what it raises and how long clients
are asked to wait, shared by the HTML pages (casetracker.errors) and the API (api.errors)."""

from django.db import InterfaceError, OperationalError

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
