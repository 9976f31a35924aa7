"""API errors as JSON, never HTML."""

import logging

from django.http import JsonResponse
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """Every error as JSON: {"status": 429, "message": "...", "detail": ...}; never HTML."""
    response = drf_exception_handler(exc, context)
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
