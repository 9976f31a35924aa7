"""What an official source link is called: the site the URL points to, named as readers know
it ("CURIA", "EUR-Lex", "Légifrance"), from the URL's host alone. One table for every page
that links a ruling's or a filing's `source_url`."""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

# Host (or the domain it ends with) → the site's name. Longest match wins.
SITES = {
    "curia.europa.eu": "CURIA",
    "eur-lex.europa.eu": "EUR-Lex",
    "legifrance.gouv.fr": "Légifrance",
    "conseil-etat.fr": _("the Conseil d'État's website"),
    "courdecassation.fr": _("the Cour de cassation's website"),
    "conseil-constitutionnel.fr": _("the Conseil constitutionnel's website"),
    "justice.fr": "justice.fr",
    "opendata.justice-administrative.fr": _("the administrative courts' open data"),
    "courts.ie": _("the Courts Service of Ireland"),
    "bailii.org": "BAILII",
    "hudoc.echr.coe.int": "HUDOC",
}


def source_label(url: str) -> str:
    """The name of the site `url` is on: a known official site's name, else its host without
    "www." ("" for a value that is no URL)."""
    host = (urlsplit(str(url or "")).hostname or "").lower().removeprefix("www.")
    for domain in sorted(SITES, key=len, reverse=True):
        if host == domain or host.endswith("." + domain):
            return str(SITES[domain])
    return host
