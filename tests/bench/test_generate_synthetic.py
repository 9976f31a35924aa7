"""generate_synthetic: deterministic for a seed, realistic shapes, consistent derived data."""

import hashlib
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from cases.models import (
    Case,
    CaseStatusChange,
    Counsel,
    Court,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
    Topic,
)
from citations.models import Citation, citing_public_q

MODELS = [
    Court,
    Topic,
    Party,
    Counsel,
    Case,
    Case.topics.through,
    CaseStatusChange,
    Proceeding,
    ProceedingParty,
    ProceedingParty.counsel.through,
    Filing,
    Hearing,
    HearingChange,
    StatusUpdate,
    Ruling,
    RulingNumber,
    Citation,
]
SIZE = {"cases": 120, "rulings": 400, "citations": 3000}


def generate(seed=7, **size):
    call_command("generate_synthetic", seed=seed, verbosity=0, **(SIZE | size))


def row_hashes() -> dict[str, str]:
    """One hash per table over every column of every row, in id order."""
    hashes = {}
    for model in MODELS:
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
        hashes[model._meta.db_table] = digest.hexdigest()
    return hashes


def hashes_of_a_run(seed: int) -> dict[str, str]:
    """The row hashes after generating with `seed`; the database is then restored as it was
    (a rolled-back savepoint: far faster than deleting every row through the ORM)."""
    with transaction.atomic():
        generate(seed=seed)
        assert Citation.objects.count() == SIZE["citations"]
        hashes = row_hashes()
        transaction.set_rollback(True)
    return hashes


@pytest.mark.slow  # three generator runs
@pytest.mark.django_db
def test_same_seed_into_an_empty_database_gives_identical_rows():
    assert not any(model.objects.exists() for model in MODELS)
    first = hashes_of_a_run(seed=7)
    assert not any(model.objects.exists() for model in MODELS)
    assert hashes_of_a_run(seed=7) == first
    assert hashes_of_a_run(seed=8)["citations_citation"] != first["citations_citation"]


@pytest.mark.django_db
def test_counts_and_shapes():
    generate()
    assert Case.objects.count() == SIZE["cases"]
    assert Ruling.objects.count() == SIZE["rulings"]
    assert Citation.objects.count() == SIZE["citations"]
    # Some drafts, some natural persons, French and English text.
    publications = Counter(Case.objects.values_list("publication", flat=True))
    assert publications["published"] > SIZE["cases"] // 2
    assert publications["draft"] + publications["review"] > 0
    assert Party.objects.filter(kind=Party.Kind.NATURAL_PERSON).exists()
    assert Case.objects.exclude(title_en="").exists()
    assert Case.objects.filter(title_en="").exists()
    # Hearings across courts and years.
    assert Hearing.objects.values("proceeding__court").distinct().count() >= 3
    assert len({d.year for d in Hearing.objects.values_list("date", flat=True)}) >= 5
    # One case with about 300 timeline entries, the others 5 to 20.
    entries = Counter()
    for model, path in (
        (Filing, "proceeding__case"),
        (Hearing, "proceeding__case"),
        (Ruling, "proceeding__case"),
        (StatusUpdate, "case"),
    ):
        for row in (
            model.objects.filter(**{f"{path}__isnull": False}).values(path).annotate(n=Count("pk"))
        ):
            entries[row[path]] += row["n"]
    big = [n for n in entries.values() if n >= 250]
    assert 1 <= len(big) <= SIZE["cases"] // 20
    assert all(n <= 25 for n in entries.values() if n < 250)
    # Skewed citations: the top hub receives far more than the median ruling.
    cited = Counter(Citation.objects.values_list("cited_id", flat=True))
    top = cited.most_common(1)[0][1]
    assert top >= 0.03 * SIZE["citations"]
    assert sorted(cited.values())[len(cited) // 2] < top / 20


@pytest.mark.django_db
def test_derived_data_is_consistent():
    generate()
    # A hearing's sequence counts its changes.
    changes = Counter(HearingChange.objects.values_list("hearing_id", flat=True))
    for pk, sequence in Hearing.objects.values_list("pk", "sequence"):
        assert sequence == changes.get(pk, 0)
    assert changes
    # No ruling cites itself and no pair repeats (constraints hold, checked row by row too).
    pairs = list(Citation.objects.values_list("citing_ruling_id", "cited_id"))
    assert len(pairs) == len(set(pairs))
    assert all(a != b for a, b in pairs)
    # Every ruling has a number; its slug and ECLI pass the model validation.
    assert RulingNumber.objects.count() == Ruling.objects.count()
    for model in (Ruling, Case, Proceeding, Hearing, Party):
        for obj in model.objects.order_by("?")[:20]:
            obj.full_clean(validate_unique=False)
    # The counts stored on rulings are those of the rule (verified public citations only),
    # the synthetic data holding unverified extracted citations as imported data does.
    public = Citation.objects.filter(citing_public_q())
    assert public.filter(verified=False).exists() and public.filter(verified=True).exists()
    verified = Counter(public.filter(verified=True).values_list("cited_id", flat=True))
    edges = Counter(public.filter(citing_ruling__isnull=False).values_list("cited_id", flat=True))
    for pk, count, by_rulings in Ruling.objects.values_list(
        "pk", "cited_by_stats__count", "cited_by_stats__rulings_count"
    ):
        assert (count or 0, by_rulings or 0) == (verified.get(pk, 0), edges.get(pk, 0))
    # The status log ends at the case's status.
    for case in Case.objects.prefetch_related("status_changes")[:50]:
        assert [c.to_status for c in case.status_changes.all()][-1] == case.status


@pytest.mark.django_db
def test_adds_to_existing_data_without_collisions(demo):
    generate(cases=20, rulings=60, citations=200)
    generate(cases=20, rulings=60, citations=200, seed=9)
    assert Case.objects.filter(slug="doctolib-aws").exists()
    assert Court.objects.filter(slug="ce").count() == 1


@pytest.mark.django_db
def test_pages_of_the_big_case_and_the_hub_render(client):
    generate()
    case = Case.objects.public().annotate(n=Count("proceedings__filings")).order_by("-n").first()
    assert client.get(f"/en/cases/{case.slug}/").status_code == 200
    hub = Ruling.objects.annotate(n=Count("incoming_citations")).order_by("-n").first()
    assert hub.n > 50
    response = client.get(f"/en/rulings/{hub.slug}/")
    assert response.status_code == 200
    # The hub's page lists a bounded number of citing items, not all of them.
    assert len(response.context["cited_by"]) == 50
    assert client.get(f"/en/rulings/{hub.slug}/graph/").status_code == 200
