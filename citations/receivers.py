"""Keep the precomputed citation data (citations.services) right: the services of cases send
domain events (cases.signals) with the row as it was before the write, and the citations app
recounts what the change moves. Model signals are kept only for cascades, which no service
sees (docs/citations.md). Bulk writes send nothing: their callers refresh once at the end."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver

from cases.models import Case, Filing, Proceeding, Ruling
from cases.signals import case_publication_changed, record_saved
from citations import services
from citations.models import Citation


def _moved(instance, previous, *fields: str) -> bool:
    """Whether an existing record changed one of `fields` (a new one cites nothing yet)."""
    return previous is not None and any(
        getattr(previous, name) != getattr(instance, name) for name in fields
    )


@receiver(record_saved, sender=Citation)
def citation_saved(sender, instance, previous, **kwargs):
    moved_from = previous.cited_id if previous is not None else None
    written = services.recount({instance.cited_id, moved_from})
    if Citation.cited.is_cached(instance):
        # The caller's ruling object shows the new counts too (citation_create(cited=...)).
        for stats in written:
            if stats.ruling_id == instance.cited_id:
                instance.cited.cited_by_stats = stats


@receiver(record_saved, sender=Ruling)
def ruling_saved(sender, instance, previous, **kwargs):
    if _moved(instance, previous, "decided_on"):
        services.citing_date_follow(instance)
    # Moved, made reference case law by a curator or withdrawn by its source: public or not,
    # its citations recount.
    if _moved(instance, previous, "proceeding_id", "reference", "withdrawn_at"):
        services.recount(services.cited_by_items(ruling_ids=[instance.pk]))


@receiver(record_saved, sender=Filing)
def filing_saved(sender, instance, previous, **kwargs):
    if _moved(instance, previous, "registered_on"):
        services.citing_date_follow(instance)
    if _moved(instance, previous, "proceeding_id"):
        services.recount(services.cited_by_items(filing_ids=[instance.pk]))


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


@receiver(record_saved, sender=Proceeding)
def proceeding_saved(sender, instance, previous, **kwargs):
    if _moved(instance, previous, "case_id"):
        services.recount(_cited_by_proceedings([instance.pk]))


@receiver(case_publication_changed, sender=Case)
def case_publication_moved(sender, case, **kwargs):
    proceedings = Proceeding.objects.filter(case=case).values_list("pk", flat=True)
    services.recount(_cited_by_proceedings(proceedings))


# Cascades: model signals, the one hook Django's deletion collector calls for each row it
# deletes, whatever started the delete (a service, the admin, a case deleted with its
# proceedings, a queryset).


@receiver(post_delete, sender=Citation)
def citation_deleted(sender, instance, origin=None, **kwargs):
    # Deleted itself, or with its citing ruling, filing, proceeding or case.
    if isinstance(origin, Ruling) and origin.pk == instance.cited_id:
        return  # the cited ruling is being deleted: no count left to keep
    services.recount([instance.cited_id])


@receiver(pre_delete, sender=Proceeding)
def proceeding_before_delete(sender, instance, **kwargs):
    # Deleted itself or with its case: its rulings stay, detached and unpublished
    # (cases.visibility), by a SET NULL that sends no signal; what they cite recounts after.
    instance._cited = _cited_by_proceedings([instance.pk])


@receiver(post_delete, sender=Proceeding)
def proceeding_deleted(sender, instance, **kwargs):
    services.recount(getattr(instance, "_cited", ()))
