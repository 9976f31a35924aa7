"""Domain events of the interchange app, for whoever keeps a copy of the data (the project's
page cache), so that this app never imports them."""

from django.dispatch import Signal

# Sent inside the import's transaction once a document was imported (not on a dry run, nor
# when it is rolled back for problems). The bulk paths (COPY of citations) send no model
# signal: a listener that must see every write acts on this event, once the import commits.
data_imported = Signal()
