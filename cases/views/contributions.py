"""What other apps add to the public pages of cases, without cases importing them.

An app registers, in its AppConfig.ready, a function for a page; the page's view merges what
each function returns into the template context. The citations app so adds "cites", "cited by"
and the citator signal to the ruling page, and the case law a case relies on to the case page
(citations/pages.py). A page whose contributors are not installed shows none of that.
"""

from collections.abc import Callable

# Page name to its contributors, each called with the page's keyword arguments:
# "case" (case, proceedings), "ruling" (ruling).
_CONTRIBUTORS: dict[str, list[Callable[..., dict]]] = {"case": [], "ruling": []}


def contribute(page: str, function: Callable[..., dict]) -> None:
    """Add `function`'s context to `page` (once, however often ready() runs)."""
    if function not in _CONTRIBUTORS[page]:
        _CONTRIBUTORS[page].append(function)


def contributed_context(page: str, **kwargs) -> dict:
    context: dict = {}
    for function in _CONTRIBUTORS[page]:
        context.update(function(**kwargs))
    return context
