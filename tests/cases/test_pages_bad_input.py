"""Bad input is answered with 400 (and the form with its errors), never a 500."""

import pytest

pytestmark = pytest.mark.django_db

LONG = "x" * 2000
# Lists with numbered pages. The hearings calendar pages by day (`start`, a date: its bad
# values are in tests/cases/test_hearing_calendar_paging.py and below).
LISTS = ["/fr/cases/", "/fr/rulings/"]
BAD_PAGES = ["0", "-1", "1000000000000", "abc", "", "1.5", "%00"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", BAD_PAGES)
def test_bad_page_numbers_answer_400(client, url, page):
    assert client.get(url, {"page": page}).status_code == 400


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/fr/cases/", {"status": "nope"}),
        ("/fr/cases/", {"court": "no-such-court"}),
        ("/fr/cases/", {"procedure": "x"}),
        ("/fr/cases/", {"topic": "x"}),
        ("/fr/cases/", {"party": "x"}),
        ("/fr/cases/", {"filed_after": "2021-13-45"}),
        ("/fr/cases/", {"filed_after": "2021-03-02", "filed_before": "2021-03-01"}),
        ("/fr/cases/", {"sort": "drop table"}),
        ("/fr/cases/", {"q": LONG}),
        ("/fr/hearings/", {"when": "tomorrow"}),
        ("/fr/hearings/", {"court": "x"}),
        ("/fr/hearings/", {"case": "x"}),
        ("/fr/hearings/", {"party": "x"}),
        ("/fr/hearings/", {"start": "2021-13-45"}),
        ("/fr/hearings/", {"start": "%00"}),
        ("/fr/hearings/", {"when": "past", "start": "9999-12-31"}),
        ("/fr/rulings/", {"year": "abc"}),
        ("/fr/rulings/", {"year": "99999999999999999999"}),
        ("/fr/rulings/", {"kind": "x"}),
        ("/fr/rulings/", {"outcome": "x"}),
        ("/fr/timeline/", {"kind": "x"}),
        ("/fr/timeline/", {"start": "yesterday"}),
        ("/fr/timeline/", {"start": "0001-01-01"}),
        ("/fr/timeline/", {"before": "9999-12-31"}),
        ("/fr/timeline/", {"start": "2021-03-02", "end": "2021-03-01"}),
        ("/fr/search/", {"q": LONG}),
    ],
)
def test_bad_filter_values_answer_400_with_the_form(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()


def test_unknown_parameters_are_ignored(client):
    assert client.get("/fr/cases/", {"utm_source": "x"}).status_code == 200


def test_page_past_the_last_answers_400_naming_the_last(client):
    response = client.get("/en/rulings/", {"page": "2"})
    assert response.status_code == 400
    assert "There is no page 2" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/ecli/" + "A" * 300 + "/", "/ecli/%00/", "/ecli/ECLI:::::/", "/ecli/CETATEXT000043261301/"],
)
def test_garbage_ecli_answers_400(client, path):
    assert client.get(path).status_code == 400


def test_search_with_only_punctuation_is_an_empty_search(client):
    assert client.get("/fr/search/", {"q": "%%% ''' ***"}).status_code == 200
