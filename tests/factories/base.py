"""What every factory shares: the abstract base and the many-to-many hook."""

import factory


class Factory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        # Post-generation hooks set many-to-many links, which need no second save.
        skip_postgeneration_save = True


def set_many(field_name: str):
    """A post-generation hook filling a many-to-many field from a list passed at creation."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field_name).set(extracted)

    return factory.PostGeneration(hook)
