from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitationsConfig(AppConfig):
    name = "citations"
    verbose_name = _("Citations")

    def ready(self):
        from cases.views.contributions import contribute
        from citations import pages, receivers  # noqa: F401  (connects the receivers)

        contribute("case", pages.case_page)
        contribute("ruling", pages.ruling_page)
