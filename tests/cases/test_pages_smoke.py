"""Every public page answers 200 on the demo data, in both languages."""

import pytest

from tests.cases.helpers import PAGES


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_public_page_answers_200_without_cookie(client, demo, url, lang):
    response = client.get(url.format(lang=lang))
    assert response.status_code == 200, response.content[:2000]
    assert not response.cookies
