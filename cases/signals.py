"""Signals other apps listen to, so that cases never imports them (citations depends on cases)."""

from django.dispatch import Signal

# Sent with `case` after its publication changed: what it holds entered or left public output.
case_publication_changed = Signal()

# Sent with `parties` when an erasure rewrote their names and what quoted them, inside its
# transaction: an app keeping a copy outside these tables drops it once the erasure commits.
parties_erased = Signal()
