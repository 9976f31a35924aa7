"""Pages of single records: home, case timeline, ruling, court, party."""

from django.shortcuts import redirect, render

from cases import selectors, visibility
from cases.citation_format import CitableRuling, eu_style, french_style, french_style_full
from cases.models import ProceedingParty, Ruling
from cases.views.contributions import contributed_context

HOME_HEARINGS = 10


def home(request):
    context = {
        "cases": selectors.case_latest(limit=10),
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
        "topics": list(case.topics.all()),
        # The case law it relies on (citations/pages.py).
        **contributed_context("case", case=case, proceedings=proceedings),
    }
    return render(request, "cases/case_detail.html", context)


def citable(
    ruling: Ruling, participants, party_names: dict[int, str], *, and_others: bool = False
) -> CitableRuling:
    """The plain values the citation formats need, from a ruling and its proceedings' parties
    (`party_names`: their public names, selectors.ruling_party_names; `and_others`: applicants
    not recorded one by one)."""
    applicants = [
        party_names.get(p.party_id) or visibility.public_party_name(p.party)
        for p in participants
        if p.role == ProceedingParty.Role.APPLICANT
    ]
    return CitableRuling(
        court_short_fr=ruling.court.short_name_fr or ruling.court.name_fr,
        court_country=ruling.court.country,
        kind=ruling.kind,
        decided_on=ruling.decided_on,
        numbers=tuple(n.number for n in ruling.numbers.all()),
        formation_fr=ruling.formation_fr,
        ecli=ruling.ecli or "",
        case_name=ruling.case_name,
        short_name=ruling.short_name,
        applicants=tuple(dict.fromkeys(applicants)),
        and_others=and_others,
    )


def ruling_detail(request, slug: str):
    ruling = selectors.ruling_get_for_page(slug=slug, viewer=request.user)
    proceedings = selectors.ruling_visible_proceedings(ruling=ruling, viewer=request.user)
    participants = selectors.ruling_parties(proceedings=proceedings)
    party_names = selectors.ruling_party_names(proceedings=proceedings)
    citation = citable(
        ruling,
        participants,
        party_names,
        and_others=any(p.other_applicants for p in proceedings),
    )
    context = {
        "ruling": ruling,
        "proceedings": proceedings,
        "is_preview": not ruling.is_public,
        "participants": participants,
        "parties_by_role": selectors.case_parties_by_role(
            participants=participants,
            other_applicants=any(p.other_applicants for p in proceedings),
        ),
        "party_names": party_names,
        "judgment": selectors.ruling_judgment(ruling=ruling, viewer=request.user),
        "opinions": selectors.ruling_opinions(ruling),
        "cite_fr": french_style(citation),
        "cite_fr_full": french_style_full(citation),
        "cite_eu": eu_style(citation, request.LANGUAGE_CODE),
        # What it cites, what cites it, its citator signal (citations/pages.py).
        **contributed_context("ruling", ruling=ruling),
    }
    return render(request, "cases/ruling_detail.html", context)


def court_detail(request, slug: str):
    court = selectors.court_get(slug=slug)
    context = {
        "court": court,
        "cases": list(selectors.court_cases(court=court)),
        "rulings": list(selectors.court_rulings(court=court)),
        "hearings": list(selectors.hearing_schedule(court=court)[:20]),
    }
    return render(request, "cases/court_detail.html", context)


def party_detail(request, slug: str):
    party = selectors.party_get(slug=slug)
    context = {
        "party": party,
        "cases": list(selectors.party_cases(party=party)),
        "rulings": list(selectors.party_rulings(party=party)),
        "hearings": list(selectors.hearing_schedule(parties=[party])[:20]),
    }
    return render(request, "cases/party_detail.html", context)
