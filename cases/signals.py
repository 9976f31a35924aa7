"""Domain events other apps listen to, so that cases never imports them (citations depends on
cases, the project's page cache on every app). The services in cases/services.py send them
inside their transaction, once the write is done; docs/events.md lists who listens."""

from django.dispatch import Signal

# Sent with `instance` (just saved by a service) and `previous` (its stored row, read and locked
# before the save; None for a new record), `sender` being the model. Receivers compare the two
# instead of reading the row again.
record_saved = Signal()

# Sent with `case` after its publication changed: what it holds entered or left public output.
case_publication_changed = Signal()

# Sent with `parties` when an erasure rewrote their names and what quoted them, inside its
# transaction: an app keeping a copy outside these tables drops it once the erasure commits.
parties_erased = Signal()

# Sent with `ruling` (sender Ruling) once the source that published it withdrew it
# (cases.services.ruling_withdraw), inside the transaction: whatever keeps a copy of public
# output (the page cache, the published data file) drops it once the withdrawal commits.
ruling_withdrawn = Signal()
