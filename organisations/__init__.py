"""The organisations app: the associations that edit, their editors and publishers
(docs/organisations.md).

Owns the Organisation and Membership models, their admin and reads (selectors.py). The lowest
domain layer: may import `common` only; `cases` and the apps above import it
(pyproject.toml, [tool.importlinter]).
"""
