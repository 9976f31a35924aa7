from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models: the name is shown nowhere, so it needs no translation.
    name = "demo"
