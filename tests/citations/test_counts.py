"""The citation data stored for pages (citations.services): each ruling's public cited-by
counts and each citation's citing date stay equal to what the rows say, whatever the path."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases import services as case_services
from cases.models import Case, Ruling
from citations import services
from citations.models import Citation, CitedByStats, citing_public_q, stats_of
from tests import factories as f

pytestmark = pytest.mark.django_db


def computed(ruling: Ruling) -> tuple[int, int, dict]:
    """The counts as a page computing them from the rows would find them: verified public
    citations, and public citing rulings verified or not (the graph's edges)."""
    public = Citation.objects.filter(citing_public_q(), cited=ruling)
    verified = public.filter(verified=True)
    treatments = {}
    for treatment in verified.values_list("treatment", flat=True):
        treatments[treatment] = treatments.get(treatment, 0) + 1
    return verified.count(), public.filter(citing_ruling__isnull=False).count(), treatments


def stored(ruling: Ruling) -> tuple[int, int, dict]:
    ruling.refresh_from_db()
    return stats_of(ruling).count, stats_of(ruling).rulings_count, stats_of(ruling).treatments


def assert_exact(ruling: Ruling, expected_count: int) -> None:
    assert stored(ruling) == computed(ruling)
    assert stats_of(ruling).count == expected_count


def published_ruling(**kwargs) -> Ruling:
    return f.RulingFactory(proceeding=f.ProceedingFactory(case=f.CaseFactory()), **kwargs)


def draft_ruling(**kwargs) -> Ruling:
    return f.RulingFactory(proceeding=f.ProceedingFactory(case=f.draft_case()), **kwargs)


def test_creates_treatment_changes_and_deletes_keep_the_counts_exact():
    cited = f.RulingFactory()
    first = services.citation_create(
        citing=f.RulingFactory(), cited=cited, treatment="follows", verified=True
    )
    services.citation_create(citing=f.RulingFactory(), cited=cited, verified=True)
    assert_exact(cited, 2)
    assert stats_of(cited).treatments == {"cites": 1, "follows": 1}
    first.treatment = Citation.Treatment.OVERRULES
    case_services.record_save(instance=first)
    assert stored(cited)[2] == {"cites": 1, "overrules": 1}
    case_services.record_delete(instance=first)
    assert_exact(cited, 1)
    assert Citation.objects.filter(cited=cited).count() == 1


def test_a_citation_moved_to_another_ruling_recounts_both():
    before, after = f.RulingFactory(), f.RulingFactory()
    citation = services.citation_create(citing=f.RulingFactory(), cited=before, verified=True)
    citation.cited = after
    case_services.record_save(instance=citation)
    assert_exact(before, 0)
    assert_exact(after, 1)


def test_citations_from_a_draft_case_are_never_counted():
    cited = f.RulingFactory()
    services.citation_create(citing=draft_ruling(), cited=cited, verified=True)
    draft_filing = f.FilingFactory(proceeding=f.ProceedingFactory(case=f.draft_case()))
    services.citation_create(citing=draft_filing, cited=cited, verified=True)
    assert_exact(cited, 0)
    assert stats_of(cited).treatments == {}
    assert Citation.objects.filter(cited=cited).count() == 2


def test_publishing_and_unpublishing_the_citing_case_recounts(admin_user):
    cited = f.RulingFactory()
    citing = draft_ruling()
    services.citation_create(citing=citing, cited=cited, verified=True)
    f.FilingFactory(proceeding=citing.proceeding)
    services.citation_create(
        citing=citing.proceeding.filings.get(), cited=cited, treatment="applies", verified=True
    )
    case = citing.proceeding.case
    case_services.case_publish(case=case, by=None)
    assert_exact(cited, 2)
    assert stats_of(cited).rulings_count == 1
    case_services.case_return_to_draft(case=case, by=None)
    assert_exact(cited, 0)
    case_services.case_set_publication(cases=[case], publication=Case.Publication.ARCHIVED)
    assert_exact(cited, 2)


def test_a_case_saved_with_a_new_publication_recounts():
    cited = f.RulingFactory()
    citing = draft_ruling()
    services.citation_create(citing=citing, cited=cited, verified=True)
    case = Case.objects.get(pk=citing.proceeding.case_id)
    case.publication = Case.Publication.PUBLISHED
    case_services.case_save(case=case)
    assert_exact(cited, 1)


def test_a_ruling_moved_into_a_draft_case_stops_counting_and_its_date_follows():
    cited = f.RulingFactory()
    citing = published_ruling(decided_on=dt.date(2020, 5, 1))
    citation = services.citation_create(citing=citing, cited=cited, verified=True)
    assert Citation.objects.get(pk=citation.pk).citing_date == dt.date(2020, 5, 1)
    citing.proceeding = f.ProceedingFactory(case=f.draft_case())
    citing.decided_on = dt.date(2022, 3, 4)
    case_services.ruling_save(ruling=citing)
    assert_exact(cited, 0)
    assert Citation.objects.get(pk=citation.pk).citing_date == dt.date(2022, 3, 4)


def test_a_filing_moved_or_redated_keeps_its_citations_right():
    cited = f.RulingFactory()
    filing = f.FilingFactory(registered_on=dt.date(2021, 1, 1))
    citation = services.citation_create(citing=filing, cited=cited, verified=True)
    assert Citation.objects.get(pk=citation.pk).citing_date == dt.date(2021, 1, 1)
    filing.registered_on = dt.date(2021, 6, 30)
    filing.proceeding = f.ProceedingFactory(case=f.draft_case())
    case_services.record_save(instance=filing)
    assert Citation.objects.get(pk=citation.pk).citing_date == dt.date(2021, 6, 30)
    assert_exact(cited, 0)


def test_deleting_the_citing_ruling_or_the_cited_one_keeps_counts_right():
    cited, other = f.RulingFactory(), f.RulingFactory()
    citing = f.RulingFactory()
    services.citation_create(citing=citing, cited=cited, verified=True)
    services.citation_create(citing=citing, cited=other, verified=True)
    services.citation_create(citing=other, cited=cited, verified=True)
    case_services.record_delete(instance=citing)
    assert_exact(cited, 1)
    assert_exact(other, 0)
    case_services.record_delete(instance=cited)
    assert_exact(other, 0)
    assert not Citation.objects.exists()


def test_deleting_a_draft_case_leaves_its_rulings_unpublished_and_uncounted():
    # Deleting never publishes (docs/visibility.md); the detached ruling counts once a curator
    # makes it reference case law.
    cited = f.RulingFactory()
    citing = draft_ruling()
    services.citation_create(citing=citing, cited=cited, verified=True)
    assert_exact(cited, 0)
    citing.proceeding.case.delete()
    citing.refresh_from_db()
    assert citing.proceeding_id is None  # the ruling stays, attached to no case
    assert not citing.reference
    assert_exact(cited, 0)
    citing.reference = True
    case_services.ruling_save(ruling=citing)
    assert_exact(cited, 1)


def test_deleting_a_public_case_uncounts_its_rulings_citations():
    cited = f.RulingFactory()
    citing = published_ruling()
    services.citation_create(citing=citing, cited=cited, verified=True)
    assert_exact(cited, 1)
    citing.proceeding.case.delete()
    assert_exact(cited, 0)


def test_an_edit_from_an_older_read_does_not_write_stale_counts():
    cited = f.RulingFactory()
    stale = Ruling.objects.get(pk=cited.pk)
    services.citation_create(citing=f.RulingFactory(), cited=cited, verified=True)
    stale.short_name = "Renamed"
    case_services.ruling_save(ruling=stale)
    assert_exact(cited, 1)


def test_treatment_changed_in_the_admin_is_counted(admin_client):
    cited = f.RulingFactory()
    citation = services.citation_create(citing=f.RulingFactory(), cited=cited, verified=True)
    url = reverse("admin:citations_citation_change", args=[citation.pk])
    data = {
        "citing_ruling": citation.citing_ruling_id,
        "citing_filing": "",
        "cited": cited.pk,
        "treatment": "questions",
        "pinpoint": "",
        "quote": "",
        "origin": "manual",
        "verified": "on",
        "version": citation.version,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert stored(cited)[2] == {"questions": 1}


def test_deleted_in_the_admin_is_no_longer_counted(admin_client):
    cited = f.RulingFactory()
    citation = services.citation_create(citing=f.RulingFactory(), cited=cited, verified=True)
    url = reverse("admin:citations_citation_delete", args=[citation.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert_exact(cited, 0)


def test_refresh_is_idempotent_and_handles_many_rulings_at_once():
    rulings = [f.RulingFactory() for _ in range(5)]
    citing = f.RulingFactory()
    Citation.objects.bulk_create(
        Citation(citing_ruling=citing, cited=r, verified=True) for r in rulings
    )
    assert services.citation_stats_refresh(ruling_ids=[r.pk for r in rulings]) == 5
    services.citation_stats_refresh(ruling_ids=[r.pk for r in rulings])
    for ruling in rulings:
        assert_exact(ruling, 1)


def test_recount_command_repairs_bulk_writes_and_dry_run_writes_nothing(capsys):
    cited = f.RulingFactory()
    citing = f.RulingFactory(decided_on=dt.date(2019, 9, 9))
    Citation.objects.bulk_create([Citation(citing_ruling=citing, cited=cited, verified=True)])
    call_command("recount_citations", "--dry-run")
    assert "1 ruling(s) would change" in capsys.readouterr().out
    assert stored(cited) == (0, 0, {})
    call_command("recount_citations")
    assert_exact(cited, 1)
    assert Citation.objects.get().citing_date == dt.date(2019, 9, 9)
    CitedByStats.objects.filter(ruling=cited).update(count=7)
    call_command("recount_citations", verbosity=0)
    assert_exact(cited, 1)
