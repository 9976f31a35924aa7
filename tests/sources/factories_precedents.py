import factory

from sources.models import FetchRequest, UnresolvedCitation
from tests import factories


class UnresolvedCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnresolvedCitation

    citing = factory.SubFactory(factories.RulingFactory)
    key = "TC n° 4333"
    court = "TC"
    number = "4333"
    text = "Cf. TC, 10 février 2025, Ville de Paris c/ DRFIP d'Ile-de-France et de Paris, n° 4333"
    found_in = "dila-jade"


class FetchRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FetchRequest

    source = "cjeu-cellar"
    identifier = "62011FJ0050"
