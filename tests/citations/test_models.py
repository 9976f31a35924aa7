"""Citation integrity: no self-citation, exactly one citing item, one link per pair; enforced by
the database and reported by full_clean and citation_create."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from citations.models import Citation
from citations.services import citation_create
from tests.factories import CitationFactory, FilingFactory, RulingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def assert_db_refuses(save) -> None:
    before = Citation.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        save()
    assert Citation.objects.count() == before


def assert_create_refused(message: str, **kwargs) -> None:
    before = Citation.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        citation_create(**kwargs)
    assert message in excinfo.value.messages
    assert Citation.objects.count() == before


# No self-citation -------------------------------------------------------------------------


def test_a_ruling_cannot_cite_itself():
    ruling = RulingFactory()

    assert_create_refused("A ruling cannot cite itself.", citing=ruling, cited=ruling)


def test_database_refuses_a_self_citation():
    ruling = RulingFactory()

    assert_db_refuses(lambda: CitationFactory(citing_ruling=ruling, cited=ruling))


# Exactly one citing item ------------------------------------------------------------------


def test_full_clean_refuses_a_citation_from_both_a_ruling_and_a_filing():
    citation = CitationFactory.build(
        citing_ruling=RulingFactory(), citing_filing=FilingFactory(), cited=RulingFactory()
    )

    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()

    assert "A citation comes from one ruling or one filing." in excinfo.value.messages


def test_full_clean_refuses_a_citation_from_nothing():
    citation = CitationFactory.build(citing_ruling=None, citing_filing=None, cited=RulingFactory())

    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()

    assert "A citation comes from one ruling or one filing." in excinfo.value.messages


@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
def test_database_refuses_a_citation_without_exactly_one_citing_item(both):
    ruling, filing, cited = RulingFactory(), FilingFactory(), RulingFactory()

    assert_db_refuses(
        lambda: CitationFactory(
            citing_ruling=ruling if both else None,
            citing_filing=filing if both else None,
            cited=cited,
        )
    )


def test_a_filing_may_cite_a_ruling():
    filing, cited = FilingFactory(), RulingFactory()

    citation = citation_create(citing=filing, cited=cited, treatment=Citation.Treatment.APPLIES)

    assert (citation.citing_filing, citation.citing_ruling, citation.cited) == (filing, None, cited)
    assert citation.citing == filing


# One link per pair ------------------------------------------------------------------------


def test_a_ruling_cites_another_ruling_only_once():
    citing, cited = RulingFactory(), RulingFactory()
    citation_create(citing=citing, cited=cited, treatment=Citation.Treatment.APPLIES)

    assert_create_refused(
        "This ruling already cites that ruling.",
        citing=citing,
        cited=cited,
        treatment=Citation.Treatment.FOLLOWS,
    )
    assert Citation.objects.get().treatment == Citation.Treatment.APPLIES


def test_a_filing_cites_a_ruling_only_once():
    filing, cited = FilingFactory(), RulingFactory()
    citation_create(citing=filing, cited=cited)

    assert_create_refused("This filing already cites that ruling.", citing=filing, cited=cited)


def test_database_refuses_a_second_link_between_the_same_pair():
    first = CitationFactory()

    assert_db_refuses(lambda: CitationFactory(citing_ruling=first.citing_ruling, cited=first.cited))


def test_database_refuses_a_filing_citing_the_same_ruling_twice():
    first = CitationFactory(citing_ruling=None, citing_filing=FilingFactory())

    assert_db_refuses(
        lambda: CitationFactory(
            citing_ruling=None, citing_filing=first.citing_filing, cited=first.cited
        )
    )


def test_the_same_ruling_may_be_cited_by_many_and_cite_many():
    schrems_2, schrems_1 = RulingFactory(), RulingFactory()
    doctolib, health_data_hub = RulingFactory(), RulingFactory()
    application = FilingFactory()

    for citing in (doctolib, health_data_hub, application):
        citation_create(citing=citing, cited=schrems_2)
    citation_create(citing=schrems_2, cited=schrems_1)
    citation_create(citing=doctolib, cited=schrems_1)

    assert schrems_2.incoming_citations.count() == 3
    assert doctolib.outgoing_citations.count() == 2
    assert Citation.objects.count() == 5


def test_citation_create_records_treatment_and_origin():
    citation = citation_create(
        citing=RulingFactory(),
        cited=RulingFactory(),
        treatment=Citation.Treatment.DISTINGUISHES,
        pinpoint="§ 184-185",
        origin=Citation.Origin.EXTRACTED,
    )

    saved = Citation.objects.get(pk=citation.pk)
    assert saved.treatment == Citation.Treatment.DISTINGUISHES
    assert saved.pinpoint == "§ 184-185"
    assert saved.origin == Citation.Origin.EXTRACTED
    assert saved.verified is False


def test_citation_create_refuses_an_unknown_treatment_and_writes_nothing():
    before = Citation.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        citation_create(citing=RulingFactory(), cited=RulingFactory(), treatment="ignores")

    assert "treatment" in excinfo.value.message_dict
    assert Citation.objects.count() == before


def test_database_refuses_an_unknown_treatment():
    citation = CitationFactory()

    assert_db_refuses(lambda: Citation.objects.filter(pk=citation.pk).update(treatment="ignores"))
    citation.refresh_from_db()
    assert citation.treatment == Citation.Treatment.CITES
