"""Every public output that lists rulings or events, read as an anonymous visitor: for the tests
that check nothing unpublished leaks (deletions, withdrawals)."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

SECRET_RULING = "TEXTESECRETDELIBERE"
SECRET_EVENT = "FAITSECRETINTERNE"


def public_outputs(client: Client, world) -> dict[str, str]:
    """Every public output that lists rulings or events, as an anonymous visitor reads it."""
    pages = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            pages[f"{lang}:public case"] = world.a.case.get_absolute_url()
            pages[f"{lang}:reference ruling"] = world.reference_ruling.get_absolute_url()
            pages[f"{lang}:court"] = world.court.get_absolute_url()
            for name in ("ruling_list", "home", "timeline", "feed_rulings", "feed_status"):
                pages[f"{lang}:{name}"] = reverse(name)
            pages[f"{lang}:search"] = reverse("search") + f"?q={SECRET_RULING}"
            pages[f"{lang}:search-event"] = reverse("search") + f"?q={SECRET_EVENT}"
            pages[f"{lang}:data"] = reverse("data_download")
            pages[f"{lang}:graph.json"] = reverse("graph_json")
            pages[f"{lang}:graph.graphml"] = reverse("graph_graphml")
    pages["sitemap"] = reverse("sitemap_xml")
    pages["api:rulings"] = "/api/v1/rulings/"
    pages["api:events"] = "/api/v1/events/"
    pages["api:citations"] = "/api/v1/citations/"
    answers = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers[name] = body.decode()
    return answers
