"""`{% timeline_entry entry names show_case %}`: includes/timeline_entry.html, rendered once per
set of inputs and reused (common.memo).

A 300-entry timeline spent ~1 ms per entry in the template (variable resolution, translations,
date formats): each entry's HTML is now kept, in this process, under a key that holds every
input the template reads: the language, who is looking (public, signed in, preview), whether
the case is shown, the entry's kind and date, every stored field of its record, of the records
the template reads beside it (proceeding and court; a ruling's court; a hearing's moves; the
case when shown) and the filing parties' public names as the page gives them (pseudonyms
included). A hit therefore means the same inputs, hence the same HTML: a publication change,
an erased party, an edit by whatever path all change the key. What the timeline lists (drafts
never, for the public) is decided by the selectors before this tag; the tag only renders.
Records with deferred fields are rendered without the memo (their key would be incomplete).
"""

from django import template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from cases.templatetags.casetracker import filed_by_names
from common.memo import Memo, row

register = template.Library()

TEMPLATE = "includes/timeline_entry.html"
# ~1-2 KB of HTML and as much of key each: about 15 MB per worker at most.
ENTRIES = Memo(4000)


def viewer_class(context) -> tuple:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else None
    signed_in = bool(user is not None and user.is_authenticated)
    staff = bool(signed_in and user.is_staff)
    return (signed_in, staff, bool(context.get("is_preview")))


def entry_key(entry, names, show_case: bool, language: str, language_code, viewer) -> tuple | None:
    """Every input of includes/timeline_entry.html for this entry, or None when one of its
    records is partly loaded. Keep in step with the template."""
    obj = entry.obj
    parts = [row(obj)]
    kind = entry.kind
    if kind in ("filing", "hearing"):
        proceeding = entry.proceeding
        parts.append(row(proceeding))
        if proceeding is not None:
            parts.append(row(proceeding.court))
    if kind == "filing" and not show_case:
        parts.append(filed_by_names(obj, names))
    elif kind == "hearing":
        parts.extend(row(move) for move in entry.moves)
    elif kind == "ruling":
        parts.append(row(obj.court))
    if show_case:
        parts.append(row(entry.case))
    if None in parts:
        return None
    return (
        language,
        language_code,
        timezone.get_current_timezone_name(),
        viewer,
        bool(show_case),
        kind,
        entry.date,
        *parts,
    )


@register.simple_tag(takes_context=True)
def timeline_entry(context, entry, names=None, show_case=False):
    language = translation.get_language()
    language_code = context.get("LANGUAGE_CODE")
    # Who is looking: the same for every entry of one rendering.
    viewer = context.render_context.get(ENTRIES)
    if viewer is None:
        viewer = context.render_context[ENTRIES] = viewer_class(context)
    key = entry_key(entry, names, show_case, language, language_code, viewer)
    html = ENTRIES.get(key) if key is not None else None
    if html is None:
        # The include's inputs only: the template reads nothing else of the page's context.
        html = get_template(TEMPLATE).render(
            {
                "entry": entry,
                "names": names,
                "show_case": show_case,
                "LANGUAGE_CODE": language_code,
            }
        )
        if key is not None:
            ENTRIES.set(key, html)
    return mark_safe(html)  # the template's own autoescaped output
