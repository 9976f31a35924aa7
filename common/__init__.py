"""Shared building blocks: small library modules every app and the project package may import.

Owns no models, no URLs, no settings of its own (it reads django.conf.settings):
- text.py: the characters no stored text may hold, and the abstract model that strips them;
- cachehealth.py: the shared cache's health (a cache that fails is paused, never a 500);
- clients.py: the client's address and the keyed hash every rate limit is keyed by;
- framing.py: the one exception to "never framed" (the embeddable timeline's frame-ancestors);
- languages.py: the visitor's language from Accept-Language (no cookie, no session);
- outage.py: what a database outage raises and the retry delay and message every 503 gives.

The lowest layer: it imports Django and libraries only, never an app of this project nor the
project package `casetracker` (pyproject.toml, [tool.importlinter]).
"""
