"""The api app: the read-only REST API under /api/v1/ and its documentation (docs/api.md).

Owns the serializers, filters, views, OpenAPI schema and docs page, its throttle (rest.py)
and its JSON errors (errors.py); no models.

Builds on the domain: may import `cases`, `citations`, `feeds` and `common`; no domain app
imports it (pyproject.toml, [tool.importlinter]).
"""
