from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed in production only for its command, `generate_synthetic` (bench/README.md)."""

    name = "bench"
    verbose_name = "Benchmarks"
