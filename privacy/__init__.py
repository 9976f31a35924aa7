"""The privacy app: the right to erasure of a natural person recorded as a party (docs/erasure.md).

Owns the erasure service (erasure.py), its log (models.py: ErasureRecord, in the table the
cases app created), the Party admin's "Erase this natural person's identifying data" action
(admin.py) and the `erase_person` command.

Sits above the apps whose texts it rewrites: it imports their models directly (cases,
citations, organisations, alerts), and `cases` (selectors, services, signals) and the page
cache of the project package. Nothing imports this app: it plugs in through Django (admin
registration, command); the apps keeping copies of the texts elsewhere (interchange's public
data file) listen to `cases.signals.parties_erased`, which it sends.
"""
