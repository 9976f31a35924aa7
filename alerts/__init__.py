"""The alerts app: e-mail alerts to the followers of a case (docs/alerts.md).

Owns subscribers, subscriptions and deliveries (models.py), the follow, confirm, manage and
unsubscribe pages (views.py, forms.py, tokens.py), the mails (emails.py, sending.py,
`send_alerts`) and the follow form's rate limits (ratelimit.py).

Builds on the domain: may import `cases` (the changes outbox, selectors, visibility) and
`common`; no domain app imports it (pyproject.toml, [tool.importlinter]). The erasure
(privacy) rewrites its texts.
"""
