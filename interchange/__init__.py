"""The interchange app: the casetracker interchange format and everything that reads or writes it.

Owns the format (format.py: name, version, canonical text; schema.json: its JSON Schema), the
exporter (export.py), the importer (importer.py, with its compiled schema check conformance.py
and the batched path for citations bulk_citations.py), the matching rules every importer and
source connector shares (matching.py), provenance (models.py: SourceRecord; provenance.py),
the public data page `/<lang>/data/` (public_data.py keeps the published file; views.py,
urls.py), the admin's "Import a file" page on cases (admin.py) and the `import_caselaw` /
`export_caselaw` commands. docs/interchange.md describes the format.

Depends on `cases`, `citations`, `organisations` and `common` (and the page cache of `casetracker`);
none of them imports this app: it plugs in through Django (admin registration, URL include,
the `cases.signals` it listens to). Importing this package needs no Django set-up, so that
scripts (bench/run.py) can read `interchange.format`.
"""
