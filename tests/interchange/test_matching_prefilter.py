"""The database narrows a court's proceedings before their numbers are compared
(interchange.matching.stored_proceedings): the narrowing never loses a match that comparing
every number of the court finds."""

import pytest

from cases.models import Proceeding
from interchange.matching import number_keys, stored_proceedings
from tests.factories import CaseFactory, CourtFactory

# Stored as earlier imports, typing and the sources left them (written without save()).
STORED = {
    ("EU", "C"): [
        "C-311/18",
        "C-0311/18",
        "C 311/18",
        "C311/18",
        "C-311/18 P",
        "T-311/18",
        "C-31/18",
        "C-311/19",
        "C-203/15 and C-698/15",
    ],
    ("FR", "CE"): [
        "450163",
        "0450163",
        "450 163",
        "174245 174246",
        "93861 ! 94360",
        "45016",
        "4501630",
        "2016 No. 4809 P",
    ],
    ("FR", "TC"): ["C3694", "3694", "02958", "2958", "C 3694", "36940", "T2958"],
}
ASKED = {
    ("EU", "C"): [
        "C-311/18",
        "C 311/18",
        "c311/18",
        "C-311/18 P",
        "C-203/15",
        "C-698/15",
        "T-311/18",
        "C-31/18",
        "X",
    ],
    ("FR", "CE"): [
        "450163",
        "450 163",
        "0450163",
        "174246",
        "94360",
        "93861",
        "4809",
        "45016",
        "2016 No. 4809 P",
    ],
    ("FR", "TC"): ["3694", "C3694", "2958", "02958", "C2958", "36940"],
}


@pytest.mark.parametrize("court_key", list(STORED))
def test_the_prefilter_finds_what_comparing_every_number_finds(db, court_key):
    country, code = court_key
    court = CourtFactory(country=country, ecli_code=code)
    case = CaseFactory()
    Proceeding.objects.bulk_create(
        Proceeding(case=case, court=court, number=number, procedure=Proceeding.Procedure.UNKNOWN)
        for number in STORED[court_key]
    )
    stored = list(Proceeding.objects.filter(court=court))
    for asked in ASKED[court_key]:
        wanted = number_keys([asked], court)
        everything = {p.number for p in stored if wanted & number_keys([p.number], court)}
        found = {p.number for p in stored_proceedings(court, asked)}
        assert found == everything, asked
    # The comparison is not vacuous: numbers written several ways meet.
    assert len(stored_proceedings(court, ASKED[court_key][0])) >= 2
