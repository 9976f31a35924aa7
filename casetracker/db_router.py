"""Primary + read replica: public reads on `replica`, writes and the admin on `default`.

The `replica` alias exists only when DATABASE_REPLICA_URL is set; without it every query goes
to `default`. Only anonymous GET/HEAD requests outside the admin read from the replica
(ReplicaRoutingMiddleware marks them): editors, whose requests carry a session cookie, and
management commands always read what they just wrote.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_public_read: ContextVar[bool] = ContextVar("casetracker_public_read", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class PrimaryReplicaRouter:
    """Reads of public requests go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not (_public_read.get() and replica_configured()):
            return None
        # Inside a transaction on the primary, read there: the replica may lag behind it.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read from either may be related.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a copy of the primary, kept up to date by PostgreSQL itself.
        return db != REPLICA


def is_public_read(request) -> bool:
    """An anonymous read of a public page: safe method, no session, not the admin."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith("/" + settings.ADMIN_URL)
    )


class ReplicaRoutingMiddleware:
    """Mark anonymous public reads so that PrimaryReplicaRouter sends them to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
