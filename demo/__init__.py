"""The demo app: the demo data set (demo.json) and the `load_demo` command that loads it through
the services the admin uses (`make run` calls it; idempotent).

Owns no models. Sits above the apps whose records the data set holds: it imports `cases`,
`citations` and `organisations` (models and services). Nothing imports this app.
"""
