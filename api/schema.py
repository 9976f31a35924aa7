"""OpenAPI generation: drf-spectacular's AutoSchema plus the error answers every operation may
give, so that clients (and schemathesis) find them documented. Errors are JSON from
api.errors.exception_handler: {"status": 404, "message": "...", "detail": ...}."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    message = serializers.CharField(help_text="What went wrong, in one sentence.")
    detail = serializers.JSONField(
        required=False,
        help_text="Details: for a 400, the invalid parameters and their errors.",
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "A parameter is not valid (a filter value, a malformed ECLI); `detail` names it.",
    "404": "No such record, or an invalid pagination cursor.",
    "429": "Too many requests from this address; retry after the `Retry-After` seconds.",
}


class AutoSchema(SpectacularAutoSchema):
    """Documents 400 (list filters and lookups that validate their input), 404 and 429."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["404", "429"]
        if self._is_list_view() or getattr(self.view, "action", None) == "ecli":
            codes.insert(0, "400")
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERRORS[code]
                responses[code] = response
        return responses
