"""The citations app: links from rulings and filings to the rulings they cite.

Owns the Citation model, extraction from texts (extract.py), resolution to rulings
(resolve.py), the citation graph and its pages (graph.py, views.py, urls.py), the citator
signal (signal.py), its reads and writes (selectors.py, services.py) and what it keeps in step
when cases change (receivers.py). It adds the outgoing citations inline and the "extract
citations" action to the cases app's ruling and filing admins (admin.py), and "cites" /
"cited by" to its case and ruling pages (pages.py, registered in apps.py). docs/citations.md.

May import `cases`, `organisations` and `common`; `cases` never imports it
(pyproject.toml, [tool.importlinter]).
"""
