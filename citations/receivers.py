"""Keep the precomputed citation data (citations.services) right whatever the entry path:
services, admin forms and inlines, history restores, deletes that cascade. Bulk writes
(bulk_create, queryset update) send no signal: their callers refresh once at the end."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from cases.models import Case, Filing, Proceeding, Ruling
from cases.signals import case_publication_changed
from citations import services
from citations.models import Citation

STATS_FIELDS = ("cited_by_count", "cited_by_rulings_count", "cited_by_treatments")


def _stored(instance, *fields):
    """The stored values of `fields` of a row about to be saved (None for a new row)."""
    if instance.pk is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()


def _changed(instance, stored, field: str) -> bool:
    return stored is not None and stored[field] != getattr(instance, field)


@receiver(pre_save, sender=Citation)
def citation_before_save(sender, instance, raw=False, **kwargs):
    instance._stored_cited_id = (_stored(instance, "cited_id") or {}).get("cited_id")
    if not raw:
        instance.citing_date = services.citing_date_of(instance.citing)


@receiver(post_save, sender=Citation)
def citation_saved(sender, instance, **kwargs):
    previous = getattr(instance, "_stored_cited_id", None)
    services.citation_stats_refresh(ruling_ids={instance.cited_id, previous} - {None})
    if Citation.cited.is_cached(instance):
        # The caller's ruling object shows the new counts too (citation_create(cited=...)).
        instance.cited.refresh_from_db(fields=STATS_FIELDS)


@receiver(post_delete, sender=Citation)
def citation_deleted(sender, instance, origin=None, **kwargs):
    # A ruling being deleted takes its incoming citations with it: no count left to keep.
    if isinstance(origin, Ruling) and origin.pk == instance.cited_id:
        return
    services.citation_stats_refresh(ruling_ids=[instance.cited_id])


@receiver(pre_save, sender=Ruling)
def ruling_before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._stored_citing = None
    watched = {"proceeding", "reference", "decided_on"}
    if raw or (update_fields is not None and not watched & set(update_fields)):
        return
    stored = _stored(instance, "proceeding_id", "reference", "decided_on", *STATS_FIELDS)
    instance._stored_citing = stored
    if stored is not None:
        # The counts belong to citation_stats_refresh: an edit made from an older read of the
        # ruling must not write its stale counts back.
        for name in STATS_FIELDS:
            setattr(instance, name, stored[name])


@receiver(post_save, sender=Ruling)
def ruling_saved(sender, instance, **kwargs):
    stored = getattr(instance, "_stored_citing", None)
    if _changed(instance, stored, "decided_on"):
        services.citing_dates_refresh(ruling_ids=[instance.pk])
    # Moved, or made reference case law by a curator: public or not, its citations recount.
    if _changed(instance, stored, "proceeding_id") or _changed(instance, stored, "reference"):
        services.citation_stats_refresh(
            ruling_ids=services.cited_by_items(ruling_ids=[instance.pk])
        )


@receiver(pre_save, sender=Filing)
def filing_before_save(sender, instance, raw=False, **kwargs):
    instance._stored_citing = None if raw else _stored(instance, "proceeding_id", "registered_on")


@receiver(post_save, sender=Filing)
def filing_saved(sender, instance, **kwargs):
    stored = getattr(instance, "_stored_citing", None)
    if _changed(instance, stored, "registered_on"):
        services.citing_dates_refresh(filing_ids=[instance.pk])
    if _changed(instance, stored, "proceeding_id"):
        services.citation_stats_refresh(
            ruling_ids=services.cited_by_items(filing_ids=[instance.pk])
        )


@receiver(m2m_changed, sender=Ruling.joined_proceedings.through)
def ruling_joined_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    # Joined to a public case's proceeding, a ruling becomes public (cases.visibility).
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # From the proceeding's side `pk_set` holds the rulings (None on a clear, which only the
    # proceeding's deletion does: proceeding_deleted recounts then).
    rulings = list(pk_set or ()) if reverse else [instance.pk]
    if rulings:
        services.citation_stats_refresh(ruling_ids=services.cited_by_items(ruling_ids=rulings))


def _cited_by_proceedings(proceeding_ids) -> set[int]:
    rulings = Ruling.objects.filter(
        Q(proceeding__in=proceeding_ids) | Q(joined_proceedings__in=proceeding_ids)
    )
    return services.cited_by_items(
        ruling_ids=rulings.values_list("pk", flat=True).distinct(),
        filing_ids=Filing.objects.filter(proceeding__in=proceeding_ids).values_list(
            "pk", flat=True
        ),
    )


@receiver(pre_save, sender=Proceeding)
def proceeding_before_save(sender, instance, raw=False, **kwargs):
    instance._stored_case = None if raw else _stored(instance, "case_id")


@receiver(post_save, sender=Proceeding)
def proceeding_saved(sender, instance, **kwargs):
    if _changed(instance, getattr(instance, "_stored_case", None), "case_id"):
        services.citation_stats_refresh(ruling_ids=_cited_by_proceedings([instance.pk]))


@receiver(pre_delete, sender=Proceeding)
def proceeding_before_delete(sender, instance, **kwargs):
    # Its rulings stay, detached and unpublished (cases.visibility): what they cite is
    # recounted after.
    instance._cited = _cited_by_proceedings([instance.pk])


@receiver(post_delete, sender=Proceeding)
def proceeding_deleted(sender, instance, **kwargs):
    services.citation_stats_refresh(ruling_ids=getattr(instance, "_cited", ()))


@receiver(case_publication_changed, sender=Case)
def case_publication_moved(sender, case, **kwargs):
    proceedings = Proceeding.objects.filter(case=case).values_list("pk", flat=True)
    services.citation_stats_refresh(ruling_ids=_cited_by_proceedings(proceedings))
