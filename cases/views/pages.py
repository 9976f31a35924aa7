"""Pages of single records: home, case timeline, ruling, court, party."""

from django.shortcuts import redirect, render

from cases import selectors
from cases.citation_format import CitableRuling, eu_style, french_style
from cases.models import Party, Ruling
from citations import selectors as citation_selectors

# The ruling page lists the most recent citing items up to this many (the graph page has all).
CITED_BY_LIMIT = 50


HOME_HEARINGS = 10


def home(request):
    context = {
        "cases": selectors.case_list_brief(viewer=None)[:10],
        # The soonest only: at scale a month holds over a thousand hearings, and the
        # calendar linked below lists them all.
        "hearings": selectors.hearing_upcoming(days=30)[:HOME_HEARINGS],
        "rulings": selectors.ruling_latest(limit=10),
    }
    return render(request, "cases/home.html", context)


def case_detail(request, slug: str):
    try:
        case = selectors.case_get(slug=slug, viewer=request.user)
    except selectors.CaseMoved as moved:
        return redirect(moved.case, permanent=True)
    participants = selectors.case_participants(case=case)
    proceedings = selectors.case_page_proceedings(case=case)
    events = selectors.case_events(case=case)
    updates = selectors.case_status_updates(case=case)
    context = {
        "case": case,
        "is_preview": not case.is_public,
        "participants": participants,
        "parties_by_role": selectors.case_parties_by_role(
            participants=participants,
            other_applicants=any(p.other_applicants for p in proceedings),
        ),
        "party_names": selectors.case_party_names(case=case, participants=participants),
        "proceedings": proceedings,
        "timeline": selectors.case_timeline(
            case=case, proceedings=proceedings, events=events, status_updates=updates
        ),
        "next_step": selectors.case_next_step(proceedings=proceedings, status_updates=updates),
        "relied_on": citation_selectors.case_cited_rulings(case=case, proceedings=proceedings),
        "topics": list(case.topics.all()),
    }
    return render(request, "cases/case_detail.html", context)


def citable(ruling: Ruling, participants) -> CitableRuling:
    """The plain values the citation formats need, from a ruling and its parties."""
    parties = [p.party for p in participants]
    return CitableRuling(
        court_short_fr=ruling.court.short_name_fr or ruling.court.name_fr,
        court_country=ruling.court.country,
        kind=ruling.kind,
        decided_on=ruling.decided_on,
        numbers=tuple(n.number for n in ruling.numbers.all()),
        formation_fr=ruling.formation_fr,
        ecli=ruling.ecli or "",
        title_en=ruling.title_en,
        title_fr=ruling.title_fr,
        authority_names=frozenset(p.name for p in parties if p.kind == Party.Kind.PUBLIC_AUTHORITY),
        person_names=frozenset(
            p.name for p in parties if p.is_natural_person and p.name_published_by_court
        ),
    )


def ruling_detail(request, slug: str):
    ruling = selectors.ruling_get_for_page(slug=slug, viewer=request.user)
    proceedings = selectors.ruling_visible_proceedings(ruling=ruling, viewer=request.user)
    participants = selectors.ruling_parties(proceedings=proceedings)
    party_names = selectors.ruling_party_names(proceedings=proceedings)
    citation = citable(ruling, participants)
    context = {
        "ruling": ruling,
        "proceedings": proceedings,
        "is_preview": not selectors.ruling_is_public(ruling),
        "participants": participants,
        "parties_by_role": selectors.case_parties_by_role(
            participants=participants,
            other_applicants=any(p.other_applicants for p in proceedings),
        ),
        "party_names": party_names,
        "judgment": selectors.ruling_judgment(ruling=ruling, viewer=request.user),
        "opinions": list(ruling.opinions.all()),
        "cites": list(citation_selectors.ruling_cites(ruling=ruling)),
        # Bounded: a hub ruling is cited tens of thousands of times (bench/README.md); the
        # count and the full graph are linked below the list.
        "cited_by": list(citation_selectors.ruling_cited_by(ruling=ruling)[:CITED_BY_LIMIT]),
        "signal": citation_selectors.ruling_signal(ruling=ruling),
        "cite_fr": french_style(citation),
        "cite_eu": eu_style(citation, request.LANGUAGE_CODE),
    }
    return render(request, "cases/ruling_detail.html", context)


def court_detail(request, slug: str):
    court = selectors.court_get(slug=slug)
    context = {
        "court": court,
        "cases": list(selectors.court_cases(court=court)),
        "rulings": list(selectors.court_rulings(court=court)),
        "hearings": list(selectors.hearing_calendar(court=court)[:20]),
    }
    return render(request, "cases/court_detail.html", context)


def party_detail(request, slug: str):
    party = selectors.party_get(slug=slug)
    context = {
        "party": party,
        "cases": list(selectors.party_cases(party=party)),
        "rulings": list(selectors.party_rulings(party=party)),
        "hearings": list(selectors.hearing_calendar(party=party)[:20]),
    }
    return render(request, "cases/party_detail.html", context)
