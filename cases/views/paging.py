"""Pagination that never counts a whole large table.

Django's Paginator counts every matching row to number the pages: at 100,000 cases that
COUNT is most of a list page's time. BoundedPaginator counts at most `limit` rows past the
start (or past the page asked for, for deep pages), through a LIMITed subquery, and says
when there are more (`truncated`): the page then shows "more than 1,000 cases".
"""

import math

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from cases.views.common import PAGE_SIZE, BadInput

COUNT_LIMIT = 1000


class BoundedPaginator(Paginator):
    def __init__(
        self,
        object_list,
        per_page: int,
        *,
        number: int,
        limit: int = COUNT_LIMIT,
        counted: tuple[int, int] | None = None,
    ):
        """`counted`: (rows, bound) a caller already counted on the same rows, at most
        bound + 1 of them (the case list's facets walk the first rows anyway): taken as the
        count when that bound is this page's, so that the rows are not walked twice."""
        super().__init__(object_list, per_page)
        # Deep pages count past themselves so that their own rows and the next link exist.
        self.bound = max(limit, number * per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        """Rows counted, at most `bound + 1`: one more than the bound means "more"."""
        if self.counted is not None and self.counted[1] == self.bound:
            return self.counted[0]
        return self.object_list[: self.bound + 1].count()

    @property
    def truncated(self) -> bool:
        return self.count > self.bound

    @property
    def pages_label(self) -> str:
        """Number of pages for "page 3 of 40+"."""
        if self.truncated:
            return f"{math.ceil(self.bound / self.per_page)}+"
        return str(self.num_pages)


def paginate_bounded(
    request, object_list, per_page: int = PAGE_SIZE, *, counted: tuple[int, int] | None = None
) -> Page:
    """The page named by ?page= (1 when absent), counting at most COUNT_LIMIT rows beyond the
    start (or taking `counted`, see BoundedPaginator); BadInput for anything but an existing
    page."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise BadInput(_("“%(page)s” is not a page number.") % {"page": raw[:20]})
    number = int(raw)
    paginator = BoundedPaginator(
        object_list, per_page, number=number, limit=COUNT_LIMIT, counted=counted
    )
    if number > 1 and number > paginator.num_pages:
        raise BadInput(
            _("There is no page %(page)d: the last page is %(last)d.")
            % {"page": number, "last": paginator.num_pages}
        )
    return paginator.page(number)
