"""The cyclic garbage collector in a gunicorn worker: full collections between requests.

A request leaves cyclic garbage (a prefetched queryset's rows point back at their parent, a
serializer and its fields, the request and its session: ~4,500 objects for the API list), and
it lives long enough to be promoted to the oldest generation by the young collections that run
while the request is being built. CPython then frees it only in a full collection, which it
starts in the middle of whatever request happens to allocate at that moment, and which also
walks the ~150,000 objects Django, the URL resolvers, templates and translations leave for the
worker's whole life: 60 to 300 ms, the slowest 1 % of requests (docs/deploy.md, "Garbage
collection in the workers"). So, in each worker (gunicorn.conf.py's hooks):

- CPython's own full collections are turned off (the young generations still collect as usual);
- once a worker has answered its first requests, what is alive then (Django's lazily loaded
  machinery) is collected once, then frozen: moved out of the collector's sight for good;
- after a response is sent, a full collection runs when CPython would have wanted one (as many
  young collections since the last full one as its default threshold); it then walks the
  garbage of the last requests, not the frozen objects, while the client already has its answer.

Frozen cyclic garbage would never be freed, hence the collection before each freeze; a frozen
object that later loses its last reference (an evicted memo entry) is freed as usual.
"""

import gc

# CPython's default: a full collection after 10 collections of the middle generation.
FULL_AFTER = 10
# The requests after which a worker freezes what is alive: the first (Django's lazy loading,
# the page's own), then later ones (the modules, templates and translations of the pages that
# came since). Frozen objects are never scanned again.
FREEZE_AT = (1, 100)
# A middle-generation count CPython never reaches between two of our collections: it then
# never starts a full collection itself.
NEVER = 1_000_000_000


class WorkerGC:
    """What one worker process does: `started()` once, `request_done()` after each response."""

    def __init__(self, *, full_after: int = FULL_AFTER, freeze_at: tuple[int, ...] = FREEZE_AT):
        self.full_after = full_after
        self.freeze_at = frozenset(freeze_at)
        self.requests = 0

    def started(self) -> None:
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, NEVER)

    def request_done(self) -> str | None:
        """Collect (and freeze) if due; says which it did, for the tests."""
        self.requests += 1
        if self.requests in self.freeze_at:
            gc.collect()
            gc.freeze()
            return "froze"
        if gc.get_count()[2] >= self.full_after:
            gc.collect()
            return "collected"
        return None
