"""The extractor tries each pattern only where a match can start (after a cheap scan for
colons, court capitals, document nouns, "n°"...): it must find exactly what a plain
`finditer` over the whole text finds, whatever the case, the Unicode and the neighbours."""

import datetime as dt

import pytest

from citations import extract as ex
from citations.extract import Court, Document, Kind, extract

PATTERNS = (
    ex._ECLI,
    ex._SHORT_ECLI,
    ex._CELEX,
    ex._CJEU,
    ex._CE_NUMBER,
    ex._HEADER_COURT,
    ex._HEADER_DOC,
)

TEXTS = [
    "CJUE, 16 juillet 2020, Data Protection Commissioner c/ Facebook Ireland et Schrems, "
    "aff. C\u2011311/18, ECLI:EU:C:2020:559",
    "CE, réf., 13 oct. 2020, n° 444937 ; CE, ord. réf., 12 mars 2021, req. n° 450163",
    "Conseil d'État, 21/04/2021, 393099; affaires jointes C-511/18, C-512/18 et C-520/18",
    "judgment of 6 October 2015, Schrems (C-362/14, EU:C:2015:650, paragraph 73)",
    "ordonnance du 12 mars 2021 du juge des référés du Conseil d'État, CELEX 62018CJ0311",
    "ARRÊT DU 16 JUILLET 2020, X c/ Y; ArrÊt du 1 mai 2020; DÉCISION du 1 mai 2020 du "
    "Conseil d'État; ORDER of 1 May 2020 of the General Court; Judgement of 3 June 2019",
    "conclusion\u017f du 2 mai 2019 de la CJUE; deci\u017fion de la CJUE du 3 mai 2019",
    "\u0130\u0130 arrêt du 16 juillet 2020, \u0130nterHop c/ \u0130 ; n\u02da 450163, N\u02da 4501",
    "nº 450163, Nº 450165, no. 450166, Nos. 450167, nos 450168 et 450169",
    "ECLI:EU:C:20:559 ECLI::: EU:C:2020:559: xECLI:FR:CE:2020:1 ecli:eu:c:2015:650",
    "CJCE, 12 mars 2021; TPICE, 1er mars 2021; ECJ, 3 June 2019; Trib. UE, 2 mai 2020",
    "C-1/18 INT-5/19, T\u00a0-\u00a0604/18 R, F-46/09, xC-311/18, C-0311/18, 95/46/CE",
    "CE,   réf.,    13 oct. 2020, Association InterHop et autres, n° 450 163",
    "RUE n°646 (D. 2020. 2432 ; N° Lexbase : A72903XU ; AJDA 2021, n° 12345)",
    # Spaces and dashes beyond Latin-1 (a "?" in the Latin-1 copy the starts are scanned in).
    "C\u202f\u2011311/18, T\u2009\u2212604/18, F\u00a0\u00ad46/09, C?-1/18, C\u20131/18",
    "Con\u017feil d'État, 1 mai 2020; CJ\u0130E, 2 mai 2020; T\u2028-1/18",
    "62018CJ0311 61999TJ0001x 6201CJ0311 619 620 ٦2018CJ0311",
    "° 450163, 3° 450164, xº 450165, n° 450166, N°° 450167, ECLI ECLI:EU ecli:eu:c:2015:650",
    "",
    ":",
    "C",
    "n°",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_scans_find_exactly_what_finditer_finds(text):
    for pattern, (matches, _before) in zip(PATTERNS, ex._scans(text), strict=True):
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in matches] == expected, pattern.pattern[:40]


def test_document_nouns_in_capitals_are_found():
    m = extract("ARRÊT du 16 JUILLET 2020, Data Protection Commissioner")[0]
    assert (m.kind, m.decided_on, m.document) == (
        Kind.COURT_DATE,
        dt.date(2020, 7, 16),
        Document.JUDGMENT,
    )


def test_a_long_s_is_an_s_as_for_the_regex_engine():
    m = extract("conclusion\u017f de la CJUE du 2 mai 2019")[0]
    assert (m.kind, m.court, m.document) == (Kind.COURT_DATE, Court.CJUE, Document.OPINION)


def test_offsets_stay_right_after_a_dotted_capital_i():
    text = "\u0130stanbul: arrêt du 16 juillet 2020, X c/ Y; n\u02da 450163"
    matches = extract(text)
    assert [m.kind for m in matches] == [Kind.COURT_DATE, Kind.CE_NUMBER]
    assert all(text[m.start : m.end] == m.text for m in matches)


def test_repeated_citations_each_get_their_own_offsets():
    citation = "CE, réf., 13 oct. 2020, n° 444937. "
    text = citation * 3
    matches = extract(text)
    assert [m.start for m in matches] == [
        len(citation) * i + citation.index("n°") for i in range(3)
    ]
    assert [m.citation_start for m in matches] == [len(citation) * i for i in range(3)]


def test_a_sign_without_an_n_before_it_is_not_a_conseil_detat_number():
    matches = extract("3° 450164 ; ° 450165 ; n° 450166")
    assert [(m.kind, m.identifier) for m in matches] == [(Kind.CE_NUMBER, "450166")]
