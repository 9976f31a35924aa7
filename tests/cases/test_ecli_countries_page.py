"""/ecli/<ECLI>/ with a country code not in use for ECLIs: a 400 saying so, not a 404."""

import pytest

from tests.cases.helpers import text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ECLI:EN:C:2020:559", "ECLI country 'EN' is not a country code in use for ECLIs"),
        ("ECLI:GR:STE:2019:1", "ECLI country 'GR' is written 'EL' in ECLIs"),
    ],
)
def test_an_ecli_with_a_country_not_in_use_answers_400_naming_it(client, value, message):
    response = client.get(f"/ecli/{value}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = text(response)
    assert "This ECLI is malformed" in page
    assert "a code in use for ECLIs" in page
    assert message.replace("'", "&#x27;") in page


@pytest.mark.django_db
def test_an_ecli_of_a_country_in_use_that_we_do_not_hold_is_a_404(client):
    assert client.get("/ecli/ECLI:EL:STE:2019:1/", HTTP_ACCEPT_LANGUAGE="en").status_code == 404
