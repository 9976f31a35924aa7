"""Every public page answers 200 on the demo data, in both languages."""

import pytest

PAGES = [
    "/{lang}/",
    "/{lang}/cases/",
    "/{lang}/cases/doctolib-aws/",
    "/{lang}/timeline/",
    "/{lang}/hearings/",
    "/{lang}/hearings/?when=past",
    "/{lang}/rulings/",
    "/{lang}/rulings/cjue-2020-07-16-c-311-18/",
    "/{lang}/courts/ce/",
    "/{lang}/parties/interhop/",
    "/{lang}/search/?q=Doctolib",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_public_page_answers_200_without_cookie(client, demo, url, lang):
    response = client.get(url.format(lang=lang))
    assert response.status_code == 200, response.content[:2000]
    assert not response.cookies
