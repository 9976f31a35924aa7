"""What the citations app adds to the public pages of the cases app (cases.views.contributions,
registered in CitationsConfig.ready): the template keys the case and ruling pages read."""

from citations import selectors

# The ruling page lists the most recent citing items up to this many (the graph page has all).
CITED_BY_LIMIT = 50


def case_page(*, case, proceedings) -> dict:
    return {"relied_on": selectors.case_cited_rulings(case=case, proceedings=proceedings)}


def ruling_page(*, ruling) -> dict:
    return {
        "cites": list(selectors.ruling_cites(ruling=ruling)),
        # Bounded: a hub ruling is cited tens of thousands of times (bench/README.md); the
        # count and the full graph are linked below the list.
        "cited_by": list(selectors.ruling_cited_by(ruling=ruling)[:CITED_BY_LIMIT]),
        "signal": selectors.ruling_signal(ruling=ruling),
    }
