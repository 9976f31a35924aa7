"""django-axes' database handler, storing only what the privacy page says: the user name tried,
the time and the keyed hash of the client (common.clients), never the user agent or the
browser's Accept header, which axes would otherwise keep with every attempt."""

from axes.handlers.database import AxesDatabaseHandler


def _withhold(request) -> None:
    if request is not None:
        # Set by AxesProxyHandler.update_request before any handler method runs.
        request.axes_user_agent = ""
        request.axes_http_accept = ""


class AxesHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        _withhold(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        _withhold(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        _withhold(request)
        return super().user_logged_out(sender, request, user, **kwargs)
