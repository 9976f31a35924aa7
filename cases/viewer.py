"""Who is looking, for the few places that name a record without a request at hand.

`Party.__str__` is used by every admin page that names a party (inlines, autocomplete,
delete confirmations, history, messages). The middleware (cases.middleware) records, for each
request, a check of whether the user may see a natural person's name; outside a request
(commands, the public pages' own rules) nothing is recorded and `__str__` gives the name.
This module imports no model so that the models can use it.
"""

from collections.abc import Callable
from contextvars import ContextVar

_party_name_check: ContextVar[Callable[[object], bool] | None] = ContextVar(
    "party_name_check", default=None
)


def hides_party_name(party) -> bool:
    check = _party_name_check.get()
    return check is not None and not check(party)


def set_party_name_check(check: Callable[[object], bool] | None):
    return _party_name_check.set(check)


def reset_party_name_check(token) -> None:
    _party_name_check.reset(token)
