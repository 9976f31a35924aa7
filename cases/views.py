"""Public pages of cases, rulings, courts and parties. Thin: reads come from selectors."""

from django.shortcuts import redirect, render

from cases import selectors
from cases.models import Case


def home(request):
    context = {
        "cases": selectors.case_list(viewer=None)[:20],
        "hearings": selectors.hearing_upcoming(),
        "rulings": selectors.ruling_latest(),
    }
    return render(request, "cases/home.html", context)


def case_detail(request, slug: str):
    try:
        case = selectors.case_get(slug=slug, viewer=request.user)
    except selectors.CaseMoved as moved:
        return redirect(moved.case, permanent=True)
    participants = selectors.case_participants(case=case)
    context = {
        "case": case,
        "is_preview": not case.is_public,
        "participants": participants,
        "party_names": selectors.case_party_names(case=case, participants=participants),
        "proceedings": selectors.case_proceedings(case=case),
    }
    return render(request, "cases/case_detail.html", context)


def ruling_detail(request, slug: str):
    ruling = selectors.ruling_get(slug=slug)
    return render(request, "cases/ruling_detail.html", {"ruling": ruling})


def court_detail(request, slug: str):
    court = selectors.court_get(slug=slug)
    return render(request, "cases/court_detail.html", {"court": court})


def party_detail(request, slug: str):
    party = selectors.party_get(slug=slug)
    cases = Case.objects.public().filter(proceedings__participants__party=party).distinct()
    return render(request, "cases/party_detail.html", {"party": party, "cases": cases})
