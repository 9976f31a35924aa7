"""API errors as JSON, never HTML."""

import logging

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.outage import DATABASE_DOWN, RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """Every error as JSON: {"status": 429, "message": "...", "detail": ...}; never HTML."""
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, DATABASE_DOWN):
        # An outage, not a bug: 503 and "try again" (as the HTML pages), one log line.
        logger.error("database unavailable: %s", type(exc).__name__)
        response = Response(
            {"status": 503, "message": "Service temporarily unavailable; try again later."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        add_never_cache_headers(response)
        return response
    if response is None:
        logger.exception("API error", exc_info=exc)
        return Response(
            {"status": 500, "message": "Internal error."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = response.data
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        message = str(detail["detail"])
    elif response.status_code == 400:
        message = "Invalid request; see detail."
    else:
        message = str(detail)
    response.data = {"status": response.status_code, "message": message, "detail": detail}
    return response


def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in JSON too."""
    return JsonResponse({"status": 404, "message": "Not found."}, status=404)
