"""The project package, above every app: settings (read top to bottom once), root URLs,
WSGI, gunicorn's configuration, JSON logging (logs.py, Django's and gunicorn's), the language
and security middleware, the 503 and error pages, the database router, the page cache and the
site-wide views.

May import every app but `bench`; no app imports it (pyproject.toml, [tool.importlinter]), but
for the page cache calls listed there as debt. What the apps share lives in `common`.
"""
