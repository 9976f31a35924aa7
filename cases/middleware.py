"""Records who is looking for the records' `__str__` (cases.viewer): in the admin, a natural
person's name is masked from users who may not see it, wherever the person is named."""

from cases import permissions, viewer


class PartyNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = None

        def lazy_check(party) -> bool:
            # Built on the first natural person named: most requests name none.
            nonlocal check
            if check is None:
                check = permissions.party_name_check(request.user)
            return check(party)

        token = viewer.set_party_name_check(lazy_check)
        try:
            return self.get_response(request)
        finally:
            viewer.reset_party_name_check(token)
