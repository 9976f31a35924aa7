"""Rendered pieces kept in this process, keyed by every input that changes them.

A page or feed built from many small pieces (a calendar's VEVENTs, a timeline's entries) renders
each piece once and reuses the result while none of its inputs changes. The key is not a version
number that a write might forget to bump: it is the inputs themselves (`row()`: every stored
field of each record the piece reads, plus the language and whatever else it depends on), so a
dictionary hit means equal inputs, hence an equal piece. A stale piece cannot be served: any
change of any field, however it was written (a service, the admin, a bulk `update()`, a raw
import), gives another key. Old keys simply fall out (least recently used first).

Per process (a dictionary, no pickling, no network): with caching off the pages still get it,
and nothing is shared between gunicorn workers, so nothing can leak between them either.
"""

from collections import OrderedDict
from threading import Lock

MISSING = object()


class Memo:
    """A bounded least-recently-used mapping; thread-safe."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key, default=None):
        with self._lock:
            try:
                value = self._items[key]
            except KeyError:
                self.misses += 1
                return default
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def set(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


_ATTNAMES: dict[type, tuple[str, ...]] = {}


def row(instance) -> tuple | None:
    """Every stored field of a model instance (its class first), or None when a field was
    deferred (not loaded: a piece built from it would read it with a query, and the key could
    not hold its value, so such a piece is not memoised)."""
    if instance is None:
        return ("none",)
    cls = type(instance)
    names = _ATTNAMES.get(cls)
    if names is None:
        names = tuple(f.attname for f in instance._meta.concrete_fields)
        _ATTNAMES[cls] = names
    values = instance.__dict__
    out = [instance._meta.label]
    for name in names:
        value = values.get(name, MISSING)
        if value is MISSING:
            return None
        if isinstance(value, (list, dict, set)):  # JSON fields: unhashable, keyed by their text
            value = repr(value)
        out.append(value)
    return tuple(out)
