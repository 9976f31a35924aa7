from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Strings of third-party apps whose French catalogs lack them; marked here so that makemessages
# keeps them in ours, which Django reads first.
THIRD_PARTY_MESSAGES = (gettext_noop("User Agent"),)


def _access_attempt_str(attempt) -> str:
    return gettext("Attempted access: %(time)s") % {"time": attempt.attempt_time}


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from axes.models import AccessAttempt

        # django-axes names its records with an untranslatable f-string.
        AccessAttempt.__str__ = _access_attempt_str
