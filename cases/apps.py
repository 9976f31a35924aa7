from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from django.db.backends.signals import connection_created

        from cases.matching import register_fold

        # SQLite has no unaccent: the name filters fold text with Python (cases.matching).
        connection_created.connect(register_fold, dispatch_uid="cases.matching.register_fold")
