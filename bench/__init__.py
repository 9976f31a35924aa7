"""The bench room: benchmarks and the synthetic data they run on (bench/README.md).

Owns the synthetic data generator (`synthetic.py`, `manage.py generate_synthetic`), the page
benchmark (`run.py`), the extraction benchmark (`extract_bench.py`) and the hooks the page
benchmark serves through (`hooks.py`: the floor view and the query counter, mounted only by
bench's own `settings.py` and `urls.py`).

May import every app and the project package; nothing imports bench (pyproject.toml,
[tool.importlinter]). As an installed app it adds one management command and nothing else:
no models, no URLs, no middleware in the site's own settings.
"""
