from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail alerts to the followers of a case. Depends on cases (it reads the record of
    changes, cases.models.CaseChange); cases never imports it."""

    name = "alerts"
    verbose_name = _("e-mail alerts")
