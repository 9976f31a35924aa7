from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CasetrackerConfig(AppConfig):
    """The project package as an app, only for what sits above the apps and listens to them:
    the page cache (casetracker/pagecache.py) is connected here to their writes and domain
    events, so that no app imports it."""

    name = "casetracker"
    verbose_name = "casetracker"

    def ready(self):
        from cases.signals import parties_erased, ruling_withdrawn
        from casetracker import pagecache
        from interchange.signals import data_imported

        # Every row written to a data app's model, whatever the path (services, admin forms and
        # inlines, many-to-many links, cascades, history restores, the shell): model signals
        # are the one hook every path passes through.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(pagecache.on_write, dispatch_uid=f"pagecache-{signal!r}")
        # The domain events of what writes in bulk (an import's COPY of citations sends no model
        # signal) or must purge (an erasure).
        data_imported.connect(pagecache.on_import, dispatch_uid="pagecache-data-imported")
        parties_erased.connect(pagecache.on_erasure, dispatch_uid="pagecache-parties-erased")
        # A ruling its source withdrew: every stored page that may show it goes at once.
        ruling_withdrawn.connect(pagecache.on_erasure, dispatch_uid="pagecache-ruling-withdrawn")
