"""The cases app: the domain core.

Owns the models of courts, parties, counsel, topics, cases, proceedings, filings, hearings,
rulings, status updates and events (models/), the identifiers (identifiers.py), who sees what
and pseudonymisation (visibility.py, viewer.py), who may edit (permissions.py, the admin's
scoping admin_scoping.py), the reads (selectors.py, search.py), the writes (services.py, with
optimistic locking), the changes outbox (changes.py) and the domain events (signals.py), the
admin of its models, and the public pages of cases (views/, urls.py).

May import `organisations` (who edits) and `common`; never `citations`, `interchange` or the
outer apps (pyproject.toml, [tool.importlinter]). Apps above add to it through Django (admin
subclasses, the domain events) and to its pages through views/contributions.py.
"""
