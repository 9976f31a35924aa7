"""The floor view and a query counter, mounted only by bench/settings.py and bench/urls.py."""

from django.db import connections
from django.http import HttpResponse


def floor(request):
    """The framework floor: a constant answer through the whole middleware stack."""
    response = HttpResponse(b"floor\n", content_type="text/plain")
    # Never stored by the page cache: the floor is what every request pays, cache look-up included.
    response["Cache-Control"] = "no-store"
    return response


class QueryCountMiddleware:
    """Counts the database queries of each request (every connection) into X-Bench-Queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [conn.execute_wrapper(counter) for conn in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Bench-Queries"] = str(count[0])
        return response
