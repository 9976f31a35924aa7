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

from operator import itemgetter

from django.utils import translation

MISSING = object()


class Memo:
    """A bounded mapping that forgets its oldest entries first. No lock: each operation is one
    dictionary step (atomic under the GIL); two threads building the same piece at once both
    build it, and one keeps it."""

    def __init__(self, size: int):
        self.size = size
        self._items: dict = {}
        self.hits = 0
        self.misses = 0

    def get(self, key, default=None):
        value = self._items.get(key, MISSING)
        if value is MISSING:
            self.misses += 1
            return default
        self.hits += 1
        return value

    def set(self, key, value) -> None:
        items = self._items
        items[key] = value
        while len(items) > self.size:
            try:
                del items[next(iter(items))]
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                break

    def clear(self) -> None:
        self._items.clear()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


# Per model: (label, a getter of its stored fields' values from an instance's __dict__, the
# positions of the values that are not hashable as they are: JSON fields).
_READERS: dict[type, tuple] = {}


def _reader(instance) -> tuple:
    cls = type(instance)
    reader = _READERS.get(cls)
    if reader is None:
        fields = instance._meta.concrete_fields
        names = [f.attname for f in fields]
        getter = itemgetter(*names) if len(names) > 1 else (lambda d, n=names[0]: (d[n],))
        loose = tuple(i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField")
        reader = (instance._meta.label, getter, loose)
        _READERS[cls] = reader
    return reader


def row(instance) -> tuple | None:
    """Every stored field of a model instance (its model's label first), or None when a field
    was deferred (not loaded: a piece built from it would read it with a query, and the key
    could not hold its value, so such a piece is not memoised)."""
    if instance is None:
        return ("none",)
    label, getter, loose = _reader(instance)
    try:
        values = getter(instance.__dict__)
    except KeyError:
        return None
    if loose:
        values = list(values)
        for i in loose:  # unhashable as they are: keyed by their text
            values[i] = repr(values[i])
    return (label, *values)


_LABELS: dict[tuple, dict] = {}


def display(instance, name: str) -> str:
    """`instance.get_<name>_display()`, without hashing every lazy label of the field's
    choices on each call (which translates each of them: ~13 translations per call for a
    ruling's outcome). The labels are read once per model, field and language."""
    key = (type(instance), name, translation.get_language())
    labels = _LABELS.get(key)
    if labels is None:
        field = instance._meta.get_field(name)
        labels = {value: str(label) for value, label in field.flatchoices}
        _LABELS[key] = labels
    value = getattr(instance, name)
    try:
        return labels[value]
    except (KeyError, TypeError):  # not one of the choices: as Django shows it
        return getattr(instance, f"get_{name}_display")()
